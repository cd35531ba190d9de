import type { Signal } from '@liangdian/shared';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../../config';
import { AppError } from '../../http/app-error';

/** How long a Redis call on the vote path may take before the per-process fallback answers. */
const REDIS_PATIENCE_MS = 250;

export interface BallotContext {
  voteId: number;
  voterId: number;
  voterCreatedAt: Date;
  ip: string;
  device: string | null;
  /** Choices in the request: each consumes one point of the address's and device's budgets. */
  choices: number;
  now: Date;
}

/**
 * Abuse limits and fraud signals on the ballot path. Limits (per address, device and voter, with
 * rate-limiter-flexible) refuse a request outright with 429 and store nothing. Signals never refuse
 * and never exclude: they mark the ballots for the office's review, with what was seen (a burst
 * from one address or device, one device behind many WeChat accounts, a wave of new accounts from
 * one address). With Redis every process counts together; if Redis is slow or down, the process's
 * own counters answer (limits stay, signals are then per process) and the vote goes on.
 */
export class FraudSignals {
  private readonly ip: Guarded;
  private readonly device: Guarded;
  private readonly voter: Guarded;
  private readonly memorySets = new Map<string, { members: Set<number>; expires: number }>();

  constructor(
    private readonly cfg: Config['publicVote'],
    private readonly redis: Redis | null,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    const make = (name: string, points: number, shared: boolean) => guarded(shared ? redis : null, `${prefix}pv:rl:${name}`, points, 60);
    this.ip = make('ip', cfg.ipLimit, true);
    this.device = make('dev', cfg.deviceLimit, true);
    // Per voter only against hammering, so per process: the database itself holds each voter to the
    // rules, and one Redis call less per ballot is worth more than an exact cross-process count here.
    this.voter = make('voter', cfg.voterLimit, false);
    // SADD + EXPIRE + SCARD in one call.
    redis?.defineCommand('ldDistinct', {
      numberOfKeys: 1,
      lua: "redis.call('SADD', KEYS[1], ARGV[1]); redis.call('EXPIRE', KEYS[1], ARGV[2]); return redis.call('SCARD', KEYS[1])",
    });
  }

  /** Throws RATE_LIMITED past a limit; otherwise the signals for the request's ballots. */
  async check(c: BallotContext): Promise<Signal[]> {
    const signals: Signal[] = [];
    const [ipUsed, devUsed] = await Promise.all([
      this.consume(this.ip, c.ip, c.choices),
      c.device ? this.consume(this.device, c.device, c.choices) : Promise.resolve(0),
      this.consume(this.voter, String(c.voterId), 1),
    ]);
    if (ipUsed > this.cfg.ipBurst) signals.push({ kind: 'ipBurst', count: ipUsed, windowSeconds: 60 });
    if (!c.device) signals.push({ kind: 'noDevice', count: 0, windowSeconds: 0 });
    else if (devUsed > this.cfg.deviceBurst) signals.push({ kind: 'deviceBurst', count: devUsed, windowSeconds: 60 });

    const sets: Promise<void>[] = [];
    if (c.device) {
      // Voters seen on this device in this vote.
      sets.push(
        this.distinct(`${this.prefix}pv:${c.voteId}:dev:${c.device}`, c.voterId, 14 * 86400).then((n) => {
          if (n > this.cfg.sharedDeviceVoters) signals.push({ kind: 'sharedDevice', count: n, windowSeconds: 0 });
        }),
      );
    }
    if (c.now.getTime() - c.voterCreatedAt.getTime() < this.cfg.newAccountHours * 3600_000) {
      // New accounts voting from this address within the same 10 minutes.
      const bucket = Math.floor(c.now.getTime() / 600_000);
      sets.push(
        this.distinct(`${this.prefix}pv:${c.voteId}:new:${c.ip}:${bucket}`, c.voterId, 1200).then((n) => {
          if (n >= this.cfg.newAccountWave) signals.push({ kind: 'newAccountWave', count: n, windowSeconds: 600 });
        }),
      );
    }
    await Promise.all(sets);
    return signals;
  }

  private async consume(l: Guarded, key: string, points: number): Promise<number> {
    let res: RateLimiterRes;
    try {
      res = await withPatience(l.shared.consume(key, points), () => l.local.consume(key, points));
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        throw new AppError('RATE_LIMITED', '投票过于频繁，请稍后再试', { retryAfterSeconds: Math.ceil(e.msBeforeNext / 1000) });
      }
      this.logger.warn({ err: (e as Error).message }, 'vote limiter failed; using the process counter');
      res = await l.local.consume(key, points).catch((r: unknown) => {
        if (r instanceof RateLimiterRes) throw new AppError('RATE_LIMITED', '投票过于频繁，请稍后再试');
        throw r;
      });
    }
    return res.consumedPoints;
  }

  /** Adds a member to a set and answers its size (Redis, or this process's memory when Redis fails). */
  private async distinct(key: string, member: number, ttlSeconds: number): Promise<number> {
    if (this.redis) {
      try {
        const run = (this.redis as unknown as { ldDistinct(k: string, m: string, ttl: number): Promise<number> }).ldDistinct(key, String(member), ttlSeconds);
        const card = await withPatience(run, () => Promise.reject(new Error('redis too slow')));
        if (typeof card === 'number') return card;
      } catch (e) {
        this.logger.warn({ err: (e as Error).message }, 'vote signal store failed; using the process memory');
      }
    }
    const now = Date.now();
    let s = this.memorySets.get(key);
    if (!s || s.expires < now) {
      if (this.memorySets.size > 50_000) this.memorySets.clear();
      s = { members: new Set(), expires: now + ttlSeconds * 1000 };
      this.memorySets.set(key, s);
    }
    s.members.add(member);
    return s.members.size;
  }
}

interface Guarded {
  shared: RateLimiterAbstract;
  local: RateLimiterMemory;
}

function guarded(redis: Redis | null, keyPrefix: string, points: number, duration: number): Guarded {
  const local = new RateLimiterMemory({ keyPrefix, points, duration });
  return { shared: redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: local }) : local, local };
}

/** The shared answer if it comes in time, else the fallback's (the shared call is left to finish). */
function withPatience<T>(shared: Promise<T>, fallback: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), REDIS_PATIENCE_MS);
  });
  shared.catch(() => undefined);
  return Promise.race([shared, late]).then(
    (v) => {
      clearTimeout(timer);
      return v === 'late' ? fallback() : (v as T);
    },
    (e) => {
      clearTimeout(timer);
      throw e;
    },
  );
}
