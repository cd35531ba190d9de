import { useCallback, useState } from 'react';
import type { MyPublicBallots, PublicResults, PublicVoteDetail, User } from '@liangdian/shared';
import { errorText, getToken, isApiError, me } from '../../../../api/client';
import { getMyPublicBallots, getPublicResults, getPublicVote, isResultsHidden } from '../../../../api/public-votes';
import { useLiveRefresh } from '../../../../components/use-live-refresh';

export type ResultsState = { state: 'loading' } | { state: 'shown'; results: PublicResults } | { state: 'hidden' } | { state: 'failed'; message: string };

export type Load =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; vote: PublicVoteDetail; user: User | null; my: MyPublicBallots | null; myError: string };

async function loadResults(id: string): Promise<ResultsState> {
  try {
    return { state: 'shown', results: await getPublicResults(id) };
  } catch (error) {
    return isResultsHidden(error) ? { state: 'hidden' } : { state: 'failed', message: errorText(error) };
  }
}

/**
 * The vote, the caller and the caller's ballots of today, and the results; while the vote is open the
 * vote and its results refresh every 10 s while the page is shown. Today's ballots are not polled:
 * only this person's own ballots change them, and the page learns those from each answer.
 */
export function usePublicVote(id: string) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [results, setResults] = useState<ResultsState>({ state: 'loading' });

  const fetchAll = useCallback(async () => {
    if (!id) {
      setLoad({ status: 'failed', message: '缺少投票编号' });
      return;
    }
    const signedIn = !!getToken();
    try {
      const [vote, user, my] = await Promise.all([
        getPublicVote(id),
        signedIn ? me().catch(() => null) : Promise.resolve(null),
        signedIn
          ? getMyPublicBallots(id).then(
              (m) => ({ m, error: '' }),
              (error: unknown) => ({ m: null, error: errorText(error) }),
            )
          : Promise.resolve({ m: null, error: '' }),
      ]);
      setLoad({ status: 'ready', vote, user, my: my.m, myError: my.error });
      setResults(await loadResults(id));
    } catch (error) {
      if (isApiError(error) && error.code === 'UNAUTHENTICATED') return;
      setLoad((current) => (current.status === 'ready' ? current : { status: 'failed', message: errorText(error) }));
    }
  }, [id]);

  /** The vote (its status may change) and the totals; today's ballots stay as they are. */
  const refreshLive = useCallback(async () => {
    if (!id) return;
    try {
      const vote = await getPublicVote(id);
      setLoad((current) => (current.status === 'ready' ? { ...current, vote } : current));
    } catch {
      // A missed refresh is tried again on the next tick.
    }
    setResults(await loadResults(id));
  }, [id]);

  const live = load.status === 'ready' && load.vote.status === 'open';
  useLiveRefresh({ load: fetchAll, refresh: refreshLive, live });

  const setMy = useCallback((my: MyPublicBallots) => setLoad((current) => (current.status === 'ready' ? { ...current, my, myError: '' } : current)), []);

  /** Today's ballots as the server counts them (after sending: another phone of the same person may have voted too). */
  const refreshMy = useCallback(async () => {
    if (!id || !getToken()) return;
    try {
      setMy(await getMyPublicBallots(id));
    } catch {
      // The page keeps what it derived from the answer.
    }
  }, [id, setMy]);

  return { load, results, live, fetchAll, refreshLive, setMy, refreshMy };
}
