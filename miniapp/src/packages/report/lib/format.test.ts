import { formatDateTime, formatDeadline, formatMonth, quotaText, recentMonths } from './format';

describe('format', () => {
  it('shows times in Shanghai whatever the zone of the string', () => {
    expect(formatDateTime('2026-11-23T06:05:00.000Z')).toBe('2026-11-23 14:05');
    expect(formatDateTime('2026-11-23T14:05:00+08:00')).toBe('2026-11-23 14:05');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('says a 23:59:59 close as 24时 of that day', () => {
    expect(formatDeadline('2026-11-20T15:59:59.000Z')).toBe('11月20日24时');
    expect(formatDeadline('2026-11-20T04:00:00.000Z')).toBe('11月20日12:00');
  });

  it('lists recent months across a year', () => {
    expect(recentMonths('2027-02', 3)).toEqual(['2027-02', '2027-01', '2026-12']);
    expect(formatMonth('2026-03')).toBe('2026年3月');
  });

  it('writes the quota line for units and leaders', () => {
    const closesAt = '2026-11-20T15:59:59.000Z';
    expect(quotaText({ month: '2026-11', closesAt, kind: 'report', used: 1, free: 1, max: 3 })).toBe(
      '2026年11月本单位已申报 1/3 项，第2、3项须写申报理由。本期截止时间：11月20日24时',
    );
    expect(quotaText({ month: '2026-11', closesAt, kind: 'recommendation', used: 2, free: 5, max: 5 })).toBe(
      '2026年11月已推荐 2/5 项，每项须写推荐理由。本期截止时间：11月20日24时',
    );
  });
});
