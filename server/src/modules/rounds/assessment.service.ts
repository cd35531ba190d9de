import { ASSESSMENT_LEVELS, unitAssessment, type AssessmentLevel, type UnitAssessment } from '@liangdian/shared';
import { In } from 'typeorm';
import { LedgerEntryEntity, RoundEntity, RoundEntryEntity, UnitEntity } from '../../db/entities';
import type { AppServices } from '../../services';
import { toUnitView } from '../units/units.service';

const KIND_OF: Record<AssessmentLevel, RoundEntity['kind']> = { annual: 'annualVote', quarterly: 'quarterlyScore', monthly: 'monthlyVote' };

/** Rounds of a year at one level, by their period: `YYYY`, `YYYY-Qn` or `YYYY-MM`. */
const periodsOf = (level: AssessmentLevel, year: string) =>
  level === 'annual' ? [year] : level === 'quarterly' ? [1, 2, 3, 4].map((q) => `${year}-Q${q}`) : Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/**
 * The units' quantitative assessment of a year (domain.md step 9): how many of each unit's works
 * each closed round of the year selected, fed to the engine (60/30/10 with per-level max
 * normalisation). An item selected at several levels counts at each of them, as the seed's weights
 * reward reaching the higher level on top of the lower one.
 */
export async function yearAssessment(s: AppServices, year: string): Promise<UnitAssessment & { units: ReturnType<typeof toUnitView>[] }> {
  const m = s.db.manager;
  const counts = new Map<number, Record<AssessmentLevel, number>>();
  for (const level of ASSESSMENT_LEVELS) {
    const rounds = await m.getRepository(RoundEntity).findBy({ kind: KIND_OF[level], period: In(periodsOf(level, year)), status: 'closed' });
    if (!rounds.length) continue;
    const selected = await m.getRepository(RoundEntryEntity).findBy({ roundId: In(rounds.map((r) => r.id)), selected: true });
    const entries = selected.length ? await m.getRepository(LedgerEntryEntity).findBy({ id: In(selected.map((x) => x.entryId)) }) : [];
    const unitOf = new Map(entries.map((e) => [e.id, e.unitId]));
    for (const x of selected) {
      const unitId = unitOf.get(x.entryId);
      if (unitId == null) continue;
      const c = counts.get(unitId) ?? { annual: 0, quarterly: 0, monthly: 0 };
      c[level] += 1;
      counts.set(unitId, c);
    }
  }
  const units = await m.getRepository(UnitEntity).find({ order: { code: 'ASC' } });
  const result = unitAssessment(units.map((u) => ({ unitId: u.id, ...(counts.get(u.id) ?? { annual: 0, quarterly: 0, monthly: 0 }) })));
  return { ...result, units: units.map(toUnitView) };
}
