/**
 * The API client against a mocked `@tarojs/taro`: what it sends, and how it turns every kind of
 * answer (good, refused, unauthenticated, malformed, none at all) into a value or an `ApiError`.
 */
const mockStorage = new Map<string, unknown>();
const mockTaro = {
  request: jest.fn(),
  uploadFile: jest.fn(),
  downloadFile: jest.fn(),
  reLaunch: jest.fn(() => Promise.resolve()),
  getStorageSync: jest.fn((key: string) => (mockStorage.has(key) ? mockStorage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => void mockStorage.set(key, value)),
  removeStorageSync: jest.fn((key: string) => void mockStorage.delete(key)),
};
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: mockTaro }));

type Client = typeof import('./client');

/** Loads the client as a given platform build would see it (Taro inlines both at build time). */
function loadClient(env: { TARO_ENV: NodeJS.ProcessEnv['TARO_ENV']; TARO_APP_API_BASE?: string }): Client {
  process.env.TARO_ENV = env.TARO_ENV;
  if (env.TARO_APP_API_BASE === undefined) delete process.env.TARO_APP_API_BASE;
  else process.env.TARO_APP_API_BASE = env.TARO_APP_API_BASE;
  let client!: Client;
  jest.isolateModules(() => {
    client = require('./client');
  });
  return client;
}

const user = {
  id: 7,
  name: '李填报',
  phone: null,
  roles: ['reporter'],
  unit: { id: 3, code: 'XCB', name: '宣传部', type: 'department' },
};
const errorBody = (code: string, message: string, details?: unknown) => ({
  error: { code, message, requestId: 'req-1', ...(details === undefined ? {} : { details }) },
});
const answer = (statusCode: number, data: unknown) => mockTaro.request.mockResolvedValueOnce({ statusCode, data, header: {} });

let client: Client;
beforeEach(() => {
  mockStorage.clear();
  jest.clearAllMocks();
  client = loadClient({ TARO_ENV: 'weapp', TARO_APP_API_BASE: 'https://api.example.cn/' });
});

describe('requests', () => {
  it('sends the stored token as a bearer header to the configured origin', async () => {
    client.setToken('tok-123');
    answer(200, user);

    await expect(client.me()).resolves.toEqual(user);

    const options = mockTaro.request.mock.calls[0][0];
    expect(options).toMatchObject({ url: 'https://api.example.cn/api/me', method: 'GET' });
    expect(options.header.Authorization).toBe('Bearer tok-123');
  });

  it('sends no Authorization header before sign-in', async () => {
    answer(200, { devLogin: true, wechatLogin: false, monthlyCutoffDay: 20 });
    await client.getConfig();
    expect(mockTaro.request.mock.calls[0][0].header).not.toHaveProperty('Authorization');
  });

  it('stores the token a sign-in returns, so the next call carries it', async () => {
    answer(200, { token: 'fresh', expiresAt: '2026-12-01T00:00:00.000Z', user });
    answer(200, user);

    await client.devLogin('demo-reporter');
    await client.me();

    expect(mockTaro.request.mock.calls[0][0]).toMatchObject({ method: 'POST', data: { openid: 'demo-reporter' } });
    expect(client.getToken()).toBe('fresh');
    expect(mockTaro.request.mock.calls[1][0].header.Authorization).toBe('Bearer fresh');
  });

  it('leaves empty filters out of the user list query', async () => {
    answer(200, { items: [user], total: 1, page: 2, pageSize: 20 });
    await client.listUsers({ page: 2, pageSize: 20, q: '', role: 'unitHead', unitId: undefined });
    expect(mockTaro.request.mock.calls[0][0].url).toBe('https://api.example.cn/api/admin/users?page=2&pageSize=20&role=unitHead');
  });

  it('refuses to call a relative URL from weapp when no API origin was built in', async () => {
    client = loadClient({ TARO_ENV: 'weapp' });
    await expect(client.getConfig()).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
    expect(mockTaro.request).not.toHaveBeenCalled();
  });

  it('uses same-origin paths on H5 when no API origin is set', async () => {
    client = loadClient({ TARO_ENV: 'h5' });
    answer(200, { devLogin: true, wechatLogin: false, monthlyCutoffDay: 20 });
    await client.getConfig();
    expect(mockTaro.request.mock.calls[0][0].url).toBe('/api/config');
  });
});

describe('answers', () => {
  it('turns an error answer into an ApiError with its code, message, status and request id', async () => {
    client.setToken('tok');
    answer(403, errorBody('FORBIDDEN', '没有权限进行此操作'));

    const error = await client.listUsers().catch((e: unknown) => e);

    expect(client.isApiError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: '没有权限进行此操作', status: 403, requestId: 'req-1' });
    expect(client.getToken()).toBe('tok');
    expect(mockTaro.reLaunch).not.toHaveBeenCalled();
  });

  it('on 401 clears the token and sends the user to sign-in', async () => {
    client.setToken('expired');
    answer(401, errorBody('UNAUTHENTICATED', '请先登录'));

    await expect(client.me()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });

    expect(client.getToken()).toBe('');
    expect(mockTaro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' });
  });

  it('on a 401 from a sign-in call stays on the sign-in page', async () => {
    client.setToken('stale');
    answer(401, errorBody('UNAUTHENTICATED', '请先登录'));

    await expect(client.devLogin('nobody')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    expect(client.getToken()).toBe('');
    expect(mockTaro.reLaunch).not.toHaveBeenCalled();
  });

  it('rejects a success answer that does not match the schema', async () => {
    answer(200, { ...user, roles: ['chief'] });
    await expect(client.me()).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 200 });
  });

  it('rejects a config answer with a missing field', async () => {
    answer(200, { devLogin: true });
    await expect(client.getConfig()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('maps a non-API error body (a proxy page) by its status, with a Chinese message', async () => {
    answer(502, '<html>Bad Gateway</html>');
    await expect(client.getConfig()).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: '服务暂时不可用，请稍后再试',
    });
  });

  it('reports a request that got no answer as a network error', async () => {
    mockTaro.request.mockRejectedValueOnce({ errMsg: 'request:fail timeout' });
    const error = await client.getConfig().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    expect(client.errorText(error)).toBe('网络连接失败，请检查网络后重试');
  });
});

describe('importFile', () => {
  const report = { kind: 'units', dryRun: true, rows: 3, created: 2, updated: 1, unchanged: 0, errors: [] };

  it('uploads the picked file on weapp as field `file` and parses the string body', async () => {
    client.setToken('admin-tok');
    mockTaro.uploadFile.mockResolvedValueOnce({ statusCode: 200, data: JSON.stringify(report) });

    await expect(client.importFile('units', 'wxfile://tmp/units.xlsx', true)).resolves.toEqual(report);

    expect(mockTaro.uploadFile.mock.calls[0][0]).toMatchObject({
      url: 'https://api.example.cn/api/admin/imports/units?dryRun=1',
      filePath: 'wxfile://tmp/units.xlsx',
      name: 'file',
      header: { Authorization: 'Bearer admin-tok' },
    });
  });

  it('hands back the row errors of a refused import', async () => {
    const errors = [
      { row: 2, column: '单位类型', message: '单位类型必须是县直部门、乡镇或县级机关' },
      { row: 5, column: null, message: '单位编码重复' },
    ];
    const body = errorBody('IMPORT_INVALID', '导入文件有错误，未导入任何数据', { ...report, dryRun: false, errors });
    mockTaro.uploadFile.mockResolvedValueOnce({ statusCode: 422, data: JSON.stringify(body) });

    const error = await client.importFile('units', 'wxfile://tmp/units.xlsx', false).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'IMPORT_INVALID', status: 422 });
    expect(client.importErrorsOf(error)).toEqual(errors);
    expect(client.importErrorsOf(new client.ApiError('FORBIDDEN', 'x', 403))).toBeNull();
  });

  it('posts a browser File on H5 as multipart with the bearer token', async () => {
    client = loadClient({ TARO_ENV: 'h5' });
    client.setToken('admin-tok');
    const fetchMock = jest.fn(async (_url: string, _init: RequestInit) => new Response(JSON.stringify(report), { status: 200 }));
    const realFetch = global.fetch;
    global.fetch = fetchMock as unknown as typeof fetch;
    try {
      const file = new File(['单位编码,单位名称,单位类型\n'], 'units.csv', { type: 'text/csv' });
      await expect(client.importFile('users', file, false)).resolves.toEqual(report);
    } finally {
      global.fetch = realFetch;
    }

    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/admin/imports/users?dryRun=0');
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ Authorization: 'Bearer admin-tok' });
    const sent = (init.body as FormData).get('file') as File;
    expect(sent.name).toBe('units.csv');
    expect(mockTaro.uploadFile).not.toHaveBeenCalled();
  });
});

const evidence = {
  id: 12,
  kind: 'photo',
  name: 'site.jpg',
  mime: 'image/jpeg',
  bytes: 123456,
  url: '/api/evidence/12',
  thumbUrl: '/api/evidence/12/thumb',
  previewUrl: '/api/evidence/12/preview',
  width: 4000,
  height: 3000,
  app: { at: '2026-11-23T14:05:00+08:00', latitude: 30.1, longitude: 120.2, accuracy: 15, source: 'camera' },
  exif: null,
  mismatch: null,
  duplicates: [],
  createdAt: '2026-11-23T06:05:10.000Z',
};
const report = {
  id: 5,
  kind: 'report',
  status: 'draft',
  month: null,
  unit: user.unit,
  author: { id: 7, name: '李填报' },
  title: '老旧小区改造',
  summary: '',
  category: null,
  leaderPraise: null,
  reason: null,
  quotaSlot: null,
  returnReason: null,
  contentCheck: null,
  submittedAt: null,
  signedOffAt: null,
  receivedAt: null,
  createdAt: '2026-11-23T06:00:00.000Z',
  updatedAt: '2026-11-23T06:00:00.000Z',
  evidence: [],
};

/** Taro.uploadFile's answer: a promise that also carries the task's listeners. */
function uploadTask(result: { statusCode: number; data: string } | Error, progress: number[] = []) {
  let listener: ((res: { progress: number }) => void) | undefined;
  const promise = new Promise((resolve, reject) => {
    setTimeout(() => {
      for (const p of progress) listener?.({ progress: p });
      if (result instanceof Error) reject(result);
      else resolve({ ...result, errMsg: 'uploadFile:ok' });
    }, 0);
  }) as Promise<unknown> & { onProgressUpdate: jest.Mock };
  promise.onProgressUpdate = jest.fn((cb: typeof listener) => {
    listener = cb;
  });
  return promise;
}

describe('reports', () => {
  it('lists with only the filters given', async () => {
    answer(200, { items: [{ ...report, evidence: undefined, evidenceCount: 2 }], total: 1, page: 1, pageSize: 20 });
    const page = await client.listReports({ scope: 'inbox', kind: 'report', status: undefined, month: '2026-11' });
    expect(mockTaro.request.mock.calls[0][0].url).toBe('https://api.example.cn/api/reports?scope=inbox&kind=report&month=2026-11');
    expect(page.items[0].evidenceCount).toBe(2);
  });

  it('creates reports and recommendations on their own paths', async () => {
    answer(201, report);
    answer(201, { ...report, kind: 'recommendation' });
    await client.createDraft('report', { title: '老旧小区改造' });
    await client.createDraft('recommendation', { reason: '群众满意', unitId: 3 });
    expect(mockTaro.request.mock.calls[0][0]).toMatchObject({ url: 'https://api.example.cn/api/reports', method: 'POST' });
    expect(mockTaro.request.mock.calls[1][0]).toMatchObject({
      url: 'https://api.example.cn/api/recommendations',
      method: 'POST',
      data: { reason: '群众满意', unitId: 3 },
    });
  });

  it('saves drafts with PUT on weapp (no PATCH in wx.request) and PATCH on H5', async () => {
    answer(200, report);
    await client.updateReport(5, { summary: '简介' });
    expect(mockTaro.request.mock.calls[0][0]).toMatchObject({ url: 'https://api.example.cn/api/reports/5', method: 'PUT' });

    client = loadClient({ TARO_ENV: 'h5' });
    answer(200, report);
    await client.updateReport(5, { summary: '简介' });
    expect(mockTaro.request.mock.calls[1][0]).toMatchObject({ url: '/api/reports/5', method: 'PATCH' });
  });

  it('sends the workflow steps with the bodies the server expects', async () => {
    for (let i = 0; i < 4; i++) answer(200, report);
    await client.signOffReport(5);
    await client.returnReport(5, '请补充现场照片');
    await client.receiveReport(5);
    await client.withdrawReport(5);
    const calls = mockTaro.request.mock.calls.map(([o]) => [o.url.replace('https://api.example.cn', ''), o.method, o.data]);
    expect(calls).toEqual([
      ['/api/reports/5/sign-off', 'POST', {}],
      ['/api/reports/5/return', 'POST', { reason: '请补充现场照片' }],
      ['/api/reports/5/receive', 'POST', {}],
      ['/api/reports/5/withdraw', 'POST', {}],
    ]);
  });

  it('reads the month a WINDOW_CLOSED refusal of submit names', async () => {
    const message = '本月申报已于11月20日24时截止，本项将计入12月';
    answer(409, errorBody('WINDOW_CLOSED', message, { month: '2026-12' }));

    const error = await client.submitReport(5, { month: '2026-11' }).catch((e: unknown) => e);

    expect(mockTaro.request.mock.calls[0][0]).toMatchObject({
      url: 'https://api.example.cn/api/reports/5/submit',
      method: 'POST',
      data: { month: '2026-11' },
    });
    expect(error).toMatchObject({ code: 'WINDOW_CLOSED', status: 409, message });
    expect(client.windowClosedMonth(error)).toBe('2026-12');
  });

  it('gives no month for other refusals or a malformed one', async () => {
    answer(409, errorBody('WINDOW_CLOSED', '已截止', { month: 'December' }));
    const malformed = await client.submitReport(5, { month: '2026-11' }).catch((e: unknown) => e);
    expect(client.windowClosedMonth(malformed)).toBeNull();

    answer(409, errorBody('QUOTA_EXCEEDED', '已达到本月申报上限'));
    const quota = await client.submitReport(5, { month: '2026-11' }).catch((e: unknown) => e);
    expect(client.windowClosedMonth(quota)).toBeNull();
    expect(client.windowClosedMonth(new Error('x'))).toBeNull();
  });

  it('reads the missing fields of a VALIDATION_FAILED refusal', async () => {
    answer(400, errorBody('VALIDATION_FAILED', '提交的内容不符合要求', { missing: ['类别', '推荐理由'] }));
    const error = await client.submitReport(5, { month: '2026-11' }).catch((e: unknown) => e);
    expect(client.missingFieldsOf(error)).toEqual(['类别', '推荐理由']);
    expect(client.missingFieldsOf(new client.ApiError('VALIDATION_FAILED', 'x', 400, 'r', { issues: [] }))).toBeNull();
  });

  it("reads the server's month when the phone's clock ran ahead, but not from a missing-fields refusal", async () => {
    answer(400, errorBody('VALIDATION_FAILED', '当前申报月份为2026-11', { month: '2026-11' }));
    const ahead = await client.submitReport(5, { month: '2026-12' }).catch((e: unknown) => e);
    expect(client.currentMonthOf(ahead)).toBe('2026-11');
    expect(client.missingFieldsOf(ahead)).toBeNull();

    answer(400, errorBody('VALIDATION_FAILED', '请先填写：类别', { missing: ['类别'] }));
    const missing = await client.submitReport(5, { month: '2026-11' }).catch((e: unknown) => e);
    expect(client.currentMonthOf(missing)).toBeNull();
  });

  it('asks the quota of the given kind', async () => {
    const quota = { month: '2026-11', closesAt: '2026-11-20T15:59:59.000Z', kind: 'report', used: 1, free: 1, max: 3 };
    answer(200, quota);
    await expect(client.getQuota('report')).resolves.toEqual(quota);
    expect(mockTaro.request.mock.calls[0][0].url).toBe('https://api.example.cn/api/quota?kind=report');
  });

  it('deletes evidence on a 204 with no body', async () => {
    answer(204, '');
    await expect(client.deleteEvidence(5, 12)).resolves.toBeUndefined();
    expect(mockTaro.request.mock.calls[0][0]).toMatchObject({ url: 'https://api.example.cn/api/reports/5/evidence/12', method: 'DELETE' });
  });
});

const entry = {
  id: 11,
  month: '2018-08',
  title: '“春芽工程”帮助贫困大学生圆“大学梦”',
  summary: '今年8月份共资助贫困大学生24名',
  unit: { id: 3, code: 'XCB', name: '宣传部', type: 'department' },
  category: 'tenFields',
  status: 'open',
  inspector: null,
  sources: [
    { reportId: 5, kind: 'report', title: '春芽工程', unitName: '宣传部', authorName: '李明', month: '2018-08', link: 'new', score: null, reason: null },
  ],
  duplicates: [{ entryId: 12, month: '2018-08', title: '春芽工程资助贫困大学生', unitName: '宣传部', score: 0.82 }],
  inspection: null,
  photos: [],
  createdAt: '2018-08-21T02:00:00.000Z',
};
const roundBase = {
  id: 4,
  kind: 'monthlyVote',
  month: '2018-08',
  title: '2018年8月月度亮点工作评选',
  selectCount: 2,
  status: 'open',
  endsAt: '2018-08-31T10:00:00.000Z',
  closedAt: null,
  ballots: 0,
  members: 3,
  decisionReason: null,
};
const round = { ...roundBase, entries: [{ id: 11, title: entry.title, summary: entry.summary, unit: entry.unit, category: 'tenFields', month: '2018-08' }], myBallot: [] };

describe('ledger and rounds', () => {
  const paths = () => mockTaro.request.mock.calls.map(([o]) => [o.url.replace('https://api.example.cn', ''), o.method, o.data]);

  it('lists the ledger with only the filters given and reads entries with their suggestions', async () => {
    answer(200, { items: [entry], total: 1, page: 1, pageSize: 20 });
    const page = await client.listLedger({ month: '2018-08', status: undefined, source: 'recommendation', page: 1 });
    expect(paths()[0][0]).toBe('/api/ledger?month=2018-08&source=recommendation&page=1');
    expect(page.items[0].duplicates[0].score).toBe(0.82);
  });

  it('sends merge, distinct, inspector and inspection with the bodies the server expects', async () => {
    for (let i = 0; i < 4; i++) answer(200, entry);
    await client.mergeLedgerEntry(12, { intoEntryId: 11, reason: '同一项工作' });
    await client.markLedgerDistinct(11, { otherEntryId: 12, reason: '不同的工作' });
    await client.assignInspector(11, 6);
    const inspection = { visitedAt: '2018-08-25T10:00:00+08:00', latitude: null, longitude: null, findings: '现场查看资助台账', verdict: 'pass' as const };
    await client.recordInspection(11, inspection);
    expect(paths()).toEqual([
      ['/api/ledger/12/merge', 'POST', { intoEntryId: 11, reason: '同一项工作' }],
      ['/api/ledger/11/distinct', 'POST', { otherEntryId: 12, reason: '不同的工作' }],
      ['/api/ledger/11/inspector', 'POST', { inspectorId: 6 }],
      ['/api/ledger/11/inspection', 'POST', inspection],
    ]);
  });

  it('turns a second verdict into a CONFLICT ApiError', async () => {
    answer(409, errorBody('CONFLICT', '该事项已有核查结论'));
    const error = await client
      .recordInspection(11, { visitedAt: '2018-08-25T10:00:00+08:00', findings: '现场查看资助台账', verdict: 'reject', reason: '材料不实' })
      .catch((e: unknown) => e);
    expect(client.isApiError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'CONFLICT', status: 409, message: '该事项已有核查结论' });
  });

  it('reads the catalog, the inspectors and the month highlights', async () => {
    answer(200, { items: [{ ...entry, status: 'passed' }] });
    answer(200, { items: [{ id: 6, name: '王静' }] });
    answer(200, { month: '2018-08', roundId: null, items: [] });
    await expect(client.getCatalog('2018-08')).resolves.toHaveLength(1);
    await expect(client.listInspectors()).resolves.toEqual([{ id: 6, name: '王静' }]);
    await expect(client.getMonthHighlights('2018-08')).resolves.toMatchObject({ roundId: null, items: [] });
    expect(paths().map(([url]) => url)).toEqual(['/api/catalog?month=2018-08', '/api/ledger/inspectors', '/api/highlights?month=2018-08']);
  });

  it('opens a round as a monthly vote and casts a ballot with PUT', async () => {
    answer(201, round);
    answer(200, { ...round, myBallot: [11], ballots: 1 });
    await client.openRound({ month: '2018-08', selectCount: 2, endsAt: '2018-08-31T18:00:00+08:00' });
    const after = await client.castBallot(4, [11]);
    expect(after.myBallot).toEqual([11]);
    expect(paths()).toEqual([
      ['/api/rounds', 'POST', { kind: 'monthlyVote', month: '2018-08', selectCount: 2, endsAt: '2018-08-31T18:00:00+08:00' }],
      ['/api/rounds/4/ballot', 'PUT', { entryIds: [11] }],
    ]);
  });

  it('turns a ballot over the number into a VALIDATION_FAILED ApiError with its details', async () => {
    answer(400, errorBody('VALIDATION_FAILED', '最多可选2项', { max: 2 }));
    const error = await client.castBallot(4, [11, 12, 13]).catch((e: unknown) => e);
    expect(client.isApiError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, message: '最多可选2项', details: { max: 2 } });
    expect(client.errorText(error)).toBe('最多可选2项');
  });

  it('turns a ballot after the round closed into INVALID_STATE and a non-member into FORBIDDEN', async () => {
    answer(409, errorBody('INVALID_STATE', '投票已结束'));
    answer(403, errorBody('FORBIDDEN', '只有领导小组成员可以投票'));
    await expect(client.castBallot(4, [11])).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    await expect(client.castBallot(4, [11])).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(mockTaro.reLaunch).not.toHaveBeenCalled();
  });

  it('closes, decides a tie and reads the result', async () => {
    const tied = {
      round: { ...roundBase, status: 'tie' },
      rows: [
        { entryId: 11, title: 'a', unitName: null, votes: 2, rank: 1, selected: true },
        { entryId: 12, title: 'b', unitName: null, votes: 1, rank: 2, selected: false },
        { entryId: 13, title: 'c', unitName: null, votes: 1, rank: 2, selected: false },
      ],
      tie: { entryIds: [12, 13], seats: 1 },
    };
    answer(200, tied);
    answer(200, { ...tied, round: { ...roundBase, status: 'closed', decisionReason: '实地效果更好' }, tie: null });
    answer(409, errorBody('INVALID_STATE', '投票尚未结束'));
    await expect(client.closeRound(4)).resolves.toMatchObject({ tie: { seats: 1 } });
    await expect(client.decideRound(4, { entryIds: [12], reason: '实地效果更好' })).resolves.toMatchObject({ round: { status: 'closed' } });
    await expect(client.getRoundResult(5)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(paths()).toEqual([
      ['/api/rounds/4/close', 'POST', {}],
      ['/api/rounds/4/decide', 'POST', { entryIds: [12], reason: '实地效果更好' }],
      ['/api/rounds/5/result', 'GET', undefined],
    ]);
  });

  it('rejects a round answer that is not a round', async () => {
    answer(200, { ...round, status: 'counting' });
    await expect(client.getRound(4)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('uploadEvidence on weapp', () => {
  const fields = { capturedAt: '2026-11-23T06:05:00.000Z', latitude: 30.1, longitude: 120.2, accuracy: 15, source: 'camera' as const };

  it('uploads field `file` with the recorded fields as strings and reports progress', async () => {
    client.setToken('tok');
    mockTaro.uploadFile.mockReturnValueOnce(uploadTask({ statusCode: 201, data: JSON.stringify(evidence) }, [10, 55.4]));
    const progress: number[] = [];

    await expect(client.uploadEvidence(5, 'wxfile://tmp/a.jpg', fields, (p) => progress.push(p))).resolves.toEqual(evidence);

    expect(mockTaro.uploadFile.mock.calls[0][0]).toMatchObject({
      url: 'https://api.example.cn/api/reports/5/evidence',
      filePath: 'wxfile://tmp/a.jpg',
      name: 'file',
      header: { Authorization: 'Bearer tok' },
      formData: { capturedAt: '2026-11-23T06:05:00.000Z', latitude: '30.1', longitude: '120.2', accuracy: '15', source: 'camera' },
    });
    expect(progress).toEqual([10, 55, 100]);
  });

  it('leaves out the place when none was recorded', async () => {
    mockTaro.uploadFile.mockReturnValueOnce(uploadTask({ statusCode: 201, data: JSON.stringify(evidence) }));
    await client.uploadEvidence(5, 'wxfile://tmp/a.jpg', { capturedAt: fields.capturedAt, source: 'camera' });
    expect(mockTaro.uploadFile.mock.calls[0][0].formData).toEqual({ capturedAt: fields.capturedAt, source: 'camera' });
  });

  it.each([
    [413, 'PAYLOAD_TOO_LARGE', '文件不能超过 15 MB'],
    [415, 'UNSUPPORTED_MEDIA_TYPE', '只支持 JPEG、PNG 图片和 PDF 文件'],
    [422, 'IMAGE_UNREADABLE', '无法处理该图片'],
    [409, 'EVIDENCE_LIMIT', '每项最多9张照片'],
  ])('turns a %i error body into ApiError %s with its message', async (status, code, message) => {
    mockTaro.uploadFile.mockReturnValueOnce(uploadTask({ statusCode: status, data: JSON.stringify(errorBody(code, message)) }));
    const progress: number[] = [];
    const error = await client.uploadEvidence(5, 'wxfile://tmp/a.jpg', fields, (p) => progress.push(p)).catch((e: unknown) => e);
    expect(client.isApiError(error)).toBe(true);
    expect(error).toMatchObject({ code, status, message });
    expect(progress).not.toContain(100);
  });

  it('maps a proxy page refusing a large body by its status', async () => {
    mockTaro.uploadFile.mockReturnValueOnce(uploadTask({ statusCode: 413, data: '<html>413 Request Entity Too Large</html>' }));
    await expect(client.uploadEvidence(5, 'wxfile://tmp/a.jpg')).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: '提交的内容过大',
    });
  });

  it('reports a failed upload (no answer) as a network error', async () => {
    mockTaro.uploadFile.mockReturnValueOnce(uploadTask(new Error('uploadFile:fail timeout')));
    await expect(client.uploadEvidence(5, 'wxfile://tmp/a.jpg')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('rejects a success answer that is not evidence', async () => {
    mockTaro.uploadFile.mockReturnValueOnce(uploadTask({ statusCode: 201, data: '{"ok":true}' }));
    await expect(client.uploadEvidence(5, 'wxfile://tmp/a.jpg')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('inspection photos on weapp', () => {
  it('uploads to the entry\'s photos with the recorded fields and progress', async () => {
    client.setToken('tok');
    mockTaro.uploadFile.mockReturnValueOnce(uploadTask({ statusCode: 201, data: JSON.stringify(evidence) }, [40]));
    const progress: number[] = [];
    const fields = { capturedAt: '2018-08-25T10:00:00+08:00', latitude: 30.1, longitude: 120.2, source: 'camera' as const };

    await expect(client.uploadInspectionPhoto(11, 'wxfile://tmp/site.jpg', fields, (p) => progress.push(p))).resolves.toEqual(evidence);

    expect(mockTaro.uploadFile.mock.calls[0][0]).toMatchObject({
      url: 'https://api.example.cn/api/ledger/11/photos',
      filePath: 'wxfile://tmp/site.jpg',
      name: 'file',
      header: { Authorization: 'Bearer tok' },
      formData: { capturedAt: '2018-08-25T10:00:00+08:00', latitude: '30.1', longitude: '120.2', source: 'camera' },
    });
    expect(progress).toEqual([40, 100]);
  });

  it.each([
    [403, 'FORBIDDEN', '只有核查人可以上传'],
    [409, 'EVIDENCE_LIMIT', '每项最多9张照片'],
    [415, 'UNSUPPORTED_MEDIA_TYPE', '只支持 JPEG、PNG 图片'],
  ])('turns a %i refusal into ApiError %s', async (status, code, message) => {
    mockTaro.uploadFile.mockReturnValueOnce(uploadTask({ statusCode: status, data: JSON.stringify(errorBody(code, message)) }));
    await expect(client.uploadInspectionPhoto(11, 'wxfile://tmp/site.jpg')).rejects.toMatchObject({ code, status, message });
  });

  it('deletes an inspection photo on a 204', async () => {
    answer(204, '');
    await expect(client.deleteInspectionPhoto(11, 31)).resolves.toBeUndefined();
    expect(mockTaro.request.mock.calls[0][0]).toMatchObject({ url: 'https://api.example.cn/api/ledger/11/photos/31', method: 'DELETE' });
  });
});

/** A minimal XMLHttpRequest for the H5 path: records what was sent, answers as told. */
class FakeXhr {
  static last: FakeXhr | null = null;
  static answer: { status: number; body: string; progress?: [number, number][] } | 'network' = { status: 201, body: '' };
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  timeout = 0;
  status = 0;
  responseText = '';
  upload: { onprogress: ((e: Partial<ProgressEvent>) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.last = this;
    const a = FakeXhr.answer;
    setTimeout(() => {
      if (a === 'network') return this.onerror?.();
      for (const [loaded, total] of a.progress ?? []) this.upload.onprogress?.({ lengthComputable: true, loaded, total });
      this.status = a.status;
      this.responseText = a.body;
      this.onload?.();
    }, 0);
  }
}

describe('uploadEvidence on H5', () => {
  const realXhr = (global as { XMLHttpRequest?: unknown }).XMLHttpRequest;
  beforeEach(() => {
    client = loadClient({ TARO_ENV: 'h5' });
    (global as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
    FakeXhr.last = null;
  });
  afterEach(() => {
    (global as { XMLHttpRequest?: unknown }).XMLHttpRequest = realXhr;
  });

  it('posts a FormData with the fields and the file, with the bearer token and upload progress', async () => {
    client.setToken('h5-tok');
    FakeXhr.answer = { status: 201, body: JSON.stringify(evidence), progress: [[25, 100], [100, 100]] };
    const progress: number[] = [];
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'site.jpg', { type: 'image/jpeg' });

    await expect(
      client.uploadEvidence(5, file, { source: 'album', latitude: undefined }, (p) => progress.push(p)),
    ).resolves.toEqual(evidence);

    const xhr = FakeXhr.last!;
    expect([xhr.method, xhr.url]).toEqual(['POST', '/api/reports/5/evidence']);
    expect(xhr.headers).toEqual({ Authorization: 'Bearer h5-tok' });
    expect(xhr.body!.get('source')).toBe('album');
    expect(xhr.body!.has('latitude')).toBe(false);
    expect((xhr.body!.get('file') as File).name).toBe('site.jpg');
    expect(progress).toEqual([25, 100, 100]);
    expect(mockTaro.uploadFile).not.toHaveBeenCalled();
  });

  it('posts an inspection photo to the entry with the same machinery', async () => {
    client.setToken('h5-tok');
    FakeXhr.answer = { status: 201, body: JSON.stringify(evidence), progress: [[50, 100]] };
    const progress: number[] = [];
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'visit.jpg', { type: 'image/jpeg' });

    await expect(client.uploadInspectionPhoto(11, file, { source: 'album' }, (p) => progress.push(p))).resolves.toEqual(evidence);

    const xhr = FakeXhr.last!;
    expect([xhr.method, xhr.url]).toEqual(['POST', '/api/ledger/11/photos']);
    expect(xhr.headers).toEqual({ Authorization: 'Bearer h5-tok' });
    expect(xhr.body!.get('source')).toBe('album');
    expect((xhr.body!.get('file') as File).name).toBe('visit.jpg');
    expect(progress).toEqual([50, 100]);
  });

  it('maps an error answer to its ApiError', async () => {
    FakeXhr.answer = { status: 409, body: JSON.stringify(errorBody('EVIDENCE_LIMIT', '证明材料数量已达上限')) };
    await expect(client.uploadEvidence(5, new Blob(['x']))).rejects.toMatchObject({ code: 'EVIDENCE_LIMIT', status: 409 });
  });

  it('reports a dropped connection as a network error', async () => {
    FakeXhr.answer = 'network';
    await expect(client.uploadEvidence(5, new Blob(['x']))).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});

describe('evidenceImageSrc', () => {
  it('downloads with the bearer token on weapp and caches the temp path', async () => {
    client.setToken('tok');
    mockTaro.downloadFile.mockResolvedValueOnce({ statusCode: 200, tempFilePath: 'wxfile://tmp/thumb.jpg' });

    await expect(client.evidenceImageSrc('/api/evidence/12/thumb')).resolves.toBe('wxfile://tmp/thumb.jpg');
    await expect(client.evidenceImageSrc('/api/evidence/12/thumb')).resolves.toBe('wxfile://tmp/thumb.jpg');

    expect(mockTaro.downloadFile).toHaveBeenCalledTimes(1);
    expect(mockTaro.downloadFile.mock.calls[0][0]).toMatchObject({
      url: 'https://api.example.cn/api/evidence/12/thumb',
      header: { Authorization: 'Bearer tok' },
    });
  });

  it('sends the token to no other origin an answer points at', async () => {
    client.setToken('tok');
    mockTaro.downloadFile.mockResolvedValueOnce({ statusCode: 200, tempFilePath: 'wxfile://tmp/cdn.jpg' });
    mockTaro.downloadFile.mockResolvedValueOnce({ statusCode: 200, tempFilePath: 'wxfile://tmp/api.jpg' });
    await client.evidenceImageSrc('https://cdn.example.com/t/12.jpg?sig=x');
    await client.evidenceImageSrc('https://api.example.cn/api/evidence/14/thumb');
    expect(mockTaro.downloadFile.mock.calls[0][0]).toMatchObject({ url: 'https://cdn.example.com/t/12.jpg?sig=x', header: {} });
    expect(mockTaro.downloadFile.mock.calls[1][0].header).toEqual({ Authorization: 'Bearer tok' });
  });

  it('fails by status on weapp and tries again next time', async () => {
    mockTaro.downloadFile.mockResolvedValueOnce({ statusCode: 404, tempFilePath: 'wxfile://tmp/404.html' });
    await expect(client.evidenceImageSrc('/api/evidence/13/thumb')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    mockTaro.downloadFile.mockResolvedValueOnce({ statusCode: 200, tempFilePath: 'wxfile://tmp/13.jpg' });
    await expect(client.evidenceImageSrc('/api/evidence/13/thumb')).resolves.toBe('wxfile://tmp/13.jpg');
  });

  it('fetches with the bearer token on H5 and answers a blob URL', async () => {
    client = loadClient({ TARO_ENV: 'h5' });
    client.setToken('h5-tok');
    const fetchMock = jest.fn(async (_url: string, _init: RequestInit) => new Response(new Blob(['img']), { status: 200 }));
    const realFetch = global.fetch;
    const realCreate = URL.createObjectURL;
    global.fetch = fetchMock as unknown as typeof fetch;
    URL.createObjectURL = jest.fn(() => 'blob:http://localhost/1');
    try {
      await expect(client.evidenceImageSrc('/api/evidence/12/thumb')).resolves.toBe('blob:http://localhost/1');
    } finally {
      global.fetch = realFetch;
      URL.createObjectURL = realCreate;
    }
    expect(fetchMock.mock.calls[0][0]).toBe('/api/evidence/12/thumb');
    expect(fetchMock.mock.calls[0][1].headers).toEqual({ Authorization: 'Bearer h5-tok' });
    expect(mockTaro.downloadFile).not.toHaveBeenCalled();
  });
});
