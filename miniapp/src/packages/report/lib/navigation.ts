import Taro from '@tarojs/taro';
import type { ReportKind } from '@liangdian/shared';

export const REPORT_PAGES = {
  edit: '/packages/report/pages/edit/index',
  mine: '/packages/report/pages/mine/index',
  signOff: '/packages/report/pages/sign-off/index',
  inbox: '/packages/report/pages/inbox/index',
} as const;

export function editUrl(target: { id: number } | { kind: ReportKind }): string {
  return 'id' in target ? `${REPORT_PAGES.edit}?id=${target.id}` : `${REPORT_PAGES.edit}?kind=${target.kind}`;
}

export function mineUrl(kind: ReportKind): string {
  return `${REPORT_PAGES.mine}?kind=${kind}`;
}

/** Back to the list when we came from it (it refreshes on show), else to a fresh one. */
export function goToMine(kind: ReportKind): void {
  const pages = Taro.getCurrentPages();
  const previous = pages.length > 1 ? pages[pages.length - 2] : null;
  if (previous?.route && `/${previous.route.replace(/^\//, '')}`.startsWith(REPORT_PAGES.mine)) {
    void Taro.navigateBack();
  } else {
    void Taro.redirectTo({ url: mineUrl(kind) });
  }
}
