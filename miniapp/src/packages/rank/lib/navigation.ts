export const RANK_PAGES = {
  score: '/packages/rank/pages/score/index',
  rankings: '/packages/rank/pages/rankings/index',
  ranking: '/packages/rank/pages/ranking/index',
  assessment: '/packages/rank/pages/assessment/index',
} as const;

export const scoreUrl = (roundId: number) => `${RANK_PAGES.score}?roundId=${roundId}`;
export const rankingUrl = (roundId: number) => `${RANK_PAGES.ranking}?roundId=${roundId}`;
export const assessmentUrl = (year: number | string) => `${RANK_PAGES.assessment}?year=${year}`;

/** `2018-Q3` → `2018年第三季度`; a month `2018-08` → `2018年8月`. */
export function formatPeriod(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}年第${'一二三四'[Number(q[2]) - 1]}季度`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[1]}年${Number(m[2])}月` : period;
}
