import { z } from 'zod';
import { pagedSchema } from './common';
import { ledgerEntrySchema } from './ledger';

/** A round is the general machinery of every selection: the monthly vote first; later the quarterly scoring, the annual votes and the annual review. */
export const ROUND_KINDS = ['monthlyVote'] as const;
export const roundKindSchema = z.enum(ROUND_KINDS);
export const ROUND_STATUSES = ['open', 'tie', 'closed'] as const;
export const roundStatusSchema = z.enum(ROUND_STATUSES);
export type RoundStatus = z.infer<typeof roundStatusSchema>;
export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = { open: '投票中', tie: '票数并列，待亮点办决定', closed: '已结束' };

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const openRoundRequestSchema = z
  .object({
    kind: roundKindSchema.default('monthlyVote'),
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
  month,
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
