/**
 * The bulletin as a Word document laid out like a county 《督查通报》: red masthead, issue number,
 * issuer and date over a red rule, title, lead, the ranked results table, closing, signature, the
 * evidence photos as an attachment (GB/T 9704 puts 附件 after the signature and before 版记), and the
 * 抄送 line last. Pure: model in, bytes out.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  type IParagraphOptions,
  type IRunOptions,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  Tab,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import { type BulletinItem, type BulletinModel, DEFAULT_MASTHEAD, chineseDate, cleanText, itemsInRankOrder } from './bulletin-model';

// Fonts of Party and government documents. Word cannot list fallbacks on a run, so the font table
// below names an installed alternative (w:altName) and the GB2312 charset: a PC without the 方正 or
// _GB2312 fonts then shows 宋体/仿宋/黑体 instead of a Latin default.
const TITLE = '方正小标宋简体';
const BODY = '仿宋_GB2312';
const HEI = '黑体';
const LATIN = 'Times New Roman';
const FONT_TABLE: [name: string, alt: string | null, family: string, pitch: string][] = [
  [TITLE, '宋体', 'script', 'variable'],
  [BODY, '仿宋', 'modern', 'fixed'],
  [HEI, 'SimHei', 'modern', 'fixed'],
  ['宋体', 'SimSun', 'auto', 'variable'],
  [LATIN, null, 'roman', 'variable'],
];

const RED = 'FF0000';
/** Sizes in half-points: 小初 36pt, 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt. */
const SIZE = { masthead: 72, title: 44, body: 32, table: 28, small: 24 } as const;
/** 28 pt fixed line pitch: 22 lines on an A4 page with these margins, as official documents use. */
const LINE = 560;
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: 37, bottom: 35, left: 28, right: 26 };
const TEXT_MM = 210 - MARGIN.left - MARGIN.right;
const TEXT_WIDTH = convertMillimetersToTwip(TEXT_MM);
/** Photo size limits in pixels at 96 dpi (docx's unit): the text width, and about half a page high. */
const PHOTO_MAX = { width: Math.floor((TEXT_MM / 25.4) * 96), height: Math.floor((110 / 25.4) * 96) };

const font = (eastAsia: string) => ({ ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia, hint: 'eastAsia' });

function run(text: string, o: Omit<IRunOptions, 'text'> & { face?: string } = {}): TextRun {
  const { face = BODY, ...rest } = o;
  return new TextRun({ size: SIZE.body, ...rest, text: cleanText(text), font: font(face) });
}

const exact = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

function para(children: IParagraphOptions['children'], o: Omit<IParagraphOptions, 'children'> = {}): Paragraph {
  return new Paragraph({ spacing: exact, ...o, children });
}

/** Text the office typed may hold several paragraphs; each is indented two characters. */
function bodyParagraphs(text: string): Paragraph[] {
  return cleanText(text)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => para([run(line)], { alignment: AlignmentType.BOTH, indent: { firstLineChars: 200, firstLine: 2 * SIZE.body * 10 } }));
}

function header(m: BulletinModel): Paragraph[] {
  const mast = cleanText(m.masthead ?? DEFAULT_MASTHEAD);
  const spaced = /\s/.test(mast) || mast.length > 6 ? mast : [...mast].join(' ');
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 240 }, children: [run(spaced, { face: TITLE, size: SIZE.masthead, color: RED })] }),
    para([run(m.number)], { alignment: AlignmentType.CENTER }),
    para([run(m.issuer), new TextRun({ children: [new Tab(), chineseDate(m.issuedAt)], size: SIZE.body, font: font(BODY) })], {
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 6 } },
    }),
    new Paragraph({ spacing: { before: 720, after: 480, line: 700, lineRule: LineRuleType.AT_LEAST }, alignment: AlignmentType.CENTER, children: [run(m.title, { face: TITLE, size: SIZE.title, bold: true })] }),
  ];
}

function cell(text: string, widthMm: number, o: { head?: boolean; center?: boolean } = {}): TableCell {
  const lines = cleanText(text).split(/\r?\n/).filter((l, i) => l.trim() || i === 0);
  return new TableCell({
    width: { size: convertMillimetersToTwip(widthMm), type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 80, right: 80, top: 40, bottom: 40 },
    children: lines.map(
      (line) =>
        new Paragraph({
          alignment: o.head || o.center ? AlignmentType.CENTER : AlignmentType.LEFT,
          spacing: { line: 400, lineRule: LineRuleType.AT_LEAST },
          children: [run(line, { face: o.head ? HEI : BODY, size: SIZE.table })],
        }),
    ),
  });
}

function resultsTable(items: BulletinItem[]): Table {
  const withFigures = items.some((i) => i.figures?.trim());
  const cols: [string, number][] = withFigures
    ? [['序号', 12], ['亮点工作', 34], ['单位', 26], ['简要内容', 62], ['评选情况', 22]]
    : [['序号', 12], ['亮点工作', 38], ['单位', 30], ['简要内容', 76]];
  const head = new TableRow({ tableHeader: true, cantSplit: true, children: cols.map(([h, w]) => cell(h, w, { head: true })) });
  const rows = items.map((it) => {
    const values = [String(it.rank), it.title, it.unitName, it.summary, ...(withFigures ? [it.figures ?? ''] : [])];
    return new TableRow({ children: values.map((v, i) => cell(v, cols[i]![1], { center: i === 0 || i === 4 })) });
  });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: cols.map(([, w]) => convertMillimetersToTwip(w)),
    layout: TableLayoutType.FIXED,
    rows: [head, ...rows],
  });
}

type DocxImageType = 'jpg' | 'png' | 'gif' | 'bmp';
const IMAGE_TYPES: Record<string, DocxImageType> = { 'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/bmp': 'bmp' };

/** Pixel size from the file's own header, so the builder needs no image library. */
export function imageSize(b: Buffer): { width: number; height: number } | null {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47) return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 10 && b.toString('latin1', 0, 3) === 'GIF') return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 26 && b.toString('latin1', 0, 2) === 'BM') return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      if (marker === 0xff) { i += 1; continue; } // fill byte
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { i += 2; continue; }
      i += 2 + b.readUInt16BE(i + 2);
    }
  }
  return null;
}

function photoParagraphs(items: BulletinItem[], m: BulletinModel): Paragraph[] {
  const out: Paragraph[] = [];
  let n = 0;
  for (const it of items) {
    const usable = it.photos.map((p) => ({ p, type: IMAGE_TYPES[p.mime.toLowerCase()], size: imageSize(p.bytes) })).filter((x) => x.type && x.size && x.size.width > 0 && x.size.height > 0);
    if (!usable.length) continue;
    out.push(para([run(`${it.rank}. ${it.title}（${it.unitName}）`, { face: HEI })], { spacing: { ...exact, before: 280 } }));
    for (const { p, type, size } of usable) {
      n += 1;
      const scale = Math.min(1, PHOTO_MAX.width / size!.width, PHOTO_MAX.height / size!.height);
      const caption = cleanText(p.caption?.trim() || `图${n}`);
      out.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 120, after: 0 },
          children: [
            new ImageRun({
              type: type!,
              data: p.bytes,
              transformation: { width: Math.round(size!.width * scale), height: Math.round(size!.height * scale) },
              altText: { name: `photo${n}`, title: caption, description: `${cleanText(it.title)}：${caption}` },
            }),
          ],
        }),
        para([run(caption, { size: SIZE.small })], { alignment: AlignmentType.CENTER }),
      );
    }
  }
  if (!out.length) return [];
  return [
    new Paragraph({ children: [new PageBreak()] }),
    para([run('附件', { face: HEI })]),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 280, after: 280 }, children: [run(`${m.periodLabel}亮点工作现场图片`, { face: TITLE, size: SIZE.title })] }),
    ...out,
  ];
}

function fontTableXml(): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const fonts = FONT_TABLE.map(
    ([name, alt, family, pitch]) =>
      `<w:font w:name="${esc(name)}">${alt ? `<w:altName w:val="${esc(alt)}"/>` : ''}<w:charset w:val="${name === LATIN ? '00' : '86'}"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`,
  ).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts}</w:fonts>`;
}

export async function buildBulletinDocx(model: BulletinModel): Promise<Buffer> {
  const items = itemsInRankOrder(model.items);
  const date = chineseDate(model.issuedAt);
  const children: (Paragraph | Table)[] = [
    ...header(model),
    ...bodyParagraphs(model.lead),
    ...(items.length ? [new Paragraph({ spacing: { before: 120 }, children: [] }), resultsTable(items), new Paragraph({ spacing: { after: 120 }, children: [] })] : []),
    ...bodyParagraphs(model.closing),
    para([run(model.issuer)], { alignment: AlignmentType.RIGHT, spacing: { ...exact, before: 2 * LINE }, indent: { right: 2 * SIZE.body * 10 } }),
    para([run(date)], { alignment: AlignmentType.RIGHT, indent: { right: 2 * SIZE.body * 10 } }),
    ...photoParagraphs(items, model),
  ];
  if (model.copyTo?.trim()) {
    const rule = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 4 };
    children.push(
      para([run(`抄送：${model.copyTo.trim().replace(/[。.]$/, '')}。`, { size: SIZE.table })], {
        spacing: { ...exact, before: 3 * LINE },
        indent: { left: SIZE.table * 10, right: SIZE.table * 10 },
        border: { top: rule, bottom: rule },
      }),
    );
  }
  const doc = new Document({
    title: cleanText(model.title),
    creator: cleanText(model.issuer),
    styles: { default: { document: { run: { font: font(BODY), size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: A4,
            margin: {
              top: convertMillimetersToTwip(MARGIN.top),
              bottom: convertMillimetersToTwip(MARGIN.bottom),
              left: convertMillimetersToTwip(MARGIN.left),
              right: convertMillimetersToTwip(MARGIN.right),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: SIZE.table, font: font('宋体') })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}
