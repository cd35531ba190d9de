/**
 * Spreadsheets the office files and forwards: the month's ledger, a round's results and the year's
 * unit assessment. Rows are plain data shaped like the API's own results (ledger entries, round
 * results, `unitAssessment` rows), so a caller maps field for field; every ranked row carries its
 * explanation lines, because a figure in a file that leaves the system must still show its inputs.
 */
import ExcelJS from 'exceljs';
import {
  type AssessmentLevel,
  type Category,
  type LedgerStatus,
  type ReportKind,
  ASSESSMENT_LEVELS,
  CATEGORY_LABELS,
  DEFAULT_ASSESSMENT_WEIGHTS,
  LEDGER_LINK_LABELS,
  LEDGER_STATUS_LABELS,
} from '@liangdian/shared';
import { periodLabelOf } from './bulletin-model';

/** A score as the ranking engine shows it. */
export interface ScoreLike {
  exact: string;
  display: string;
}

export interface LedgerExportRow {
  entryId: number;
  title: string;
  unitName: string | null;
  category: Category | null;
  summary: string;
  status: LedgerStatus;
  sources: readonly { kind: ReportKind; unitName: string | null; authorName: string; link: keyof typeof LEDGER_LINK_LABELS }[];
  inspection: { inspectorName: string; visitedAt: string; verdict: 'pass' | 'reject'; findings: string; reason: string | null } | null;
  createdAt: string;
}

export type RoundExportKind = 'monthlyVote' | 'quarterlyScore' | 'annualVote';

export interface RoundExportInfo {
  kind: RoundExportKind;
  title: string;
  /** The period: `YYYY-MM`, `YYYY-Qn` or `YYYY`. */
  month: string;
  status: 'open' | 'tie' | 'closed';
}

export interface RoundResultExportRow {
  entryId: number;
  title: string;
  unitName: string | null;
  rank: number | null;
  /** The result's status (selected, notSelected, tie, out, unscored); monthly results give `selected` instead. */
  status?: string;
  selected?: boolean;
  /** Monthly: the leading group's votes. */
  votes?: number;
  /** Quarterly: the trimmed mean; annual: the combined score. */
  score?: ScoreLike | null;
  /** Quarterly: the assessors' sheets. */
  sheets?: readonly unknown[];
  /** Annual: committee and public votes and the points each earned. */
  committee?: number;
  public?: number;
  committeePoints?: ScoreLike;
  publicPoints?: ScoreLike;
  explanation: readonly string[];
}

export interface AssessmentExportRow {
  rank: number;
  unitName: string;
  levels: readonly { level: AssessmentLevel; count: number; max: number; share: ScoreLike; weight: number; points: ScoreLike }[];
  score: ScoreLike;
  explanation: readonly string[];
}

type Cell = string | number | null;
interface Column {
  header: string;
  width: number;
  wrap?: boolean;
  center?: boolean;
  numFmt?: string;
}

/** Excel refuses a cell of more than 32,767 characters. */
const CELL_MAX = 32_767;
const cellText = (s: string) => (s.length > CELL_MAX ? `${s.slice(0, CELL_MAX - 1)}…` : s);
const num = (v: ScoreLike | null | undefined): number | null => (v ? Number(v.display) : null);

const TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
/** An ISO instant as Beijing time, 2018-09-05 14:30. */
const shanghaiTime = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : TIME.format(d);
};

async function workbook(sheetName: string, title: string, columns: Column[], rows: Cell[][], notes: readonly string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '亮点工作评选';
  const ws = wb.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
  });
  // exceljs does not write a width equal to its default (9), which Excel then shows as 8.43.
  ws.columns = columns.map((c) => ({ width: c.width === 9 ? 9.01 : c.width }));
  const n = columns.length;
  ws.mergeCells(1, 1, 1, n);
  const head = ws.getCell(1, 1);
  head.value = title;
  head.font = { bold: true, size: 16 };
  head.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 32;

  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  const header = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
    cell.border = border;
  });
  rows.forEach((values, r) => {
    const row = ws.getRow(r + 3);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const v = values[i] ?? null;
      cell.value = typeof v === 'string' ? cellText(v) : v;
      cell.alignment = { vertical: 'top', wrapText: !!c.wrap, horizontal: c.center ? 'center' : undefined };
      if (c.numFmt && typeof v === 'number') cell.numFmt = c.numFmt;
      cell.border = border;
    });
  });
  if (rows.length) ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + rows.length, column: n } };
  notes.forEach((text, i) => {
    const r = rows.length + 4 + i;
    ws.mergeCells(r, 1, r, n);
    const cell = ws.getCell(r, 1);
    cell.value = cellText(text);
    cell.alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const SOURCE_KIND: Record<ReportKind, string> = { report: '单位申报', recommendation: '领导推荐' };

export function ledgerWorkbook(month: string, rows: readonly LedgerExportRow[]): Promise<Buffer> {
  const columns: Column[] = [
    { header: '序号', width: 6, center: true },
    { header: '台账编号', width: 10, center: true },
    { header: '亮点工作名称', width: 32, wrap: true },
    { header: '单位', width: 18, wrap: true },
    { header: '类别', width: 16, wrap: true },
    { header: '亮点简介', width: 60, wrap: true },
    { header: '来源', width: 34, wrap: true },
    { header: '状态', width: 14, wrap: true },
    { header: '现场核查', width: 44, wrap: true },
    { header: '登记时间', width: 17 },
  ];
  const data = rows.map((r, i): Cell[] => [
    i + 1,
    r.entryId,
    r.title,
    r.unitName ?? '',
    r.category ? CATEGORY_LABELS[r.category] : '',
    r.summary,
    r.sources.map((s) => [SOURCE_KIND[s.kind], s.unitName, s.authorName, LEDGER_LINK_LABELS[s.link]].filter(Boolean).join('·')).join('\n'),
    LEDGER_STATUS_LABELS[r.status],
    r.inspection
      ? [
          `${r.inspection.inspectorName}，${shanghaiTime(r.inspection.visitedAt)}，${r.inspection.verdict === 'pass' ? '通过' : '未通过'}`,
          r.inspection.findings,
          r.inspection.reason ? `理由：${r.inspection.reason}` : '',
        ].filter(Boolean).join('\n')
      : '',
    shanghaiTime(r.createdAt),
  ]);
  return workbook('台账', `${periodLabelOf(month)}全县亮点工作台账`, columns, data);
}

const RESULT_LABELS: Record<string, string> = { selected: '入选', notSelected: '未入选', out: '未入选', tie: '并列，待亮点办决定', unscored: '未评分' };
const resultOf = (r: RoundResultExportRow) => (r.status ? RESULT_LABELS[r.status] ?? r.status : r.selected ? '入选' : '未入选');

export function roundResultsWorkbook(round: RoundExportInfo, rows: readonly RoundResultExportRow[]): Promise<Buffer> {
  const lead: Column[] = [
    { header: '名次', width: 6, center: true },
    { header: '亮点工作名称', width: 34, wrap: true },
    { header: '单位', width: 18, wrap: true },
  ];
  const tail: Column[] = [
    { header: '结果', width: 12, wrap: true },
    { header: '说明', width: 64, wrap: true },
  ];
  const points = { width: 12, numFmt: '0.00', center: true };
  const figures: Record<RoundExportKind, [Column[], (r: RoundResultExportRow) => Cell[]]> = {
    monthlyVote: [[{ header: '得票', width: 8, center: true }], (r) => [r.votes ?? null]],
    quarterlyScore: [
      [{ header: '评分人数', width: 10, center: true }, { header: '得分', ...points }],
      (r) => [r.sheets?.length ?? null, num(r.score)],
    ],
    annualVote: [
      [
        { header: '委员票', width: 10, center: true },
        { header: '委员投票得分', ...points },
        { header: '网络票', width: 10, center: true },
        { header: '网络投票得分', ...points },
        { header: '综合得分', ...points },
      ],
      (r) => [r.committee ?? null, num(r.committeePoints), r.public ?? null, num(r.publicPoints), num(r.score)],
    ],
  };
  const [cols, cellsOf] = figures[round.kind];
  const data = rows.map((r): Cell[] => [r.rank, r.title, r.unitName ?? '', ...cellsOf(r), resultOf(r), r.explanation.join('\n')]);
  const state = round.status === 'closed' ? '' : round.status === 'tie' ? '（票数并列，待亮点办决定）' : '（评选进行中）';
  return workbook('评选结果', `${round.title}结果${state}`, [...lead, ...cols, ...tail], data);
}

const LEVEL_SHORT: Record<AssessmentLevel, string> = { annual: '年度十大', quarterly: '季度十大', monthly: '月度亮点' };

/**
 * `notes` go under the table: the whole ranking's explanation (`unitAssessment(...).explanation`),
 * so the file states its weights and normalisation.
 */
export function assessmentWorkbook(year: string, rows: readonly AssessmentExportRow[], notes: readonly string[] = []): Promise<Buffer> {
  const weightOf = (l: AssessmentLevel) => rows[0]?.levels.find((x) => x.level === l)?.weight ?? DEFAULT_ASSESSMENT_WEIGHTS[l];
  const columns: Column[] = [
    { header: '名次', width: 6, center: true },
    { header: '单位', width: 20, wrap: true },
    ...ASSESSMENT_LEVELS.flatMap((l): Column[] => [
      { header: `${LEVEL_SHORT[l]}（项）`, width: 10, center: true },
      { header: `${LEVEL_SHORT[l]}最多（项）`, width: 10, center: true },
      { header: `${LEVEL_SHORT[l]}折算`, width: 10, center: true, numFmt: '0.0000' },
      { header: `${LEVEL_SHORT[l]}得分（权重${weightOf(l)}）`, width: 12, center: true, numFmt: '0.00' },
    ]),
    { header: '合计', width: 10, center: true, numFmt: '0.00' },
    { header: '说明', width: 60, wrap: true },
  ];
  const data = rows.map((r): Cell[] => [
    r.rank,
    r.unitName,
    ...ASSESSMENT_LEVELS.flatMap((l): Cell[] => {
      const x = r.levels.find((v) => v.level === l);
      return x ? [x.count, x.max, num(x.share), num(x.points)] : [null, null, null, null];
    }),
    num(r.score),
    r.explanation.join('\n'),
  ]);
  return workbook('量化考核', `${year}年度单位亮点工作量化考核`, columns, data, notes);
}
