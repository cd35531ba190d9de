/**
 * The score-sheet outbox against mocked Taro storage and a mocked API client: no sheet is lost (a
 * failed send stays), none is doubled (a re-send carries the same clientId), and a refusal drops it.
 */
import type { SubmittedSheet } from '@liangdian/shared';

const mockStorage = new Map<string, unknown>();
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    getStorageSync: jest.fn((key: string) => (mockStorage.has(key) ? JSON.parse(JSON.stringify(mockStorage.get(key))) : '')),
    setStorageSync: jest.fn((key: string, value: unknown) => void mockStorage.set(key, JSON.parse(JSON.stringify(value)))),
  },
}));
const mockSubmitSheet = jest.fn();
jest.mock('../../../api/client', () => ({ __esModule: true, submitSheet: (...args: unknown[]) => mockSubmitSheet(...args) }));

import { createOutbox, isRetryable, makeClientId, outboxKey } from './outbox';

const SCORES = { distinctive: 8.5, organised: 9, influence: 7, breakthrough: 8, leaderPraise: 6 };

const stored = (roundId: number, entryId: number, clientId: string): SubmittedSheet => ({
  roundId,
  entryId,
  assessorId: 5,
  scores: SCORES,
  clientId,
  total: '78.25',
  submittedAt: '2018-10-01T02:00:00.000Z',
});

/** What the API client throws: an ApiError with the HTTP status (0: no answer). */
const apiError = (status: number, message: string, code = 'X') => Object.assign(new Error(message), { name: 'ApiError', status, code });

/** The server as the client sees it: stores one sheet per clientId, answers a re-send with the stored one. */
function fakeServer() {
  const sheets = new Map<string, SubmittedSheet>();
  const impl = async (roundId: number, entryId: number, body: { clientId: string }) => {
    const sheet = sheets.get(body.clientId) ?? stored(roundId, entryId, body.clientId);
    sheets.set(body.clientId, sheet);
    return sheet;
  };
  return { sheets, impl };
}

beforeEach(() => {
  mockStorage.clear();
  mockSubmitSheet.mockReset();
});

describe('outbox', () => {
  it('saves the sheet in storage before sending, and removes it once the server has it (200)', async () => {
    const outbox = createOutbox(5);
    let seenInStorage: unknown = null;
    mockSubmitSheet.mockImplementation(async (roundId: number, entryId: number, body: { clientId: string }) => {
      seenInStorage = mockStorage.get(outboxKey(5));
      return stored(roundId, entryId, body.clientId);
    });
    const sheet = outbox.put(3, 41, SCORES);
    expect(sheet.clientId).toMatch(/^[0-9a-z]{12,}$/);
    const outcomes = await outbox.flush(3);
    expect(seenInStorage).toEqual([expect.objectContaining({ entryId: 41, clientId: sheet.clientId })]);
    expect(mockSubmitSheet).toHaveBeenCalledWith(3, 41, { scores: SCORES, clientId: sheet.clientId });
    expect(outcomes).toEqual([expect.objectContaining({ entryId: 41, result: 'sent' })]);
    expect(outbox.list()).toEqual([]);
  });

  it('loses nothing: a network error or a 5xx keeps the sheet, also for a new outbox on the same storage', async () => {
    mockSubmitSheet.mockRejectedValueOnce(apiError(0, '网络连接失败')).mockRejectedValueOnce(apiError(503, '服务暂不可用'));
    const outbox = createOutbox(5);
    const sheet = outbox.put(3, 41, SCORES);
    expect((await outbox.flush())[0]).toMatchObject({ result: 'kept', status: 0 });
    expect((await outbox.flush())[0]).toMatchObject({ result: 'kept', status: 503 });
    // The page was closed and opened again: the sheet is still there, with its clientId.
    const reopened = createOutbox(5);
    expect(reopened.list()).toEqual([expect.objectContaining({ entryId: 41, clientId: sheet.clientId, attempts: 2, lastError: '服务暂不可用' })]);
    // Another person's outbox on the same phone does not see it.
    expect(createOutbox(6).list()).toEqual([]);
  });

  it('sends no duplicate: a re-send after a lost answer carries the same clientId and the server keeps one sheet', async () => {
    const server = fakeServer();
    // The first send reaches the server but the answer is lost.
    mockSubmitSheet.mockImplementationOnce(async (...args: [number, number, { clientId: string }]) => {
      await server.impl(...args);
      throw apiError(0, '网络连接失败');
    });
    mockSubmitSheet.mockImplementation(server.impl);
    const outbox = createOutbox(5);
    const sheet = outbox.put(3, 41, SCORES);
    await outbox.flush();
    expect(outbox.list()).toHaveLength(1);
    // A second tap on 提交 with the same scores is the same sheet.
    expect(outbox.put(3, 41, { ...SCORES }).clientId).toBe(sheet.clientId);
    const outcomes = await outbox.flush();
    expect(outcomes).toEqual([expect.objectContaining({ result: 'sent' })]);
    const ids = mockSubmitSheet.mock.calls.map((c) => (c[2] as { clientId: string }).clientId);
    expect(ids).toEqual([sheet.clientId, sheet.clientId]);
    expect(server.sheets.size).toBe(1);
    expect(outbox.list()).toEqual([]);
  });

  it('joins a flush already running instead of sending twice', async () => {
    let release!: () => void;
    mockSubmitSheet.mockImplementation(
      (roundId: number, entryId: number, body: { clientId: string }) =>
        new Promise<SubmittedSheet>((resolve) => {
          release = () => resolve(stored(roundId, entryId, body.clientId));
        }),
    );
    const outbox = createOutbox(5);
    outbox.put(3, 41, SCORES);
    const a = outbox.flush();
    const b = outbox.flush();
    await Promise.resolve();
    release();
    expect(await a).toBe(await b);
    expect(mockSubmitSheet).toHaveBeenCalledTimes(1);
  });

  it('drops a sheet the server refuses (4xx) and reports the message', async () => {
    mockSubmitSheet
      .mockRejectedValueOnce(apiError(400, '「领导批示表扬」得分11超出范围，应为0至10分', 'VALIDATION_FAILED'))
      .mockRejectedValueOnce(apiError(409, '评分已结束', 'INVALID_STATE'));
    const outbox = createOutbox(5);
    outbox.put(3, 41, { ...SCORES, leaderPraise: 11 });
    outbox.put(3, 42, SCORES);
    const outcomes = await outbox.flush(3);
    expect(outcomes).toEqual([
      expect.objectContaining({ entryId: 41, result: 'refused', status: 400, message: '「领导批示表扬」得分11超出范围，应为0至10分' }),
      expect.objectContaining({ entryId: 42, result: 'refused', status: 409, message: '评分已结束' }),
    ]);
    expect(outbox.list()).toEqual([]);
  });

  it('keeps a sheet on 401 (sign in again), 408 and 429', async () => {
    expect([0, 401, 408, 429, 500, 502, 503].every(isRetryable)).toBe(true);
    expect([400, 403, 404, 409, 413, 422].some(isRetryable)).toBe(false);
    mockSubmitSheet.mockRejectedValue(apiError(401, '请重新登录'));
    const outbox = createOutbox(5);
    outbox.put(3, 41, SCORES);
    await outbox.flush();
    expect(outbox.list()).toHaveLength(1);
  });

  it('a changed sheet replaces the waiting one with a new clientId; a success of the old one keeps the new', async () => {
    const outbox = createOutbox(5);
    const first = outbox.put(3, 41, SCORES);
    let release!: () => void;
    mockSubmitSheet.mockImplementationOnce(
      (roundId: number, entryId: number, body: { clientId: string }) =>
        new Promise<SubmittedSheet>((resolve) => {
          release = () => resolve(stored(roundId, entryId, body.clientId));
        }),
    );
    const sending = outbox.flush();
    await Promise.resolve();
    const second = outbox.put(3, 41, { ...SCORES, influence: 9 });
    expect(second.clientId).not.toBe(first.clientId);
    release();
    await sending;
    expect(outbox.list()).toEqual([expect.objectContaining({ clientId: second.clientId, scores: expect.objectContaining({ influence: 9 }) })]);
  });

  it('flushes only the given round', async () => {
    mockSubmitSheet.mockImplementation(async (roundId: number, entryId: number, body: { clientId: string }) => stored(roundId, entryId, body.clientId));
    const outbox = createOutbox(5);
    outbox.put(3, 41, SCORES);
    outbox.put(4, 50, SCORES);
    await outbox.flush(3);
    expect(outbox.list().map((s) => s.roundId)).toEqual([4]);
  });

  it('makes base36 client ids of at least 12 characters that the server accepts', () => {
    for (let i = 0; i < 50; i += 1) expect(makeClientId()).toMatch(/^[0-9a-z]{20}$/);
    expect(makeClientId(4)).toHaveLength(12);
    expect(makeClientId(12, () => 0.9999999)).toBe('zzzzzzzzzzzz');
  });

  it('ignores a damaged storage value', () => {
    mockStorage.set(outboxKey(5), 'garbage');
    expect(createOutbox(5).list()).toEqual([]);
    mockStorage.set(outboxKey(5), [{ nope: 1 }]);
    expect(createOutbox(5).list()).toEqual([]);
  });
});
