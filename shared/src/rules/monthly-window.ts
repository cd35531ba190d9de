/**
 * The monthly call (domain.md step 1, seed 000): submissions for month M close on the cut-off day of
 * M at 23:59:59 Asia/Shanghai, holidays included, and the window for M+1 opens the next day at 00:00.
 *
 * Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact and
 * keeps this rule free of the host's time zone and of Intl (which the weapp runtime lacks in part).
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface MonthlyWindowSettings {
  /** Day of month on which the window closes at 23:59:59 (default 20). 1–28 so every month has it. */
  cutoffDay: number;
}

export const DEFAULT_MONTHLY_WINDOW: MonthlyWindowSettings = { cutoffDay: 20 };

/** A month as `YYYY-MM`. */
export type MonthKey = string;

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonthKey(value: string): value is MonthKey {
  return MONTH_KEY.test(value);
}

function parseMonth(month: MonthKey): { year: number; month: number } {
  const m = MONTH_KEY.exec(month);
  if (!m) throw new RangeError(`not a month key: ${month}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function formatMonth(year: number, month: number): MonthKey {
  // Date.UTC normalises month overflow (13 → January of the next year).
  const d = new Date(Date.UTC(year, month - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function addMonths(month: MonthKey, delta: number): MonthKey {
  const { year, month: m } = parseMonth(month);
  return formatMonth(year, m + delta);
}

function checkSettings(settings: MonthlyWindowSettings): void {
  const d = settings.cutoffDay;
  if (!Number.isInteger(d) || d < 1 || d > 28) throw new RangeError(`cutoffDay must be 1–28, got ${d}`);
}

/** The month whose window contains `instant`. */
export function submissionMonth(
  instant: Date,
  settings: MonthlyWindowSettings = DEFAULT_MONTHLY_WINDOW,
): MonthKey {
  checkSettings(settings);
  const local = new Date(instant.getTime() + SHANGHAI_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  return local.getUTCDate() <= settings.cutoffDay ? formatMonth(year, month) : formatMonth(year, month + 1);
}

export interface MonthlyWindow {
  month: MonthKey;
  /** First instant of the window (the day after the previous cut-off, 00:00:00 Shanghai). */
  opensAt: Date;
  /** Last second of the window (the cut-off day, 23:59:59 Shanghai); the window includes it. */
  closesAt: Date;
}

function shanghaiInstant(year: number, month: number, day: number, h: number, mi: number, s: number): Date {
  return new Date(Date.UTC(year, month - 1, day, h, mi, s) - SHANGHAI_OFFSET_MS);
}

export function monthlyWindow(
  month: MonthKey,
  settings: MonthlyWindowSettings = DEFAULT_MONTHLY_WINDOW,
): MonthlyWindow {
  checkSettings(settings);
  const { year, month: m } = parseMonth(month);
  return {
    month,
    opensAt: shanghaiInstant(year, m - 1, settings.cutoffDay + 1, 0, 0, 0),
    closesAt: shanghaiInstant(year, m, settings.cutoffDay, 23, 59, 59),
  };
}

/** True while `instant` still falls inside `month`'s window. */
export function isWithinWindow(
  month: MonthKey,
  instant: Date,
  settings: MonthlyWindowSettings = DEFAULT_MONTHLY_WINDOW,
): boolean {
  return submissionMonth(instant, settings) === month;
}
