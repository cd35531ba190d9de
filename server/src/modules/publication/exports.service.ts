/**
 * The spreadsheets of exports.ts filled from the API's own results: the month's ledger, a round's
 * result (with its explanation lines) and the year's unit assessment (60/30/10).
 */
import type { AnnualResult, QuarterlyResult, RoundResult } from '@liangdian/shared';
import { LedgerEntryEntity, RoundEntity, UnitEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AppServices } from '../../services';
import { toLedgerView } from '../ledger/ledger-view';
import { yearAssessment } from '../rounds/assessment.service';
import type { RoundsService } from '../rounds/rounds.service';
import { periodLabelOf } from './bulletin-model';
import { assessmentWorkbook, ledgerWorkbook, roundResultsWorkbook, type LedgerExportRow, type RoundResultExportRow } from './exports';

export interface ExportFile {
  filename: string;
  bytes: Buffer;
}

export async function ledgerExport(s: AppServices, month: string): Promise<ExportFile> {
  const m = s.db.manager;
  const entries = await m.getRepository(LedgerEntryEntity).find({ where: { month }, relations: { unit: true }, order: { id: 'ASC' } });
  const rows: LedgerExportRow[] = [];
  for (const e of entries) {
    const v = await toLedgerView(m, e, []);
    rows.push({
      entryId: v.id,
      title: v.title,
      unitName: v.unit?.name ?? null,
      category: v.category,
      summary: v.summary,
      status: v.status,
      sources: v.sources.map((x) => ({ kind: x.kind, unitName: x.unitName, authorName: x.authorName, link: x.link })),
      inspection: v.inspection && { inspectorName: v.inspection.inspectorName, visitedAt: v.inspection.visitedAt, verdict: v.inspection.verdict, findings: v.inspection.findings, reason: v.inspection.reason },
      createdAt: v.createdAt,
    });
  }
  return { filename: `${periodLabelOf(month)}亮点工作台账.xlsx`, bytes: await ledgerWorkbook(month, rows) };
}

const texts = (steps: readonly { text: string }[]) => steps.map((x) => x.text);

/** A round's result; an open round has none yet (409), as GET /rounds/:id/result says. */
export async function roundExport(s: AppServices, rounds: RoundsService, id: number): Promise<ExportFile> {
  const r = await s.db.manager.getRepository(RoundEntity).findOneBy({ id });
  if (!r) throw new AppError('NOT_FOUND', '评选不存在');
  if (r.status === 'open') throw new AppError('INVALID_STATE', '评选尚未结束，不能导出结果');
  const result = await rounds.result(id);
  let rows: RoundResultExportRow[];
  if (r.kind === 'monthlyVote') {
    rows = (result as RoundResult).rows.map((x) => ({
      entryId: x.entryId,
      title: x.title,
      unitName: x.unitName,
      rank: x.rank,
      votes: x.votes,
      selected: x.selected,
      explanation: [`领导小组投票得${x.votes}票，排第${x.rank}名`, x.selected ? '入选月度亮点工作' : '未入选'],
    }));
  } else if (r.kind === 'quarterlyScore') {
    rows = (result as QuarterlyResult).rows.map((x) => ({ entryId: x.entryId, title: x.title, unitName: x.unitName, rank: x.rank, status: x.status, score: x.score, sheets: x.sheets, explanation: texts(x.explanation) }));
  } else {
    rows = (result as AnnualResult).rows.map((x) => ({
      entryId: x.entryId,
      title: x.title,
      unitName: x.unitName,
      rank: x.rank,
      status: x.status,
      committee: x.committee,
      public: x.public,
      committeePoints: x.committeePoints,
      publicPoints: x.publicPoints,
      score: x.score,
      explanation: texts(x.explanation),
    }));
  }
  if (r.decisionReason) rows = rows.map((x) => ({ ...x, explanation: [...x.explanation, `并列由亮点办决定：${r.decisionReason}`] }));
  const bytes = await roundResultsWorkbook({ kind: r.kind, title: r.title, month: r.period, status: r.status }, rows);
  return { filename: `${r.title}结果.xlsx`, bytes };
}

export async function assessmentExport(s: AppServices, year: string): Promise<ExportFile> {
  const a = await yearAssessment(s, year);
  const names = new Map((await s.db.manager.getRepository(UnitEntity).find()).map((u) => [u.id, u.name]));
  const rows = a.rows.map((r) => ({ rank: r.rank, unitName: names.get(r.unitId) ?? '', levels: r.levels, score: r.score, explanation: texts(r.explanation) }));
  return { filename: `${year}年度单位亮点工作量化考核.xlsx`, bytes: await assessmentWorkbook(year, rows, texts(a.explanation)) };
}
