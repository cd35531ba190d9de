import { randomBytes, randomInt } from 'node:crypto';
import type { BallotRejection, Signal } from '@liangdian/shared';
import type { EntityManager } from 'typeorm';
import type { Database } from '../../db/database';

/** One voter's choice of one candidate, on its way to the database. */
export interface BallotInput {
  voteId: number;
  dailyLimit: number;
  voterId: number;
  candidateId: number;
  day: string;
  castAt: Date;
  ip: string;
  device: string | null;
  signals: Signal[];
}

export type BallotOutcome = { ok: true } | { ok: false; code: BallotRejection };

interface Pending {
  input: BallotInput;
  resolve(o: BallotOutcome): void;
  reject(e: unknown): void;
}

/** How often one batch re-reads a voter's day after a concurrent writer took a slot it meant to use. */
const MAX_ROUNDS = 6;
const MAX_BATCH = 400;
/** Counter shards: lanes of all processes spread over them. */
export const SHARDS = 16;

/**
 * Group commit for public ballots. Requests arriving together are written in one transaction: the
 * voters' ballots of the day are read, each choice is given the voter's next free slot (or refused
 * as a repeat / past the daily limit), all rows are inserted at once, skipping any row a unique
 * index refuses, and the candidates' counters are raised. Only after COMMIT is any caller answered:
 * an acknowledged ballot is durable. Several batches run at once in "lanes"; each lane raises its
 * own shard of the counters, so lanes (and server processes) do not queue on one hot counter row.
 * The ballot rows themselves are the record of who voted for what, when, from where: no audit-log
 * row per batch (that chain's single head would serialise every lane); the office's decisions on
 * ballots are audited.
 *
 * The database decides, not this process: the unique (vote, voter, day, candidate) and (vote,
 * voter, day, slot) indexes refuse a repeat and a ballot past the limit even when another server
 * process wrote the voter's rows a moment earlier. A row refused by an index is re-decided against
 * what is now committed (READ COMMITTED sees it once the conflicting insert has finished).
 */
export class BallotWriter {
  private queue: Pending[] = [];
  /** Free lanes, each with its counter shard (distinct within the process, spread across processes). */
  private readonly lanes: number[];
  private scheduled = false;
  private readonly maxParallel: number;
  private readonly mysql: boolean;

  constructor(
    private readonly db: Database,
    opts: { maxParallel?: number } = {},
  ) {
    this.mysql = db.kind === 'mysql';
    this.maxParallel = this.mysql ? (opts.maxParallel ?? 4) : 1;
    const base = randomInt(0, SHARDS);
    this.lanes = Array.from({ length: this.maxParallel }, (_, i) => (base + i) % SHARDS);
  }

  /** Resolves once the ballot is committed (or refused); rejects if the database failed (nothing acknowledged). */
  write(inputs: BallotInput[]): Promise<BallotOutcome[]> {
    const all = Promise.all(inputs.map((input) => new Promise<BallotOutcome>((resolve, reject) => this.queue.push({ input, resolve, reject }))));
    this.kick();
    return all;
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Let every request parsed in this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.lanes.length && this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      const shard = this.lanes.pop()!;
      this.flush(batch, shard).finally(() => {
        this.lanes.push(shard);
        if (this.queue.length) this.pump();
      });
    }
  }

  private async flush(batch: Pending[], shard: number): Promise<void> {
    try {
      const outcomes = await this.db.transaction((m) => this.writeBatch(m, batch.map((p) => p.input), shard));
      batch.forEach((p, i) => p.resolve(outcomes[i]));
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }

  /** The batch's work inside one transaction; pure in its inputs, so a deadlock retry can run it again. */
  private async writeBatch(m: EntityManager, inputs: BallotInput[], shard: number): Promise<BallotOutcome[]> {
    const outcomes: (BallotOutcome | undefined)[] = new Array(inputs.length);
    const batch = randomBytes(8).toString('hex');
    let open = inputs.map((_, i) => i);
    for (let round = 0; round < MAX_ROUNDS && open.length; round++) {
      const state = await this.readDays(m, open.map((i) => inputs[i]));
      const rows: { i: number; slot: number }[] = [];
      for (const i of open) {
        const b = inputs[i];
        const day = state.get(dayKey(b))!;
        if (day.candidates.has(b.candidateId)) {
          outcomes[i] = { ok: false, code: 'ALREADY_VOTED_TODAY' };
          continue;
        }
        let slot = 1;
        while (day.slots.has(slot)) slot++;
        if (slot > b.dailyLimit) {
          outcomes[i] = { ok: false, code: 'DAILY_LIMIT_REACHED' };
          continue;
        }
        day.candidates.add(b.candidateId);
        day.slots.add(slot);
        rows.push({ i, slot });
      }
      open = [];
      if (!rows.length) break;
      const inserted = await this.insert(m, batch, rows.map((r) => ({ ...inputs[r.i], slot: r.slot })));
      // Every row went in (the usual case on MySQL, known from the affected-row count): no read-back.
      const mine = inserted === rows.length ? null : await this.readOwn(m, batch, rows.map((r) => inputs[r.i]));
      const left: number[] = [];
      for (const r of rows) {
        const b = inputs[r.i];
        if (!mine || mine.has(`${b.voteId}|${b.voterId}|${b.day}|${b.candidateId}`)) outcomes[r.i] = { ok: true };
        else left.push(r.i); // another writer got there first: decide again against what it committed
      }
      open = left;
    }
    if (open.length) throw new Error(`ballot batch could not settle ${open.length} rows after ${MAX_ROUNDS} rounds`);

    const accepted = inputs.filter((_, i) => outcomes[i]!.ok);
    if (accepted.length) await this.raiseCounters(m, accepted.map((b) => b.candidateId), shard);
    return outcomes as BallotOutcome[];
  }

  /** The voters' committed ballots of the day, per (vote, day, voter). */
  private async readDays(m: EntityManager, inputs: BallotInput[]) {
    const state = new Map<string, { candidates: Set<number>; slots: Set<number> }>();
    for (const b of inputs) if (!state.has(dayKey(b))) state.set(dayKey(b), { candidates: new Set(), slots: new Set() });
    for (const [group, voters] of groups(inputs)) {
      const [voteId, day] = group.split('|');
      const rows: { voter_id: number; candidate_id: number; slot: number }[] = await m.query(
        `SELECT voter_id, candidate_id, slot FROM public_ballots WHERE vote_id = ? AND day = ? AND voter_id IN (${voters.map(() => '?').join(',')})`,
        [Number(voteId), day, ...voters],
      );
      for (const r of rows) {
        const s = state.get(`${voteId}|${day}|${Number(r.voter_id)}`);
        s?.candidates.add(Number(r.candidate_id));
        s?.slots.add(Number(r.slot));
      }
    }
    return state;
  }

  /** Inserts the rows, skipping those a unique index refuses; answers how many went in (-1: unknown). */
  private async insert(m: EntityManager, batch: string, rows: (BallotInput & { slot: number })[]): Promise<number> {
    const cols = '(vote_id, voter_id, day, candidate_id, slot, cast_at, ip, device, signals, flagged, excluded, batch)';
    const values = rows.map(() => '(?,?,?,?,?,?,?,?,?,?,0,?)').join(',');
    const params = rows.flatMap((r) => [
      r.voteId,
      r.voterId,
      r.day,
      r.candidateId,
      r.slot,
      sqlTime(r.castAt),
      r.ip,
      r.device,
      r.signals.length ? JSON.stringify(r.signals) : null,
      r.signals.length ? 1 : 0,
      batch,
    ]);
    if (!this.mysql) {
      await m.query(`INSERT INTO public_ballots ${cols} VALUES ${values} ON CONFLICT DO NOTHING`, params);
      return -1;
    }
    // IGNORE skips a row that breaks a unique index (every value here is validated and within its
    // column, so there is nothing else for IGNORE to hide); affectedRows counts the rows that went in.
    const res: { affectedRows?: number } = await m.query(`INSERT IGNORE INTO public_ballots ${cols} VALUES ${values}`, params);
    return typeof res?.affectedRows === 'number' ? res.affectedRows : -1;
  }

  /** The rows this batch wrote, as (vote, voter, day, candidate) keys. */
  private async readOwn(m: EntityManager, batch: string, inputs: BallotInput[]): Promise<Set<string>> {
    const mine = new Set<string>();
    for (const [group, voters] of groups(inputs)) {
      const [voteId, day] = group.split('|');
      const rows: { voter_id: number; candidate_id: number }[] = await m.query(
        `SELECT voter_id, candidate_id FROM public_ballots WHERE vote_id = ? AND day = ? AND voter_id IN (${voters.map(() => '?').join(',')}) AND batch = ?`,
        [Number(voteId), day, ...voters, batch],
      );
      for (const r of rows) mine.add(`${voteId}|${Number(r.voter_id)}|${day}|${Number(r.candidate_id)}`);
    }
    return mine;
  }

  /** The lane's shard of each candidate's counter, raised in one statement (rows in key order). */
  private async raiseCounters(m: EntityManager, candidateIds: number[], shard: number): Promise<void> {
    const counts = new Map<number, number>();
    for (const c of candidateIds) counts.set(c, (counts.get(c) ?? 0) + 1);
    const ids = [...counts.keys()].sort((a, b) => a - b);
    await addToCounters(m, ids.map((candidateId) => ({ candidateId, shard, votes: counts.get(candidateId)! })));
  }
}

/** Adds to counter shards (creating them at need), in one statement on either database. */
export async function addToCounters(m: EntityManager, rows: { candidateId: number; shard: number; votes: number }[]): Promise<void> {
  const values = rows.map(() => '(?,?,?)').join(',');
  const upsert =
    m.connection.options.type === 'better-sqlite3'
      ? 'ON CONFLICT (candidate_id, shard) DO UPDATE SET votes = votes + excluded.votes'
      : 'ON DUPLICATE KEY UPDATE votes = votes + VALUES(votes)';
  await m.query(`INSERT INTO public_vote_counters (candidate_id, shard, votes) VALUES ${values} ${upsert}`, rows.flatMap((r) => [r.candidateId, r.shard, r.votes]));
}

function dayKey(b: { voteId: number; day: string; voterId: number }): string {
  return `${b.voteId}|${b.day}|${b.voterId}`;
}

/** Voters per (vote, day). */
function groups(inputs: BallotInput[]): Map<string, number[]> {
  const g = new Map<string, Set<number>>();
  for (const b of inputs) {
    const k = `${b.voteId}|${b.day}`;
    if (!g.has(k)) g.set(k, new Set());
    g.get(k)!.add(b.voterId);
  }
  return new Map([...g].map(([k, v]) => [k, [...v]]));
}

/** `YYYY-MM-DD HH:mm:ss.SSS` in UTC: how both databases hold our timestamps. */
export function sqlTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
