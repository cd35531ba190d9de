/**
 * The public-vote calls against a mocked `@tarojs/taro`: ballots carry the phone's device id (made
 * once, then kept in storage) beside the bearer token, and hidden results read as a state.
 */
export {};

const mockStorage = new Map<string, unknown>();
const mockTaro = {
  request: jest.fn(),
  reLaunch: jest.fn(() => Promise.resolve()),
  getStorageSync: jest.fn((key: string) => (mockStorage.has(key) ? mockStorage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => void mockStorage.set(key, value)),
  removeStorageSync: jest.fn((key: string) => void mockStorage.delete(key)),
};
jest.mock('@tarojs/taro', () => ({ __esModule: true, default: mockTaro }));

type Api = typeof import('./public-votes') & typeof import('./client');

function load(): Api {
  process.env.TARO_ENV = 'weapp';
  process.env.TARO_APP_API_BASE = 'https://api.example.cn';
  let api!: Api;
  jest.isolateModules(() => {
    api = { ...require('./client'), ...require('./public-votes') };
  });
  return api;
}

const answer = (statusCode: number, data: unknown) => mockTaro.request.mockResolvedValueOnce({ statusCode, data, header: {} });

beforeEach(() => {
  mockStorage.clear();
  jest.clearAllMocks();
});

describe('public-vote ballots', () => {
  it('send one stored device id with every ballot, beside the token', async () => {
    const api = load();
    api.setToken('tok-1');
    answer(200, { accepted: ['3'], rejected: [] });
    answer(200, { accepted: [], rejected: [{ candidateId: '3', code: 'ALREADY_VOTED_TODAY' }] });

    await expect(api.castPublicBallots('7', ['3'])).resolves.toEqual({ accepted: ['3'], rejected: [] });
    await api.castPublicBallots('7', ['3']);

    const [first, second] = mockTaro.request.mock.calls.map((c) => c[0]);
    expect(first).toMatchObject({ url: 'https://api.example.cn/api/public-votes/7/ballots', method: 'POST', data: { candidateIds: ['3'] } });
    expect(first.header['X-Device-Id']).toMatch(/^[0-9a-f]{32}$/);
    expect(first.header.Authorization).toBe('Bearer tok-1');
    expect(second.header['X-Device-Id']).toBe(first.header['X-Device-Id']);
    expect(mockStorage.get('ld.deviceId')).toBe(first.header['X-Device-Id']);
  });

  it('replaces a stored device id that is not one of ours', async () => {
    mockStorage.set('ld.deviceId', 'x');
    const api = load();
    answer(200, { accepted: ['3'], rejected: [] });
    await api.castPublicBallots('7', ['3']);
    expect(mockTaro.request.mock.calls[0][0].header['X-Device-Id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reads a whole-request refusal as an ApiError with the server message', async () => {
    const api = load();
    answer(409, { error: { code: 'VOTE_NOT_OPEN', message: '投票未开始或已结束', requestId: 'r1' } });
    await expect(api.castPublicBallots('7', ['3'])).rejects.toMatchObject({ code: 'VOTE_NOT_OPEN', message: '投票未开始或已结束', status: 409 });
  });
});

describe('public-vote results', () => {
  it('tells hidden results apart from other failures', async () => {
    const api = load();
    answer(403, { error: { code: 'RESULTS_HIDDEN', message: '投票进行中，结果暂不公布', requestId: 'r2' } });
    answer(404, { error: { code: 'NOT_FOUND', message: '投票不存在', requestId: 'r3' } });
    const hidden = await api.getPublicResults('7').catch((e: unknown) => e);
    const missing = await api.getPublicResults('8').catch((e: unknown) => e);
    expect(api.isResultsHidden(hidden)).toBe(true);
    expect(api.isResultsHidden(missing)).toBe(false);
  });
});
