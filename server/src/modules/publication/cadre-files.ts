/**
 * Cadre files (干部干事档案, domain.md step 9): every work a closed round selects is recorded for the
 * cadres named on it — the authors of the work's source reports and recommendations — with the
 * level, the period and the day. Written in the round's closing transaction, so a file never misses
 * a result and never holds one of a round that did not close; unique per cadre × work × level.
 */
import type { CadreFile, CadreRecord } from '@liangdian/shared';
import { In, type EntityManager } from 'typeorm';
import { CadreRecordEntity, LedgerEntryEntity, LedgerSourceEntity, ReportEntity, RoundEntryEntity, UserEntity, type RoundEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { LEVEL_OF } from './bulletin-items';
import { periodLabelOf } from './bulletin-model';

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Records the round's selected works in their cadres' files; call inside the transaction that closes it. */
export async function recordCadreFiles(m: EntityManager, round: RoundEntity, closedAt: Date): Promise<number> {
  const selected = await m.getRepository(RoundEntryEntity).findBy({ roundId: round.id, selected: true });
  if (!selected.length) return 0;
  const rankOf = new Map(selected.map((x) => [x.entryId, x.rank]));
  const sources = await m.getRepository(LedgerSourceEntity).findBy({ entryId: In(selected.map((x) => x.entryId)) });
  const reports = sources.length ? await m.getRepository(ReportEntity).findBy({ id: In(sources.map((x) => x.reportId)) }) : [];
  const authorOf = new Map(reports.map((r) => [r.id, r.authorId]));
  const level = LEVEL_OF[round.kind];
  const wanted = new Map<string, { userId: number; entryId: number }>();
  for (const s of sources) {
    const userId = authorOf.get(s.reportId);
    if (userId != null) wanted.set(`${userId}/${s.entryId}`, { userId, entryId: s.entryId });
  }
  if (!wanted.size) return 0;
  const have = new Set(
    (await m.getRepository(CadreRecordEntity).findBy({ level, entryId: In([...new Set([...wanted.values()].map((w) => w.entryId))]) })).map((r) => `${r.userId}/${r.entryId}`),
  );
  const rows = [...wanted.entries()]
    .filter(([key]) => !have.has(key))
    .map(([, w]) => ({ ...w, roundId: round.id, level, period: round.period, rank: rankOf.get(w.entryId) ?? null, recordedOn: DAY.format(closedAt) }));
  if (rows.length) await m.insert(CadreRecordEntity, rows);
  return rows.length;
}

/** A cadre's own file, or any user's for the office. */
export async function cadreFile(s: AppServices, u: AuthUser, userId: number): Promise<CadreFile> {
  if (userId !== u.id && !u.roles.includes('office')) throw new AppError('FORBIDDEN', '只能查看本人的干部干事档案');
  const m = s.db.manager;
  const user = await m.getRepository(UserEntity).findOne({ where: { id: userId }, relations: { unit: true } });
  if (!user) throw new AppError('NOT_FOUND', '用户不存在');
  const rows = await m.getRepository(CadreRecordEntity).find({ where: { userId }, order: { recordedOn: 'DESC', id: 'DESC' } });
  const entries = new Map(
    (rows.length ? await m.getRepository(LedgerEntryEntity).find({ where: { id: In([...new Set(rows.map((r) => r.entryId))]) }, relations: { unit: true } }) : []).map((e) => [e.id, e]),
  );
  const records: CadreRecord[] = rows.map((r) => ({
    id: r.id,
    level: r.level,
    period: r.period,
    periodLabel: periodLabelOf(r.period),
    roundId: r.roundId,
    entryId: r.entryId,
    title: entries.get(r.entryId)?.title ?? '',
    unitName: entries.get(r.entryId)?.unit?.name ?? null,
    rank: r.rank,
    date: r.recordedOn,
  }));
  const count = (l: CadreRecord['level']) => records.filter((r) => r.level === l).length;
  return {
    user: { id: user.id, name: user.name, unitName: user.unit?.name ?? null },
    counts: { monthly: count('monthly'), quarterly: count('quarterly'), annual: count('annual') },
    records,
  };
}
