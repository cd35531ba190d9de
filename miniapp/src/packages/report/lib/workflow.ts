import type { Report } from '@liangdian/shared';

/** The office acts on signed-off unit reports and on submitted recommendations (which skip the unit head). */
export function awaitsOffice(report: Pick<Report, 'kind' | 'status'>): boolean {
  return report.kind === 'recommendation' ? report.status === 'submitted' : report.status === 'signedOff';
}
