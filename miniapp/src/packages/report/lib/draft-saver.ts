/**
 * Autosave of a report draft: the server draft is created on the first change, later changes are
 * saved debounced (one request at a time, never two creations), and every change is also kept in
 * local storage until the server has it, so a crash or a lost network loses nothing.
 *
 * Plain TypeScript with its dependencies passed in, so it is tested without Taro.
 */
import type { Category, Report, ReportDraft, ReportKind } from '@liangdian/shared';

export interface DraftForm {
  title: string;
  summary: string;
  category: Category | null;
  leaderPraise: string;
  /** Reports: 申报理由 for the 2nd/3rd item. Recommendations: 推荐理由. */
  reason: string;
  /** Recommendations: the unit whose work it is. */
  unitId: number | null;
}

export const EMPTY_FORM: DraftForm = { title: '', summary: '', category: null, leaderPraise: '', reason: '', unitId: null };

export function formOf(report: Report): DraftForm {
  return {
    title: report.title,
    summary: report.summary,
    category: report.category,
    leaderPraise: report.leaderPraise ?? '',
    reason: report.reason ?? '',
    unitId: report.kind === 'recommendation' ? (report.unit?.id ?? null) : null,
  };
}

/** What is sent: blanks become null so a cleared field is cleared on the server too. */
export function draftOf(kind: ReportKind, form: DraftForm): ReportDraft {
  const draft: ReportDraft = {
    title: form.title.trim(),
    summary: form.summary.trim(),
    category: form.category,
    leaderPraise: form.leaderPraise.trim() || null,
    reason: form.reason.trim() || null,
  };
  if (kind === 'recommendation') draft.unitId = form.unitId;
  return draft;
}

export function isBlank(form: DraftForm): boolean {
  return !form.title.trim() && !form.summary.trim() && !form.category && !form.leaderPraise.trim() && !form.reason.trim() && !form.unitId;
}

export type SaveState =
  | { status: 'idle' }
  | { status: 'pending' }
  | { status: 'saving' }
  | { status: 'saved' }
  | { status: 'failed'; message: string };

export interface DraftStorage {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

export interface LocalCopy {
  form: DraftForm;
  /** When the copy was written (ISO). */
  at: string;
}

export interface DraftSaverDeps {
  create(kind: ReportKind, draft: ReportDraft): Promise<Report>;
  update(id: number, draft: ReportDraft): Promise<Report>;
  storage: DraftStorage;
  errorText(error: unknown): string;
  onState(state: SaveState): void;
  /** Every answer of a save: the page keeps status, id and quota slot from it (not the form). */
  onSaved(report: Report): void;
  /** Debounce of saves (default 1000 ms). */
  delayMs?: number;
  /** A failed save is tried again after this long (default 10 s), and on the next change. */
  retryMs?: number;
  /** Whether a failure is worth retrying by itself (a lost network is; a refusal is not). Default: yes. */
  shouldRetry?(error: unknown): boolean;
}

/** Local copies are per user: one phone or browser may be shared. */
export function localKey(userId: number, kind: ReportKind, id: number | null): string {
  return id ? `liangdian.reportDraft.${userId}.${id}` : `liangdian.reportDraft.${userId}.new.${kind}`;
}

function isLocalCopy(value: unknown): value is LocalCopy {
  const v = value as LocalCopy | null;
  return !!v && typeof v === 'object' && !!v.form && typeof v.form === 'object' && typeof v.form.title === 'string';
}

export class DraftSaver {
  private form: DraftForm = EMPTY_FORM;
  private dirty = false;
  private chain: Promise<boolean> = Promise.resolve(true);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    private readonly userId: number,
    private readonly kind: ReportKind,
    private currentId: number | null,
    private readonly deps: DraftSaverDeps,
  ) {}

  get id(): number | null {
    return this.currentId;
  }

  get hasUnsaved(): boolean {
    return this.dirty;
  }

  private get key(): string {
    return localKey(this.userId, this.kind, this.currentId);
  }

  /** The copy kept on this device that the server does not have yet, if any. */
  readLocal(): LocalCopy | null {
    const value = this.deps.storage.get(this.key);
    return isLocalCopy(value) ? { form: { ...EMPTY_FORM, ...value.form }, at: value.at } : null;
  }

  /** The form as loaded from the server (or empty): nothing to save yet. */
  load(form: DraftForm): void {
    this.form = form;
  }

  /** A change by the author: kept locally at once, saved to the server after the debounce. */
  change(form: DraftForm): void {
    this.form = form;
    this.dirty = true;
    this.deps.storage.set(this.key, { form, at: new Date().toISOString() } satisfies LocalCopy);
    this.emit({ status: 'pending' });
    this.schedule(this.deps.delayMs ?? 1000);
  }

  /** Saves now whatever is pending; true when the server has everything. */
  flush(): Promise<boolean> {
    this.clearTimer();
    this.chain = this.chain.then(() => this.save());
    return this.chain;
  }

  /** The server id, creating an (empty) draft first if there is none yet: uploads need one. */
  async ensureId(): Promise<number | null> {
    if (this.currentId) return this.currentId;
    this.dirty = true;
    await this.flush();
    return this.currentId;
  }

  /** After a submit or withdraw: the server has the item, the local copy is no longer needed. */
  clearLocal(): void {
    this.deps.storage.remove(this.key);
  }

  /** Stops timers; a pending change is still sent once (the local copy keeps it either way). */
  dispose(): void {
    this.clearTimer();
    if (this.dirty && !this.disposed) void this.flush();
    this.disposed = true;
  }

  private emit(state: SaveState): void {
    if (!this.disposed) this.deps.onState(state);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private async save(): Promise<boolean> {
    if (!this.dirty) return true;
    const form = this.form;
    const draft = draftOf(this.kind, form);
    this.dirty = false;
    this.emit({ status: 'saving' });
    try {
      const report = this.currentId ? await this.deps.update(this.currentId, draft) : await this.deps.create(this.kind, draft);
      if (!this.currentId) {
        // The copy moves from the "new" key to the item's own key.
        const oldKey = this.key;
        this.currentId = report.id;
        this.deps.storage.remove(oldKey);
        if (this.dirty) this.deps.storage.set(this.key, { form: this.form, at: new Date().toISOString() } satisfies LocalCopy);
      }
      if (!this.disposed) this.deps.onSaved(report);
      if (this.dirty) {
        // Changed while the request ran: the next save is already due.
        this.emit({ status: 'pending' });
        this.schedule(this.deps.delayMs ?? 1000);
      } else {
        this.deps.storage.remove(this.key);
        this.emit({ status: 'saved' });
      }
      return !this.dirty;
    } catch (error) {
      this.dirty = true;
      this.emit({ status: 'failed', message: this.deps.errorText(error) });
      if (this.deps.shouldRetry?.(error) ?? true) this.schedule(this.deps.retryMs ?? 10000);
      return false;
    }
  }
}
