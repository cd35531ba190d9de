/**
 * The API client against a mocked `@tarojs/taro`: what it sends, and how it turns every kind of
 * answer (good, refused, unauthenticated, malformed, none at all) into a value or an `ApiError`.
 */
const mockStorage = new Map<string, unknown>();
const mockTaro = {
  request: jest.fn(),
  uploadFile: jest.fn(),
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
