import { z } from 'zod';
import { pagedSchema } from './common';
import { ledgerEntrySchema } from './ledger';

/** A round is the general machinery of every selection: the monthly vote first; later the quarterly scoring, the annual votes and the annual review. */
export const ROUND_KINDS = ['monthlyVote', 'quarterlyScore', 'annualVote'] as const;
export const roundKindSchema = z.enum(ROUND_KINDS);
export const ROUND_STATUSES = ['open', 'tie', 'closed'] as const;
export const roundStatusSchema = z.enum(ROUND_STATUSES);
export type RoundStatus = z.infer<typeof roundStatusSchema>;
export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = { open: '进行中', tie: '票数并列，待亮点办决定', closed: '已结束' };

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const openRoundRequestSchema = z
  .object({
    kind: z.literal('monthlyVote').default('monthlyVote'),
    month,
    /** How many entries the month selects (default 20; 视实际情况而定). */
    selectCount: z.number().int().min(1).max(200).default(20),
    endsAt: z.string().datetime({ offset: true }),
  })
  .strict();
export type OpenRoundRequest = z.infer<typeof openRoundRequestSchema>;

export const ballotRequestSchema = z.object({ entryIds: z.array(z.number().int().positive()).max(200) }).strict();
export type BallotRequest = z.infer<typeof ballotRequestSchema>;

export const decideRequestSchema = z
  .object({ entryIds: z.array(z.number().int().positive()).min(1).max(200), reason: z.string().trim().min(2).max(500) })
  .strict();
export type DecideRequest = z.infer<typeof decideRequestSchema>;

export const roundSchema = z.object({
  id: z.number().int(),
  kind: roundKindSchema,
  /** The round's period: `YYYY-MM` (monthly) or `YYYY-Qn` (quarterly). */
  month: z.string(),
  title: z.string(),
  selectCount: z.number().int(),
  status: roundStatusSchema,
  endsAt: z.string(),
  closedAt: z.string().nullable(),
  /** Members who have cast a ballot, of how many (counts of votes stay hidden until the round closes). */
  ballots: z.number().int(),
  members: z.number().int(),
  entries: z.array(ledgerEntrySchema.pick({ id: true, title: true, summary: true, unit: true, category: true, month: true })),
  /** The caller's own ballot, for members. */
  myBallot: z.array(z.number().int()).nullable(),
  decisionReason: z.string().nullable(),
});
export type Round = z.infer<typeof roundSchema>;
export const roundListSchema = pagedSchema(roundSchema.omit({ entries: true, myBallot: true }));

export const roundResultSchema = z.object({
  round: roundSchema.omit({ entries: true, myBallot: true }),
  rows: z.array(
    z.object({
      entryId: z.number().int(),
      title: z.string(),
      unitName: z.string().nullable(),
      votes: z.number().int(),
      rank: z.number().int(),
      selected: z.boolean(),
    }),
  ),
  tie: z.object({ entryIds: z.array(z.number().int()), seats: z.number().int() }).nullable(),
});
export type RoundResult = z.infer<typeof roundResultSchema>;

/** The month's highlights (月度亮点工作), once its round is closed: readable by anyone signed in. */
export const monthHighlightsSchema = z.object({
  month,
  roundId: z.number().int().nullable(),
  items: z.array(z.object({ entryId: z.number().int(), title: z.string(), unitName: z.string().nullable(), votes: z.number().int(), rank: z.number().int() })),
});
export type MonthHighlights = z.infer<typeof monthHighlightsSchema>;

export const inspectorListSchema = z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string() })) });

/** `YYYY-Qn`: a quarter, for the quarterly scoring round. */
export const quarterSchema = z.string().regex(/^\d{4}-Q[1-4]$/, '季度格式应为 2026-Q4');

export const openQuarterRequestSchema = z
  .object({ quarter: quarterSchema, selectCount: z.number().int().min(1).max(100).default(10), endsAt: z.string().datetime({ offset: true }) })
  .strict();
export type OpenQuarterRequest = z.infer<typeof openQuarterRequestSchema>;

/** The office sends an assessor to score some of the round's items (never items of the assessor's own unit). */
export const assignAssessorRequestSchema = z.object({ assessorId: z.number().int().positive(), entryIds: z.array(z.number().int().positive()).min(1).max(200) }).strict();
export type AssignAssessorRequest = z.infer<typeof assignAssessorRequestSchema>;

/**
 * One assessor's score sheet for one item. `clientId` is made on the phone when the sheet is filled
 * in: a sheet sent again after a lost answer is recognised and not counted twice.
 */
export const scoreSheetRequestSchema = z
  .object({
    scores: z.record(z.string().max(32), z.number().min(0).max(1000)),
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  })
  .strict();
export type ScoreSheetRequest = z.infer<typeof scoreSheetRequestSchema>;

export const scoreSheetSchema = z.object({ roundId: z.number().int(), entryId: z.number().int(), assessorId: z.number().int(), scores: z.record(z.string(), z.number()), clientId: z.string(), total: z.string(), submittedAt: z.string() });
export type SubmittedSheet = z.infer<typeof scoreSheetSchema>;

/** An assessor's work in a quarterly round: the items assigned and the sheets already sent. */
export const myAssignmentsSchema = z.object({
  roundId: z.number().int(),
  /** Whether sheets are still taken: the phone warns before it sends. */
  status: roundStatusSchema,
  endsAt: z.string(),
  entries: z.array(z.object({ entryId: z.number().int(), title: z.string(), unitName: z.string().nullable(), sheet: scoreSheetSchema.nullable() })),
});

export const quarterlyResultSchema = z.object({
  round: roundSchema.omit({ entries: true, myBallot: true }),
  rows: z.array(
    z.object({
      entryId: z.number().int(),
      title: z.string(),
      unitName: z.string().nullable(),
      score: z.object({ exact: z.string(), display: z.string() }).nullable(),
      rank: z.number().int().nullable(),
      status: z.string(),
      sheets: z.array(z.object({ assessorId: z.number().int(), total: z.object({ exact: z.string(), display: z.string() }), dropped: z.enum(['highest', 'lowest']).nullable() })),
      explanation: z.array(z.object({ step: z.string(), text: z.string() }).passthrough()),
    }),
  ),
  tie: z.object({ entryIds: z.array(z.number().int()), seats: z.number().int() }).nullable(),
});
export type QuarterlyResult = z.infer<typeof quarterlyResultSchema>;

export const assessorListSchema = z.object({ items: z.array(z.object({ id: z.number().int(), name: z.string(), unitName: z.string().nullable() })) });

export const openAnnualRequestSchema = z
  .object({ year: z.string().regex(/^\d{4}$/), selectCount: z.number().int().min(1).max(100).default(10), endsAt: z.string().datetime({ offset: true }) })
  .strict();
export type OpenAnnualRequest = z.infer<typeof openAnnualRequestSchema>;

/** Public online vote counts per candidate, stored on the round until the public vote feeds them. */
export const publicCountsRequestSchema = z
  .object({ counts: z.array(z.object({ entryId: z.number().int().positive(), count: z.number().int().min(0).max(100_000_000) })).min(1).max(200) })
  .strict();
export type PublicCountsRequest = z.infer<typeof publicCountsRequestSchema>;

const scoreValueSchema = z.object({ exact: z.string(), display: z.string() });
export const annualResultSchema = z.object({
  round: roundSchema.omit({ entries: true, myBallot: true }),
  rows: z.array(
    z.object({
      entryId: z.number().int(),
      title: z.string(),
      unitName: z.string().nullable(),
      committee: z.number().int(),
      public: z.number().int(),
      committeePoints: scoreValueSchema,
      publicPoints: scoreValueSchema,
      score: scoreValueSchema,
      rank: z.number().int(),
      status: z.string(),
      explanation: z.array(z.object({ step: z.string(), text: z.string() }).passthrough()),
    }),
  ),
  tie: z.object({ entryIds: z.array(z.number().int()), seats: z.number().int() }).nullable(),
});
export type AnnualResult = z.infer<typeof annualResultSchema>;

/** The quarterly rounds an assessor has items in (newest first). */
export const myRoundsSchema = z.object({ items: z.array(z.object({ id: z.number().int(), title: z.string(), quarter: z.string(), status: roundStatusSchema, endsAt: z.string(), assigned: z.number().int(), scored: z.number().int() })) });
export type MyRounds = z.infer<typeof myRoundsSchema>;
