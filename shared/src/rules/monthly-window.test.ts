import { addMonths, isWithinWindow, monthlyWindow, submissionMonth } from './monthly-window';

// Instants are written in Shanghai time (+08:00) so each edge reads as the rule states it.
const at = (iso: string) => new Date(iso);

describe('submissionMonth (cut-off the 20th 23:59:59 Asia/Shanghai)', () => {
  it('keeps the 20th 23:59:59 in the month and moves the 21st 00:00 to the next', () => {
    expect(submissionMonth(at('2026-08-20T23:59:59+08:00'))).toBe('2026-08');
    expect(submissionMonth(at('2026-08-20T23:59:59.999+08:00'))).toBe('2026-08');
    expect(submissionMonth(at('2026-08-21T00:00:00+08:00'))).toBe('2026-09');
  });

  it('rolls December after the cut-off into January of the next year', () => {
    expect(submissionMonth(at('2026-12-20T23:59:59+08:00'))).toBe('2026-12');
    expect(submissionMonth(at('2026-12-21T00:00:00+08:00'))).toBe('2027-01');
    expect(submissionMonth(at('2026-12-31T23:59:59+08:00'))).toBe('2027-01');
    expect(submissionMonth(at('2027-01-01T00:00:00+08:00'))).toBe('2027-01');
  });

  it('judges by Shanghai time whatever the host runs in (a server in UTC)', () => {
    // 2026-08-20 16:00 UTC is already the 21st 00:00 in Shanghai.
    expect(submissionMonth(at('2026-08-20T15:59:59Z'))).toBe('2026-08');
    expect(submissionMonth(at('2026-08-20T16:00:00Z'))).toBe('2026-09');
    // The 1st of a month in UTC can still be the 1st in Shanghai, well inside the window.
    expect(submissionMonth(at('2026-09-30T20:00:00Z'))).toBe('2026-10');
  });

  it('counts holidays like any other day (National Day, Spring Festival)', () => {
    expect(submissionMonth(at('2026-10-01T10:00:00+08:00'))).toBe('2026-10');
    expect(submissionMonth(at('2027-02-06T10:00:00+08:00'))).toBe('2027-02');
  });

  it('follows a configured cut-off day and refuses impossible ones', () => {
    expect(submissionMonth(at('2026-08-25T12:00:00+08:00'), { cutoffDay: 25 })).toBe('2026-08');
    expect(submissionMonth(at('2026-08-26T00:00:00+08:00'), { cutoffDay: 25 })).toBe('2026-09');
    expect(() => submissionMonth(new Date(), { cutoffDay: 31 })).toThrow(RangeError);
    expect(() => submissionMonth(new Date(), { cutoffDay: 0 })).toThrow(RangeError);
  });
});

describe('monthlyWindow', () => {
  it('opens the day after the previous close and closes the 20th 23:59:59', () => {
    const w = monthlyWindow('2027-01');
    expect(w.opensAt.toISOString()).toBe('2026-12-20T16:00:00.000Z'); // 2026-12-21 00:00 +08:00
    expect(w.closesAt.toISOString()).toBe('2027-01-20T15:59:59.000Z'); // 2027-01-20 23:59:59 +08:00
  });

  it('leaves no gap and no overlap between consecutive windows', () => {
    for (const month of ['2026-01', '2026-02', '2026-11', '2026-12']) {
      const next = monthlyWindow(addMonths(month, 1));
      expect(next.opensAt.getTime() - monthlyWindow(month).closesAt.getTime()).toBe(1000);
    }
  });

  it('agrees with submissionMonth at both ends', () => {
    const w = monthlyWindow('2026-03');
    expect(isWithinWindow('2026-03', w.opensAt)).toBe(true);
    expect(isWithinWindow('2026-03', w.closesAt)).toBe(true);
    expect(isWithinWindow('2026-03', new Date(w.opensAt.getTime() - 1))).toBe(false);
    expect(isWithinWindow('2026-03', new Date(w.closesAt.getTime() + 1000))).toBe(false);
  });

  it('rejects malformed months', () => {
    expect(() => monthlyWindow('2026-13')).toThrow(RangeError);
    expect(() => addMonths('26-1', 1)).toThrow(RangeError);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });
});
