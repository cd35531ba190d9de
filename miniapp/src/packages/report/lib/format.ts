/**
 * Dates as the county reads them (Asia/Shanghai, UTC+8 without daylight saving), computed with a fixed
 * offset: the weapp runtime lacks parts of Intl, and the phone's own zone must not matter.
 */
import { addMonths, type MonthKey, type QuotaStatus, type ReportKind } from '@liangdian/shared';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const pad = (n: number) => String(n).padStart(2, '0');

function shanghaiParts(iso: string): { y: number; m: number; d: number; h: number; mi: number; s: number } | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const local = new Date(t + SHANGHAI_OFFSET_MS);
  return {
    y: local.getUTCFullYear(),
    m: local.getUTCMonth() + 1,
    d: local.getUTCDate(),
    h: local.getUTCHours(),
    mi: local.getUTCMinutes(),
    s: local.getUTCSeconds(),
  };
}

/** `2026-11-23 14:05`, or '—' for no or an unreadable time. */
export function formatDateTime(iso: string | null | undefined): string {
  const p = iso ? shanghaiParts(iso) : null;
  return p ? `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}` : '—';
}

/** A window's close as the call text says it: `11月20日24时` (23:59:59 is the end of that day). */
export function formatDeadline(iso: string): string {
  const p = shanghaiParts(iso);
  if (!p) return iso;
  if (p.h === 23 && p.mi === 59) return `${p.m}月${p.d}日24时`;
  return `${p.m}月${p.d}日${pad(p.h)}:${pad(p.mi)}`;
}

/** `2026-11` → `2026年11月`. */
export function formatMonth(month: MonthKey | null | undefined): string {
  if (!month) return '未计入月份';
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** The current month and the `count - 1` before it, newest first. */
export function recentMonths(current: MonthKey, count: number): MonthKey[] {
  return Array.from({ length: count }, (_, i) => addMonths(current, -i));
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatPlace(latitude: number | null | undefined, longitude: number | null | undefined, accuracy?: number | null): string {
  if (latitude === null || latitude === undefined || longitude === null || longitude === undefined) return '无位置';
  const acc = accuracy === null || accuracy === undefined ? '' : `（精度约${Math.round(accuracy)}米）`;
  return `北纬${latitude.toFixed(5)}，东经${longitude.toFixed(5)}${acc}`;
}

export function formatMeters(meters: number): string {
  return meters >= 1000 ? `${(meters / 1000).toFixed(1)}公里` : `${Math.round(meters)}米`;
}

export const KIND_LABELS: Record<ReportKind, string> = { report: '单位申报', recommendation: '领导推荐' };

/** 第2、3项 from free = 1, max = 3; '' when every item is free. */
function reasonSlots(free: number, max: number): string {
  const slots: number[] = [];
  for (let n = free + 1; n <= max; n++) slots.push(n);
  return slots.length ? `第${slots.join('、')}项` : '';
}

/** The early quota line: how many are used, which ones need a reason, and when the window closes. */
export function quotaText(q: QuotaStatus): string {
  const deadline = `本期截止时间：${formatDeadline(q.closesAt)}`;
  if (q.kind === 'recommendation') {
    return `${formatMonth(q.month)}已推荐 ${q.used}/${q.max} 项，每项须写推荐理由。${deadline}`;
  }
  const slots = reasonSlots(q.free, q.max);
  return `${formatMonth(q.month)}本单位已申报 ${q.used}/${q.max} 项${slots ? `，${slots}须写申报理由` : ''}。${deadline}`;
}
