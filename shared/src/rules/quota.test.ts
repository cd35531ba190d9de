import { leaderQuotaDecision, unitQuotaDecision } from './quota';

describe('unit quota (1 in principle, 2nd and 3rd with a reason, never a 4th)', () => {
  it('lets the first item through without a reason', () => {
    expect(unitQuotaDecision(0, null)).toEqual({ ok: true, slot: 1, reasonRequired: false });
  });
  it('asks a reason for the 2nd and the 3rd', () => {
    expect(unitQuotaDecision(1, '')).toMatchObject({ ok: false, code: 'QUOTA_REASON_REQUIRED', slot: 2 });
    expect(unitQuotaDecision(1, '   ')).toMatchObject({ ok: false, code: 'QUOTA_REASON_REQUIRED' });
    expect(unitQuotaDecision(1, '防汛救灾成效突出')).toEqual({ ok: true, slot: 2, reasonRequired: true });
    expect(unitQuotaDecision(2, '理由')).toEqual({ ok: true, slot: 3, reasonRequired: true });
  });
  it('never allows a 4th, reason or not', () => {
    const d = unitQuotaDecision(3, '很重要');
    expect(d).toMatchObject({ ok: false, code: 'QUOTA_EXCEEDED', slot: 4 });
    expect(!d.ok && d.message).toContain('最多3项');
  });
  it('follows the settings', () => {
    expect(unitQuotaDecision(1, null, { unitFree: 2, unitMax: 4, leaderMax: 5 })).toMatchObject({ ok: true, reasonRequired: false });
    expect(unitQuotaDecision(4, 'r', { unitFree: 2, unitMax: 4, leaderMax: 5 })).toMatchObject({ ok: false, code: 'QUOTA_EXCEEDED' });
  });
});

describe('leader quota (at most 5 a month)', () => {
  it('allows the 5th and refuses the 6th', () => {
    expect(leaderQuotaDecision(4)).toMatchObject({ ok: true, slot: 5 });
    expect(leaderQuotaDecision(5)).toMatchObject({ ok: false, code: 'QUOTA_EXCEEDED', slot: 6 });
  });
});
