import type { AnnualResult, BulletinLevelName, QuarterlyResult, RoundResult } from '@liangdian/shared';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { EvidenceEntity, LedgerEntryEntity, LedgerSourceEntity, type BulletinItemSnapshot, type RoundEntity } from '../../db/entities';

/** Evidence photos shown per item: the article must stay under WeChat's 20,000 characters and the .docx readable. */
export const PHOTOS_PER_ITEM = 2;

export const LEVEL_OF: Record<RoundEntity['kind'], BulletinLevelName> = { monthlyVote: 'monthly', quarterlyScore: 'quarterly', annualVote: 'annual' };

type AnyResult = RoundResult | QuarterlyResult | AnnualResult;

/** The selected rows of a closed round's result, in rank order, with the figure the bulletin names. */
function selectedRows(kind: RoundEntity['kind'], result: AnyResult): { entryId: number; rank: number; figures: string }[] {
  if (kind === 'monthlyVote') {
    return (result as RoundResult).rows.filter((r) => r.selected).map((r) => ({ entryId: r.entryId, rank: r.rank, figures: `得票 ${r.votes}` }));
  }
  if (kind === 'quarterlyScore') {
    return (result as QuarterlyResult).rows
      .filter((r) => r.status === 'selected')
      .map((r) => ({ entryId: r.entryId, rank: r.rank ?? 0, figures: r.score ? `平均分 ${r.score.display}` : '' }));
  }
  return (result as AnnualResult).rows.filter((r) => r.status === 'selected').map((r) => ({ entryId: r.entryId, rank: r.rank, figures: `综合得分 ${r.score.display}` }));
}

/**
 * The bulletin's items, frozen when it is drawn up: the round's selected works with their unit,
 * summary, figure and the ids of a few evidence photos (the sources' field photos, then the
 * inspector's on-site photos), so what the office previewed is what is published.
 */
export async function bulletinItems(m: EntityManager, round: RoundEntity, result: AnyResult): Promise<BulletinItemSnapshot[]> {
  const rows = selectedRows(round.kind, result).sort((a, b) => a.rank - b.rank || a.entryId - b.entryId);
  if (!rows.length) return [];
  const ids = rows.map((r) => r.entryId);
  const entries = new Map((await m.getRepository(LedgerEntryEntity).find({ where: { id: In(ids) }, relations: { unit: true } })).map((e) => [e.id, e]));
  const sources = await m.getRepository(LedgerSourceEntity).findBy({ entryId: In(ids) });
  const reportIds = sources.map((s) => s.reportId);
  const photos = await m.getRepository(EvidenceEntity).find({
    where: [
      ...(reportIds.length ? [{ kind: 'photo' as const, reportId: In(reportIds), previewKey: Not(IsNull()) }] : []),
      { kind: 'photo' as const, ledgerEntryId: In(ids), previewKey: Not(IsNull()) },
    ],
    order: { id: 'ASC' },
  });
  const entryOfReport = new Map(sources.map((s) => [s.reportId, s.entryId]));
  const photoIds = (entryId: number) => {
    const fromSources = photos.filter((p) => p.reportId !== null && entryOfReport.get(p.reportId) === entryId);
    const onSite = photos.filter((p) => p.ledgerEntryId === entryId);
    return [...fromSources, ...onSite].slice(0, PHOTOS_PER_ITEM).map((p) => p.id);
  };
  return rows.map((r) => {
    const e = entries.get(r.entryId);
    return {
      rank: r.rank,
      entryId: r.entryId,
      title: e?.title ?? '',
      unitName: e?.unit?.name ?? '',
      summary: e?.summary ?? '',
      figures: r.figures || null,
      photoIds: photoIds(r.entryId),
    };
  });
}
