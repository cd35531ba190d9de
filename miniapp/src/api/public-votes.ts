/**
 * The public online vote (网络投票) API, typed by `shared/src/schemas/public-votes.ts`. Ids travel as
 * strings in this contract. Anyone may read votes and results; ballots need a sign-in and carry the
 * phone's device id; the office creates votes, reviews flagged ballots and recounts.
 */
import {
  ballotDecisionResultSchema,
  flaggedBallotListSchema,
  myPublicBallotsSchema,
  publicBallotResultSchema,
  publicResultsSchema,
  publicVoteDetailSchema,
  publicVoteListSchema,
  recountResultSchema,
  type BallotDecisionRequest,
  type CreatePublicVoteRequest,
  type FlaggedBallotList,
  type FlaggedQuery,
  type MyPublicBallots,
  type PublicBallotResult,
  type PublicResults,
  type PublicVote,
  type PublicVoteDetail,
  type RecountResult,
} from '@liangdian/shared';
import { buildQuery, call, isApiError, type Schema } from './client';
import { deviceId } from './device-id';

const base = (id: string) => `/api/public-votes/${encodeURIComponent(id)}`;

export function listPublicVotes(): Promise<PublicVote[]> {
  return call('GET', '/api/public-votes', publicVoteListSchema);
}

/** The vote with its candidates. */
export function getPublicVote(id: string): Promise<PublicVoteDetail> {
  return call('GET', base(id), publicVoteDetailSchema);
}

/** Signed in: my ballots of the current (China) day and how many I may still cast today. */
export function getMyPublicBallots(id: string): Promise<MyPublicBallots> {
  return call('GET', `${base(id)}/my-ballots`, myPublicBallotsSchema);
}

/**
 * Signed in: votes for these candidates. The answer says, per candidate, counted or why not
 * (ALREADY_VOTED_TODAY, DAILY_LIMIT_REACHED); the whole request fails with 409 VOTE_NOT_OPEN outside
 * the window and 429 RATE_LIMITED.
 */
export function castPublicBallots(id: string, candidateIds: string[]): Promise<PublicBallotResult> {
  return call('POST', `${base(id)}/ballots`, publicBallotResultSchema, { candidateIds }, { 'X-Device-Id': deviceId() });
}

/** The totals; 403 RESULTS_HIDDEN while a vote with hidden counts runs (the office still sees them). */
export function getPublicResults(id: string): Promise<PublicResults> {
  return call('GET', `${base(id)}/results`, publicResultsSchema);
}

/** Whether a failure is the "counts hidden while the vote runs" refusal: a state to show, not an error. */
export function isResultsHidden(error: unknown): boolean {
  return isApiError(error) && error.code === 'RESULTS_HIDDEN';
}

const createdSchema: Schema<{ id: string }> = {
  safeParse(data: unknown) {
    const id = (data as { id?: unknown } | null)?.id;
    return typeof id === 'string' || typeof id === 'number' ? { success: true, data: { id: String(id) } } : { success: false };
  },
};

/** Office: a new vote on an annual round's entries or on chosen ledger entries. */
export function createPublicVote(body: CreatePublicVoteRequest): Promise<{ id: string }> {
  return call('POST', '/api/public-votes', createdSchema, body);
}

export type FlaggedParams = Partial<Pick<FlaggedQuery, 'page' | 'pageSize' | 'state' | 'kind' | 'ip' | 'device'>>;

/** Office: the ballots with fraud signals, one page, with the summary counts. */
export function listFlaggedBallots(id: string, params: FlaggedParams = {}): Promise<FlaggedBallotList> {
  return call('GET', `${base(id)}/flagged${buildQuery({ ...params })}`, flaggedBallotListSchema);
}

/** Office: excludes (or reinstates) ballots, with the reason on the record. */
export async function decideBallots(id: string, body: BallotDecisionRequest): Promise<number> {
  return (await call('POST', `${base(id)}/decisions`, ballotDecisionResultSchema, body)).changed;
}

/** Office: recounts from the stored ballots; `corrected` says how many totals were wrong. */
export function recountPublicVote(id: string): Promise<RecountResult> {
  return call('POST', `${base(id)}/recount`, recountResultSchema, {});
}
