import type { Report, ReportDraft, ReportKind } from '@liangdian/shared';
import { DraftSaver, EMPTY_FORM, draftOf, localKey, type DraftSaverDeps, type SaveState } from './draft-saver';

const report = (id: number, patch: Partial<Report> = {}): Report => ({
  id,
  kind: 'report',
  status: 'draft',
  month: null,
  unit: { id: 3, code: 'XCB', name: '宣传部', type: 'department' },
  author: { id: 7, name: '李填报' },
  title: '',
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
  ...patch,
});

function setup(opts: { id?: number | null; kind?: ReportKind } = {}) {
  const store = new Map<string, unknown>();
  const states: SaveState['status'][] = [];
  const deps = {
    create: jest.fn(async (_kind: ReportKind, _draft: ReportDraft) => report(41)),
    update: jest.fn(async (id: number, _draft: ReportDraft) => report(id)),
    storage: {
      get: (k: string) => store.get(k),
      set: (k: string, v: unknown) => void store.set(k, v),
      remove: (k: string) => void store.delete(k),
    },
    errorText: () => '网络连接失败，请检查网络后重试',
    onState: jest.fn((s: SaveState) => void states.push(s.status)),
    onSaved: jest.fn(),
    delayMs: 1000,
    retryMs: 10000,
  } satisfies DraftSaverDeps;
  const saver = new DraftSaver(7, opts.kind ?? 'report', opts.id ?? null, deps);
  return { saver, deps, store, states };
}

/** Runs timers and lets the resulting promises settle. */
async function advance(ms: number) {
  await jest.advanceTimersByTimeAsync(ms);
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('DraftSaver', () => {
  it('creates the server draft once after the debounce, then updates it', async () => {
    const { saver, deps, store, states } = setup();
    saver.change({ ...EMPTY_FORM, title: '老' });
    saver.change({ ...EMPTY_FORM, title: '老旧' });
    expect(store.get(localKey(7, 'report', null))).toMatchObject({ form: { title: '老旧' } });
    await advance(999);
    expect(deps.create).not.toHaveBeenCalled();
    await advance(1);
    expect(deps.create).toHaveBeenCalledTimes(1);
    expect(deps.create.mock.calls[0][1]).toMatchObject({ title: '老旧', reason: null, leaderPraise: null });
    expect(saver.id).toBe(41);
    // The server has it: no local copy under either key.
    expect(store.size).toBe(0);

    saver.change({ ...EMPTY_FORM, title: '老旧小区' });
    expect(store.get(localKey(7, 'report', 41))).toMatchObject({ form: { title: '老旧小区' } });
    await advance(1000);
    expect(deps.update).toHaveBeenCalledWith(41, expect.objectContaining({ title: '老旧小区' }));
    expect(deps.create).toHaveBeenCalledTimes(1);
    expect(states).toEqual(['pending', 'pending', 'saving', 'saved', 'pending', 'saving', 'saved']);
  });

  it('never creates twice when changes arrive while the creation is in flight', async () => {
    const { saver, deps } = setup();
    let finish!: (r: Report) => void;
    deps.create.mockImplementationOnce(() => new Promise<Report>((resolve) => (finish = resolve)));
    saver.change({ ...EMPTY_FORM, title: '一' });
    await advance(1000);
    saver.change({ ...EMPTY_FORM, title: '一二' });
    await advance(1000);
    expect(deps.create).toHaveBeenCalledTimes(1);
    finish(report(41));
    await advance(1000);
    expect(deps.create).toHaveBeenCalledTimes(1);
    expect(deps.update).toHaveBeenCalledWith(41, expect.objectContaining({ title: '一二' }));
  });

  it('keeps the local copy when saving fails, and retries', async () => {
    const { saver, deps, store, states } = setup({ id: 9 });
    deps.update.mockRejectedValueOnce(new Error('offline'));
    saver.change({ ...EMPTY_FORM, summary: '离线时写的简介' });
    await advance(1000);
    expect(states.at(-1)).toBe('failed');
    expect(saver.hasUnsaved).toBe(true);
    expect(saver.readLocal()?.form.summary).toBe('离线时写的简介');

    await advance(10000);
    expect(deps.update).toHaveBeenCalledTimes(2);
    expect(states.at(-1)).toBe('saved');
    expect(store.size).toBe(0);
  });

  it('does not retry by itself a refusal that will not change', async () => {
    const { saver, deps } = setup({ id: 9 });
    deps.update.mockRejectedValue(new Error('INVALID_STATE'));
    const noRetry = new DraftSaver(7, 'report', 9, { ...deps, shouldRetry: () => false });
    noRetry.change({ ...EMPTY_FORM, title: '标题' });
    await advance(60000);
    expect(deps.update).toHaveBeenCalledTimes(1);
    saver.dispose();
    noRetry.dispose();
  });

  it('flush saves at once and reports whether the server has everything', async () => {
    const { saver, deps } = setup({ id: 9 });
    saver.change({ ...EMPTY_FORM, title: '立即保存' });
    await expect(saver.flush()).resolves.toBe(true);
    expect(deps.update).toHaveBeenCalledTimes(1);
    deps.update.mockRejectedValueOnce(new Error('offline'));
    saver.change({ ...EMPTY_FORM, title: '再改' });
    await expect(saver.flush()).resolves.toBe(false);
    saver.dispose();
  });

  it('ensureId creates an empty draft for an upload before any text', async () => {
    const { saver, deps } = setup({ kind: 'recommendation' });
    const pending = saver.ensureId();
    await advance(0);
    await expect(pending).resolves.toBe(41);
    expect(deps.create).toHaveBeenCalledWith('recommendation', expect.objectContaining({ title: '', unitId: null }));
    await expect(saver.ensureId()).resolves.toBe(41);
    expect(deps.create).toHaveBeenCalledTimes(1);
  });

  it('finds the copy a crash left behind', () => {
    const { saver, store } = setup({ id: 9 });
    store.set(localKey(7, 'report', 9), { form: { ...EMPTY_FORM, title: '崩溃前' }, at: '2026-11-23T06:00:00.000Z' });
    expect(saver.readLocal()?.form.title).toBe('崩溃前');
    store.set(localKey(7, 'report', 9), 'garbage');
    expect(saver.readLocal()).toBeNull();
  });

  it('sends a pending change once on dispose, and no state afterwards', async () => {
    const { saver, deps, states } = setup({ id: 9 });
    saver.change({ ...EMPTY_FORM, title: '离开页面前' });
    const before = states.length;
    saver.dispose();
    await advance(0);
    expect(deps.update).toHaveBeenCalledTimes(1);
    expect(states.length).toBe(before);
  });
});

describe('draftOf', () => {
  it('trims, sends blanks as null, and the unit only for recommendations', () => {
    const form = { ...EMPTY_FORM, title: ' 标题 ', leaderPraise: '  ', reason: '理由', unitId: 3 };
    expect(draftOf('report', form)).toEqual({ title: '标题', summary: '', category: null, leaderPraise: null, reason: '理由' });
    expect(draftOf('recommendation', form)).toMatchObject({ unitId: 3 });
  });
});
