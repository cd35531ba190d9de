/**
 * The assessor's outbox of score sheets (offline-safe scoring on site). 提交 first writes the sheet to
 * storage, then sends it; a sheet leaves the outbox only when the server has answered it:
 *
 * - 2xx → the server has it (removed, the stored sheet is reported);
 * - a refusal (4xx: off the rubric, own unit, round closed…) → removed, the message is reported;
 * - no answer, 5xx, 401 (sign in again), 408 and 429 → kept, sent again later.
 *
 * Each sheet carries a `clientId` made once on the phone, so sending it again after a lost answer is
 * safe: the server returns the stored sheet instead of counting it twice. The outbox holds at most one
 * sheet per round and item: a changed sheet replaces the waiting one (with a new clientId, so the
 * server replaces the sheet it may already hold).
 */
import Taro from '@tarojs/taro';
import type { Scores, SubmittedSheet } from '@liangdian/shared';
import { submitSheet } from '../../../api/client';

export interface OutboxSheet {
  roundId: number;
  entryId: number;
  scores: Scores;
  clientId: string;
  /** When 提交 was pressed (ISO). */
  savedAt: string;
  /** Sends tried so far, and the last failure's message. */
  attempts: number;
  lastError: string | null;
}

export interface OutboxStorage {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** What `send` throws: an error with the HTTP status (0 when no answer arrived) and a message to show. */
export interface SendError {
  status?: number;
  message?: string;
  code?: string;
}

export interface OutboxDeps {
  storage: OutboxStorage;
  send(sheet: OutboxSheet): Promise<SubmittedSheet>;
}

export type SendOutcome =
  | { entryId: number; roundId: number; result: 'sent'; sheet: SubmittedSheet }
  | { entryId: number; roundId: number; result: 'refused'; status: number; message: string }
  | { entryId: number; roundId: number; result: 'kept'; status: number; message: string };

/** The storage key of one person's outbox: sheets are sent with their sender's token only. */
export const outboxKey = (userId: number) => `liangdian.scoreOutbox.${userId}`;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A random base36 id of `length` characters (≥ 12), e.g. `k3f9x0a1b2c7d8e4`. */
export function makeClientId(length = 20, random: () => number = Math.random): string {
  let out = '';
  for (let i = 0; i < Math.max(12, length); i += 1) out += ALPHABET[Math.floor(random() * 36) % 36];
  return out;
}

/** Failures worth sending again: no answer, the server's own trouble, an expired sign-in, throttling. */
export function isRetryable(status: number): boolean {
  return status === 0 || status >= 500 || status === 401 || status === 408 || status === 429;
}

function isSheet(value: unknown): value is OutboxSheet {
  const v = value as OutboxSheet | null;
  return (
    !!v &&
    typeof v.roundId === 'number' &&
    typeof v.entryId === 'number' &&
    typeof v.clientId === 'string' &&
    !!v.scores &&
    typeof v.scores === 'object'
  );
}

export class Outbox {
  private sending: Promise<SendOutcome[]> | null = null;

  constructor(
    private readonly key: string,
    private readonly deps: OutboxDeps,
  ) {}

  /** The waiting sheets, oldest first. */
  list(): OutboxSheet[] {
    const raw = this.deps.storage.get(this.key);
    return Array.isArray(raw) ? raw.filter(isSheet) : [];
  }

  private write(sheets: OutboxSheet[]): void {
    this.deps.storage.set(this.key, sheets);
  }

  find(roundId: number, entryId: number): OutboxSheet | undefined {
    return this.list().find((s) => s.roundId === roundId && s.entryId === entryId);
  }

  /**
   * Keeps a sheet for sending. The same scores as the waiting sheet keep its clientId (a second tap
   * is the same sheet); other scores replace it with a new clientId.
   */
  put(roundId: number, entryId: number, scores: Scores, now = new Date(), newId: () => string = () => makeClientId()): OutboxSheet {
    const sheets = this.list();
    const waiting = sheets.find((s) => s.roundId === roundId && s.entryId === entryId);
    if (waiting && sameScores(waiting.scores, scores)) return waiting;
    const sheet: OutboxSheet = { roundId, entryId, scores: { ...scores }, clientId: newId(), savedAt: now.toISOString(), attempts: 0, lastError: null };
    this.write([...sheets.filter((s) => s !== waiting), sheet]);
    return sheet;
  }

  /** Removes one sheet, only if it is still this very sheet (a newer one may have replaced it meanwhile). */
  private remove(sheet: OutboxSheet): void {
    this.write(this.list().filter((s) => s.clientId !== sheet.clientId));
  }

  private note(sheet: OutboxSheet, message: string): void {
    this.write(this.list().map((s) => (s.clientId === sheet.clientId ? { ...s, attempts: s.attempts + 1, lastError: message } : s)));
  }

  /**
   * Sends every waiting sheet (of one round when given), one after another. A flush already running
   * is joined, not doubled.
   */
  flush(roundId?: number): Promise<SendOutcome[]> {
    if (this.sending) return this.sending;
    const run = async () => {
      const outcomes: SendOutcome[] = [];
      for (const sheet of this.list().filter((s) => roundId === undefined || s.roundId === roundId)) {
        outcomes.push(await this.sendOne(sheet));
      }
      return outcomes;
    };
    this.sending = run().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private async sendOne(sheet: OutboxSheet): Promise<SendOutcome> {
    const at = { roundId: sheet.roundId, entryId: sheet.entryId };
    try {
      const stored = await this.deps.send(sheet);
      this.remove(sheet);
      return { ...at, result: 'sent', sheet: stored };
    } catch (error) {
      const e = (error ?? {}) as SendError;
      const status = typeof e.status === 'number' ? e.status : 0;
      const message = e.message || '网络连接失败，请检查网络后重试';
      if (isRetryable(status)) {
        this.note(sheet, message);
        return { ...at, result: 'kept', status, message };
      }
      this.remove(sheet);
      return { ...at, result: 'refused', status, message };
    }
  }
}

export function sameScores(a: Scores, b: Scores): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** The signed-in person's outbox on Taro storage, sending through the API client. */
export function createOutbox(userId: number): Outbox {
  return new Outbox(outboxKey(userId), {
    storage: {
      get: (key) => {
        try {
          return Taro.getStorageSync(key);
        } catch {
          return null;
        }
      },
      set: (key, value) => Taro.setStorageSync(key, value),
    },
    send: (sheet) => submitSheet(sheet.roundId, sheet.entryId, { scores: sheet.scores, clientId: sheet.clientId }),
  });
}
