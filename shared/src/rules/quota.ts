/**
 * Monthly quotas of seed 000 (domain.md step 1): a unit reports 1 item in principle and at most 3,
 * the 2nd and 3rd each with a written reason; each group leader recommends at most 5 a month. The
 * same function warns early in the mini-program and decides on the server (which counts under a
 * lock, so the count it passes in is exact).
 */
export interface QuotaSettings {
  /** Items a unit may report without a reason (default 1). */
  unitFree: number;
  /** Items a unit may report at all (default 3). */
  unitMax: number;
  /** Recommendations per group leader (default 5). */
  leaderMax: number;
}

export const DEFAULT_QUOTAS: QuotaSettings = { unitFree: 1, unitMax: 3, leaderMax: 5 };

export type QuotaDecision =
  | { ok: true; slot: number; reasonRequired: boolean }
  | { ok: false; code: 'QUOTA_EXCEEDED' | 'QUOTA_REASON_REQUIRED'; message: string; slot: number };

/** May a unit that already holds `used` items this month submit one more, with or without a reason? */
export function unitQuotaDecision(used: number, reason: string | null | undefined, q: QuotaSettings = DEFAULT_QUOTAS): QuotaDecision {
  const slot = used + 1;
  if (slot > q.unitMax) {
    return { ok: false, code: 'QUOTA_EXCEEDED', slot, message: `本单位本月已申报${used}项，每月最多${q.unitMax}项` };
  }
  const reasonRequired = slot > q.unitFree;
  if (reasonRequired && !reason?.trim()) {
    return { ok: false, code: 'QUOTA_REASON_REQUIRED', slot, message: `本月第${slot}项申报须填写申报理由（原则上每单位每月${q.unitFree}项）` };
  }
  return { ok: true, slot, reasonRequired };
}

/** May a group leader who already recommended `used` items this month recommend one more? */
export function leaderQuotaDecision(used: number, q: QuotaSettings = DEFAULT_QUOTAS): QuotaDecision {
  const slot = used + 1;
  if (slot > q.leaderMax) {
    return { ok: false, code: 'QUOTA_EXCEEDED', slot, message: `您本月已推荐${used}项，每月最多推荐${q.leaderMax}项` };
  }
  return { ok: true, slot, reasonRequired: true };
}
