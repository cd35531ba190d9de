import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import sharp from 'sharp';
import { convertMillimetersToTwip } from 'docx';
import { unitAssessment } from '@liangdian/shared';
import { buildBulletinDocx, imageSize } from '../src/modules/publication/bulletin-docx';
import { ARTICLE_MAX_CHARS, articleDigest, articleTitle, buildBulletinHtml } from '../src/modules/publication/bulletin-html';
import {
  type BulletinItem,
  type BulletinModel,
  chineseDate,
  clip,
  defaultBulletinText,
  defaultBulletinTitle,
  periodLabelOf,
} from '../src/modules/publication/bulletin-model';
import { assessmentWorkbook, ledgerWorkbook, roundResultsWorkbook } from '../src/modules/publication/exports';

let jpeg: Buffer;
beforeAll(async () => {
  jpeg = await sharp({ create: { width: 48, height: 32, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
});

const { lead, closing } = defaultBulletinText('monthly', '2018年8月份', 3);

function bulletin(items: BulletinItem[], over: Partial<BulletinModel> = {}): BulletinModel {
  return {
    issuer: '县亮点工作办公室',
    number: '第3期',
    issuedAt: new Date('2018-09-05T10:00:00+08:00'),
    title: defaultBulletinTitle('monthly', '2018年8月份'),
    level: 'monthly',
    periodLabel: '2018年8月份',
    lead,
    items,
    closing,
    copyTo: '县委办公室，县政府办公室',
    ...over,
  };
}

// Given out of rank order: the documents list them by rank.
const threeItems = (): BulletinItem[] => [
  { rank: 2, title: '城区全面取缔电动三轮车工作成效明显', unitName: '县公安局', summary: '在城区开展非法客运三轮车集中取缔统一行动。', figures: '得票 7', photos: [] },
  { rank: 1, title: '春芽工程资助贫困大学生', unitName: '县委宣传部', summary: '本月共资助贫困大学生24名。', figures: '得票 9', photos: [{ bytes: jpeg, mime: 'image/jpeg', caption: '资助金发放现场' }] },
  { rank: 3, title: '创建文明示范街区活动取得阶段性成效', unitName: '县城管局', summary: '围绕占道经营、交通秩序等开展整治。', photos: [] },
];

async function unzip(buf: Buffer): Promise<JSZip> {
  return JSZip.loadAsync(buf);
}

describe('bulletin model', () => {
  it('names periods and dates as a county bulletin does', () => {
    expect(periodLabelOf('2018-08')).toBe('2018年8月份');
    expect(periodLabelOf('2018-Q3')).toBe('2018年第三季度');
    expect(periodLabelOf('2018')).toBe('2018年度');
    expect(() => periodLabelOf('2018-13-01')).toThrow(RangeError);
    // 20:00 UTC is already the next day in Beijing.
    expect(chineseDate(new Date('2018-09-04T20:00:00Z'))).toBe('2018年9月5日');
    expect(defaultBulletinTitle('quarterly', '2018年第三季度')).toBe('关于2018年第三季度全县十大亮点工作评选结果的通报');
  });

  it('gives a default lead and closing in the bulletin register', () => {
    expect(lead).toMatch(/^为进一步激发全县各级各部门干事创业热情/);
    expect(lead).toContain('评选出2018年8月份全县亮点工作3项');
    expect(lead).toMatch(/现将评选结果通报如下：$/);
    expect(closing).toMatch(/^希望受到通报的单位再接再厉/);
    expect(closing).toContain('各单位要对标先进');
    expect(defaultBulletinText('annual', '2018年度', 10).lead).toContain('评选出2018年度全县十大亮点工作');
    expect(defaultBulletinText('quarterly', '2018年第三季度', 8).lead).toContain('全县季度亮点工作8项');
  });

  it('clips without splitting a surrogate pair', () => {
    expect(clip('一二三四五', 5)).toBe('一二三四五');
    expect(clip('一二三四五', 3)).toBe('一二…');
    expect(clip('a😀b', 3)).toBe('a…');
  });
});

describe('bulletin .docx', () => {
  it('lays out masthead, number, title, lead, ranked items, closing, signature and 抄送, with the photo embedded', async () => {
    const zip = await unzip(await buildBulletinDocx(bulletin(threeItems())));
    const xml = await zip.file('word/document.xml')!.async('string');
    for (const text of ['督 查 通 报', '第3期', '县亮点工作办公室', '2018年9月5日', '关于2018年8月份全县亮点工作评选结果的通报', lead, closing, '抄送：县委办公室，县政府办公室。']) {
      expect(xml).toContain(text);
    }
    const positions = ['春芽工程资助贫困大学生', '城区全面取缔电动三轮车工作成效明显', '创建文明示范街区活动取得阶段性成效'].map((t) => xml.indexOf(t));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const unit of ['县委宣传部', '县公安局', '县城管局', '得票 9', '得票 7']) expect(xml).toContain(unit);
    // Header, lead, table, closing: the order of the page.
    expect(xml.indexOf('第3期')).toBeLessThan(xml.indexOf(lead.slice(0, 20)));
    expect(xml.indexOf(lead.slice(0, 20))).toBeLessThan(positions[0]!);
    expect(positions[2]!).toBeLessThan(xml.indexOf(closing.slice(0, 20)));
    // Red masthead and rule, East-Asian fonts, 2-character first-line indent, A4 with official margins.
    expect(xml).toMatch(/w:color w:val="FF0000"/);
    expect(xml).toMatch(/w:bottom w:val="single"[^>]*w:color="FF0000"/);
    expect(xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(xml).toContain('w:firstLineChars="200"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const mm = (n: number) => String(convertMillimetersToTwip(n));
    expect(xml).toContain(`w:top="${mm(37)}"`);
    expect(xml).toContain(`w:bottom="${mm(35)}"`);
    expect(xml).toContain(`w:left="${mm(28)}"`);
    expect(xml).toContain(`w:right="${mm(26)}"`);

    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(Buffer.from(await zip.file(media[0]!)!.async('uint8array')).equals(jpeg)).toBe(true);
    expect(xml).toContain('资助金发放现场');
    expect(xml).toMatch(/<a:blip r:embed=/);

    const fonts = await zip.file('word/fontTable.xml')!.async('string');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>');
  });

  it('leaves out the figures column, the attachment and 抄送 when there are none, and survives control characters', async () => {
    const items = threeItems().map((i) => ({ ...i, figures: undefined, photos: [] }));
    items[0]!.summary = 'A\u0001B & <C>';
    const zip = await unzip(await buildBulletinDocx(bulletin(items, { copyTo: undefined })));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).not.toContain('评选情况');
    expect(xml).not.toContain('抄送');
    expect(xml).not.toContain('附件');
    expect(xml).toContain('AB &amp; &lt;C&gt;');
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/media/'))).toBe(false);
  });

  it('reads image sizes from the file header', async () => {
    expect(imageSize(jpeg)).toEqual({ width: 48, height: 32 });
    const png = await sharp({ create: { width: 5, height: 7, channels: 4, background: '#fff' } }).png().toBuffer();
    expect(imageSize(png)).toEqual({ width: 5, height: 7 });
    expect(imageSize(Buffer.from('not an image'))).toBeNull();
  });
});

describe('bulletin HTML for WeChat', () => {
  const url = (i: number, j: number) => `https://mmbiz.qpic.cn/mmbiz_jpg/x${i}-${j}/0`;

  it('escapes every text, uses inline styles only, and takes image addresses from the url function', () => {
    const items = threeItems();
    items[0]!.title = '<script>alert(1)</script>扶贫';
    items[2]!.unitName = '县"城管"局 & \'执法\'';
    const html = buildBulletinHtml(bulletin(items, { title: '通报<img src=x onerror=alert(1)>' }), url);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;扶贫');
    expect(html).toContain('县&quot;城管&quot;局 &amp; &#39;执法&#39;');
    expect(html).toContain('通报&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<[^>]+\son\w+=/i);
    expect(html).not.toMatch(/class=|<style|<link/i);
    // The photo is item 1 of the model (rank 1), photo 0.
    expect(html).toContain(`<img src="${url(1, 0)}"`);
    expect(html.match(/<img /g)).toHaveLength(1);
    expect(html).toContain(items[1]!.summary);
    expect(html.indexOf('春芽工程')).toBeLessThan(html.indexOf('&lt;script&gt;'));
    expect(html.length).toBeLessThan(ARTICLE_MAX_CHARS);
  });

  it('leaves out an image whose address is not a web address', () => {
    const html = buildBulletinHtml(bulletin(threeItems()), () => 'javascript:alert(1)');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:');
  });

  it('stays under 20,000 characters with 60 long items, shortening summaries first', () => {
    const items: BulletinItem[] = Array.from({ length: 60 }, (_, i) => ({
      rank: i + 1,
      title: `第${i + 1}项亮点工作：${'推进乡村振兴'.repeat(4)}`,
      unitName: `单位${i + 1}`,
      summary: '围绕全县中心工作，创新方式方法，取得明显成效。'.repeat(80),
      figures: `得票 ${60 - i}`,
      photos: [{ bytes: jpeg, mime: 'image/jpeg', caption: '现场' }],
    }));
    const asked = jest.fn(url);
    const html = buildBulletinHtml(bulletin(items), asked);
    expect(asked).toHaveBeenCalledTimes(60);
    expect(html.length).toBeLessThan(ARTICLE_MAX_CHARS);
    expect(html.length).toBeGreaterThan(ARTICLE_MAX_CHARS * 0.9);
    for (const it of items) expect(html).toContain(it.title);
    expect(html).toContain('…');
    expect(html.match(/<img /g)).toHaveLength(60);
  });

  it('drops photos, shortens texts and finally trailing items when nothing else fits', () => {
    const items: BulletinItem[] = Array.from({ length: 400 }, (_, i) => ({
      rank: i + 1,
      title: `${'很长的亮点工作名称'.repeat(30)}${i}`,
      unitName: '单位'.repeat(50),
      summary: '简介'.repeat(500),
      photos: Array.from({ length: 5 }, () => ({ bytes: jpeg, mime: 'image/jpeg' })),
    }));
    const html = buildBulletinHtml(bulletin(items, { lead: '导语'.repeat(5000), closing: '结语\n'.repeat(5000) }), url);
    expect(html.length).toBeLessThan(ARTICLE_MAX_CHARS);
    expect(html).toMatch(/（另有\d+项，详见通报全文）/);
    expect(html).toContain('督查通报');
  });

  it('keeps the title within 32 and the digest within 128 characters', () => {
    const m = bulletin(threeItems());
    expect(articleTitle(m)).toBe('关于2018年8月份全县亮点工作评选结果的通报');
    const long = bulletin(threeItems(), { title: `关于${'某某专项'.repeat(10)}评选结果的通报` });
    expect(articleTitle(long).length).toBeLessThanOrEqual(32);
    expect(articleDigest(m)).toMatch(/^县亮点工作办公室通报2018年8月份月度亮点工作评选结果，共3项：1\.春芽工程资助贫困大学生（县委宣传部）；2\./);
    const many = bulletin(Array.from({ length: 30 }, (_, i) => ({ ...threeItems()[0]!, rank: i + 1 })));
    expect(articleDigest(many).length).toBeLessThanOrEqual(128);
    expect(articleDigest(many).endsWith('…')).toBe(true);
  });
});

async function readSheet(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}
const rowValues = (ws: ExcelJS.Worksheet, r: number, n: number) => Array.from({ length: n }, (_, i) => ws.getCell(r, i + 1).value);

function expectTitleAndHeader(ws: ExcelJS.Worksheet, title: string, headers: string[]): void {
  expect(ws.getCell(1, 1).value).toBe(title);
  expect(ws.getCell(1, 1).font?.bold).toBe(true);
  expect(rowValues(ws, 2, headers.length)).toEqual(headers);
  expect(ws.getCell(2, headers.length + 1).value).toBeNull();
  for (let c = 1; c <= headers.length; c++) expect(ws.getCell(2, c).font?.bold).toBe(true);
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  for (let c = 1; c <= headers.length; c++) expect(ws.getColumn(c).width).toBeGreaterThanOrEqual(6);
}

describe('workbooks', () => {
  it('ledger', async () => {
    const ws = await readSheet(
      await ledgerWorkbook('2018-08', [
        {
          entryId: 41,
          title: '春芽工程资助贫困大学生',
          unitName: '县委宣传部',
          category: 'tenFields',
          summary: '本月共资助贫困大学生24名。',
          status: 'passed',
          sources: [
            { kind: 'report', unitName: '县委宣传部', authorName: '填报员甲', link: 'new' },
            { kind: 'recommendation', unitName: null, authorName: '组长乙', link: 'merged' },
          ],
          inspection: { inspectorName: '核查员丙', visitedAt: '2018-08-22T02:30:00Z', verdict: 'pass', findings: '现场查看资助台账，属实。', reason: null },
          createdAt: '2018-08-15T01:00:00Z',
        },
      ]),
    );
    expectTitleAndHeader(ws, '2018年8月份全县亮点工作台账', ['序号', '台账编号', '亮点工作名称', '单位', '类别', '亮点简介', '来源', '状态', '现场核查', '登记时间']);
    expect(rowValues(ws, 3, 10)).toEqual([
      1,
      41,
      '春芽工程资助贫困大学生',
      '县委宣传部',
      '十个方面工作',
      '本月共资助贫困大学生24名。',
      '单位申报·县委宣传部·填报员甲·新事项\n领导推荐·组长乙·合并',
      '核查通过（入目录）',
      '核查员丙，2018-08-22 10:30，通过\n现场查看资助台账，属实。',
      '2018-08-15 09:00',
    ]);
    expect(ws.getCell(3, 7).alignment?.wrapText).toBe(true);
  });

  it('monthly and annual round results, with the explanation column', async () => {
    const monthly = await readSheet(
      await roundResultsWorkbook({ kind: 'monthlyVote', title: '2018年8月亮点工作评选', month: '2018-08', status: 'closed' }, [
        { entryId: 41, title: '春芽工程', unitName: '县委宣传部', votes: 9, rank: 1, selected: true, explanation: ['得票9票', '排第1名，入选'] },
        { entryId: 42, title: '文明街区', unitName: null, votes: 2, rank: 2, selected: false, explanation: [] },
      ]),
    );
    expectTitleAndHeader(monthly, '2018年8月亮点工作评选结果', ['名次', '亮点工作名称', '单位', '得票', '结果', '说明']);
    expect(rowValues(monthly, 3, 6)).toEqual([1, '春芽工程', '县委宣传部', 9, '入选', '得票9票\n排第1名，入选']);
    expect(rowValues(monthly, 4, 6)).toEqual([2, '文明街区', '', 2, '未入选', '']);
    expect(monthly.getCell(3, 6).alignment?.wrapText).toBe(true);

    const s = (display: string) => ({ exact: display, display });
    const annual = await readSheet(
      await roundResultsWorkbook({ kind: 'annualVote', title: '2018年度全县十大亮点工作评选', month: '2018', status: 'tie' }, [
        {
          entryId: 7, title: '春芽工程', unitName: '县委宣传部', committee: 30, public: 800,
          committeePoints: s('60.00'), publicPoints: s('25.30'), score: s('85.30'), rank: 1, status: 'selected',
          explanation: ['委员投票30票 ÷ 最高票30票 × 60 = 60.00', '综合得分 = 60.00 + 25.30 = 85.30'],
        },
      ]),
    );
    expectTitleAndHeader(annual, '2018年度全县十大亮点工作评选结果（票数并列，待亮点办决定）', ['名次', '亮点工作名称', '单位', '委员票', '委员投票得分', '网络票', '网络投票得分', '综合得分', '结果', '说明']);
    expect(rowValues(annual, 3, 10)).toEqual([1, '春芽工程', '县委宣传部', 30, 60, 800, 25.3, 85.3, '入选', '委员投票30票 ÷ 最高票30票 × 60 = 60.00\n综合得分 = 60.00 + 25.30 = 85.30']);
    expect(annual.getCell(3, 8).numFmt).toBe('0.00');
  });

  it('quarterly round results', async () => {
    const ws = await readSheet(
      await roundResultsWorkbook({ kind: 'quarterlyScore', title: '2018年第三季度亮点工作观摩评分', month: '2018-Q3', status: 'closed' }, [
        { entryId: 5, title: '春芽工程', unitName: '县委宣传部', score: { exact: '173/20', display: '8.65' }, rank: 1, status: 'out', sheets: [{}, {}, {}, {}, {}], explanation: ['去掉一个最高分和一个最低分'] },
      ]),
    );
    expectTitleAndHeader(ws, '2018年第三季度亮点工作观摩评分结果', ['名次', '亮点工作名称', '单位', '评分人数', '得分', '结果', '说明']);
    expect(rowValues(ws, 3, 7)).toEqual([1, '春芽工程', '县委宣传部', 5, 8.65, '未入选', '去掉一个最高分和一个最低分']);
  });

  it('unit assessment from the 60/30/10 engine', async () => {
    const result = unitAssessment([
      { unitId: 1, annual: 2, quarterly: 3, monthly: 6 },
      { unitId: 2, annual: 1, quarterly: 3, monthly: 2 },
    ]);
    const names: Record<number, string> = { 1: '县委宣传部', 2: '县公安局' };
    const rows = result.rows.map((r) => ({ ...r, unitName: names[r.unitId]!, explanation: r.explanation.map((e) => e.text) }));
    const ws = await readSheet(await assessmentWorkbook('2018', rows, result.explanation.map((e) => e.text)));
    const levelHeaders = (l: string, w: number) => [`${l}（项）`, `${l}最多（项）`, `${l}折算`, `${l}得分（权重${w}）`];
    expectTitleAndHeader(ws, '2018年度单位亮点工作量化考核', [
      '名次', '单位', ...levelHeaders('年度十大', 60), ...levelHeaders('季度十大', 30), ...levelHeaders('月度亮点', 10), '合计', '说明',
    ]);
    const second = rows[1]!;
    expect(rowValues(ws, 4, 16)).toEqual([
      2, '县公安局',
      1, 2, 0.5, 30,
      3, 3, 1, 30,
      2, 6, 0.3333, 3.33,
      63.33,
      second.explanation.join('\n'),
    ]);
    expect(String(ws.getCell(4, 16).value)).toContain('年度十大亮点工作1项 ÷ 最多2项 × 60 = 30.00');
    expect(ws.getCell(4, 5).numFmt).toBe('0.0000');
    // The ranking's own explanation is written under the table.
    expect(ws.getCell(6, 1).value).toBe(result.explanation[0]!.text);
  });
});
