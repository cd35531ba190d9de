import { z } from 'zod';
import { pagedSchema } from './common';

/**
 * The public online vote (domain.md "The public vote"): one WeChat identity is one voter; per
 * calendar day (China time) a voter may vote for each candidate once and for at most `dailyLimit`
 * candidates. The first four shapes are a published contract (the TV station's results screen reads
 * them): fields may be added, never renamed or removed.
 */
export const PUBLIC_VOTE_STATUSES = ['scheduled', 'open', 'closed'] as const;
export const publicVoteStatusSchema = z.enum(PUBLIC_VOTE_STATUSES);
export type PublicVoteStatus = z.infer<typeof publicVoteStatusSchema>;
export const PUBLIC_VOTE_STATUS_LABELS: Record<PublicVoteStatus, string> = { scheduled: '未开始', open: '投票中', closed: '已结束' };

/** Ids travel as strings in this contract (third parties keep them opaque). */
export const publicIdSchema = z.string().regex(/^[1-9]\d{0,11}$/, '编号格式不正确');

export const publicVoteSchema = z.object({
  id: z.string(),
  title: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  dailyLimit: z.number().int(),
  status: publicVoteStatusSchema,
  /** Totals hidden from the public while the vote runs. */
  hideCounts: z.boolean(),
  /** The annual round whose 40% this vote decides, if any. */
  roundId: z.number().int().nullable(),
});
export type PublicVote = z.infer<typeof publicVoteSchema>;
export const publicVoteListSchema = z.array(publicVoteSchema);

export const publicCandidateSchema = z.object({
  id: z.string(),
  title: z.string(),
  unitName: z.string(),
  summary: z.string(),
  /** A thumbnail of the work's first photo, or null. */
  photoUrl: z.string().nullable(),
});
export type PublicCandidate = z.infer<typeof publicCandidateSchema>;

export const publicVoteDetailSchema = publicVoteSchema.extend({ candidates: z.array(publicCandidateSchema) });
export type PublicVoteDetail = z.infer<typeof publicVoteDetailSchema>;

export const publicBallotRequestSchema = z
  .object({ candidateIds: z.array(publicIdSchema).min(1, '请至少选择一项').max(50) })
  .strict();
export type PublicBallotRequest = z.infer<typeof publicBallotRequestSchema>;

/** Why one candidate of a ballot request was not counted. */
export const BALLOT_REJECTIONS = ['ALREADY_VOTED_TODAY', 'DAILY_LIMIT_REACHED'] as const;
export type BallotRejection = (typeof BALLOT_REJECTIONS)[number];
export const BALLOT_REJECTION_MESSAGES: Record<BallotRejection, string> = {
  ALREADY_VOTED_TODAY: '今天已为该项投过票，明天可再投',
  DAILY_LIMIT_REACHED: '今天的投票次数已用完，明天可再投',
};

export const publicBallotResultSchema = z.object({
  accepted: z.array(z.string()),
  rejected: z.array(z.object({ candidateId: z.string(), code: z.enum(BALLOT_REJECTIONS) })),
});
export type PublicBallotResult = z.infer<typeof publicBallotResultSchema>;

/** The caller's ballots of the current day. */
export const myPublicBallotsSchema = z.object({
  day: z.string(),
  candidateIds: z.array(z.string()),
  remaining: z.number().int(),
});
export type MyPublicBallots = z.infer<typeof myPublicBallotsSchema>;

export const publicResultsSchema = z.object({
  totals: z.array(z.object({ candidateId: z.string(), votes: z.number().int() })),
  updatedAt: z.string(),
  /** Ballots the office excluded after review (not in the totals), and ballots flagged but still counted. */
  excluded: z.number().int(),
  flagged: z.number().int(),
});
export type PublicResults = z.infer<typeof publicResultsSchema>;

const instant = z.string().datetime({ offset: true });

export const createPublicVoteRequestSchema = z
  .object({
    title: z.string().trim().min(2).max(100),
    opensAt: instant,
    closesAt: instant,
    dailyLimit: z.number().int().min(1).max(50).default(10),
    hideCounts: z.boolean().default(false),
    /** Candidates are the annual round's entries... */
    roundId: z.number().int().positive().optional(),
    /** ...or these ledger entries. */
    entryIds: z.array(z.number().int().positive()).min(2).max(100).optional(),
  })
  .strict()
  .refine((v) => Boolean(v.roundId) !== Boolean(v.entryIds), { message: '请选择年度评选或候选事项（二选一）', path: ['roundId'] })
  .refine((v) => new Date(v.closesAt) > new Date(v.opensAt), { message: '结束时间须晚于开始时间', path: ['closesAt'] });
export type CreatePublicVoteRequest = z.infer<typeof createPublicVoteRequestSchema>;

/** Fraud signals: a flagged ballot still counts until the office excludes it, with a reason, on the record. */
export const SIGNAL_KINDS = ['ipBurst', 'deviceBurst', 'sharedDevice', 'newAccountWave', 'noDevice'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];
export const SIGNAL_LABELS: Record<SignalKind, string> = {
  ipBurst: '同一IP短时间内大量投票',
  deviceBurst: '同一设备短时间内大量投票',
  sharedDevice: '同一设备登录多个微信账号投票',
  newAccountWave: '新注册账号集中投票',
  noDevice: '未提供设备标识（非小程序投票）',
};
export const signalSchema = z.object({
  kind: z.enum(SIGNAL_KINDS),
  /** What was seen, e.g. 57 ballots from the address within 60 s. */
  count: z.number().int(),
  windowSeconds: z.number().int(),
});
export type Signal = z.infer<typeof signalSchema>;

export const flaggedBallotSchema = z.object({
  id: z.string(),
  candidateId: z.string(),
  candidateTitle: z.string(),
  voterId: z.number().int(),
  voterCreatedAt: z.string(),
  castAt: z.string(),
  day: z.string(),
  ip: z.string(),
  device: z.string().nullable(),
  signals: z.array(signalSchema),
  excluded: z.boolean(),
  decisionNote: z.string().nullable(),
});
export type FlaggedBallot = z.infer<typeof flaggedBallotSchema>;
export const flaggedBallotListSchema = pagedSchema(flaggedBallotSchema).extend({
  summary: z.object({ flagged: z.number().int(), excluded: z.number().int(), byKind: z.record(z.string(), z.number().int()) }),
});
export type FlaggedBallotList = z.infer<typeof flaggedBallotListSchema>;

export const flaggedQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    state: z.enum(['flagged', 'excluded', 'all']).default('all'),
    kind: z.enum(SIGNAL_KINDS).optional(),
    ip: z.string().max(45).optional(),
    device: z.string().max(64).optional(),
  })
  .strict();
export type FlaggedQuery = z.infer<typeof flaggedQuerySchema>;

export const ballotDecisionRequestSchema = z
  .object({
    ballotIds: z.array(publicIdSchema).min(1).max(500),
    exclude: z.boolean(),
    reason: z.string().trim().min(2, '请填写理由').max(200),
  })
  .strict();
export type BallotDecisionRequest = z.infer<typeof ballotDecisionRequestSchema>;
export const ballotDecisionResultSchema = z.object({ changed: z.number().int() });

export const recountResultSchema = z.object({
  totals: z.array(z.object({ candidateId: z.string(), votes: z.number().int(), counter: z.number().int() })),
  corrected: z.number().int(),
});
export type RecountResult = z.infer<typeof recountResultSchema>;

/** The China calendar day of an instant (UTC+8, no daylight saving): the public vote's "day". */
export function chinaDay(t: Date | number): string {
  const ms = typeof t === 'number' ? t : t.getTime();
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

export function publicVoteStatus(v: { opensAt: Date | string; closesAt: Date | string }, now: Date): PublicVoteStatus {
  if (now < new Date(v.opensAt)) return 'scheduled';
  if (now >= new Date(v.closesAt)) return 'closed';
  return 'open';
}
