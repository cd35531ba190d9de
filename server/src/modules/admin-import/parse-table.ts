import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../http/app-error';

/** A sheet as header → cell text, with the spreadsheet's own row numbers (header = row 1). */
export interface Table {
  headers: string[];
  rows: { row: number; cells: Record<string, string> }[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
export const MAX_IMPORT_ROWS = 5000;

/**
 * Decides by content, not by name: an .xlsx is a zip; anything else must be text. Excel on Chinese
 * Windows saves CSV as GB18030, so text that is not valid UTF-8 is decoded as GB18030.
 */
export async function parseTable(data: Buffer): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    if (data.subarray(0, 4).equals(ZIP_MAGIC)) {
      await wb.xlsx.load(data as unknown as ArrayBuffer);
    } else {
      if (data.includes(0)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '只支持 .xlsx 或 .csv 文件');
      await wb.csv.read(Readable.from([decodeText(data)]), { parserOptions: { trim: true } } as never);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '无法读取文件，只支持 .xlsx 或 .csv 文件');
  }
  const sheet = wb.worksheets[0];
  if (!sheet || sheet.rowCount < 1) throw new AppError('VALIDATION_FAILED', '文件是空的');
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1) throw new AppError('VALIDATION_FAILED', `一次最多导入 ${MAX_IMPORT_ROWS} 行`);
  const headers: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = cellText(cell.value);
  });
  const rows: Table['rows'] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Record<string, string> = {};
    let any = false;
    headers.forEach((h, i) => {
      const text = cellText(row.getCell(i + 1).value);
      if (text) any = true;
      if (h) cells[h] = text;
    });
    if (any) rows.push({ row: r, cells });
  }
  return { headers: headers.filter(Boolean), rows };
}

function decodeText(data: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    text = new TextDecoder('gb18030').decode(data);
  }
  return text.replace(/^\uFEFF/, '');
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if (v instanceof Date) return v.toISOString();
  }
  return String(v).trim();
}
