import { ACCEPTED_TEXT, afterBallot, outcomeText, outcomesOf, rankedResults, toggleCandidate } from './ballot';

describe('toggleCandidate', () => {
  it('ticks up to what is left of the day and refuses one more', () => {
    let state = toggleCandidate([], '3', 2, []);
    state = toggleCandidate(state.selected, '1', 2, []);
    expect(state).toEqual({ selected: ['3', '1'], refused: null });
    expect(toggleCandidate(state.selected, '5', 2, [])).toEqual({ selected: ['3', '1'], refused: 'limit' });
  });

  it('refuses a candidate already voted for today, and always lets a tick be removed', () => {
    expect(toggleCandidate([], '4', 10, ['4'])).toEqual({ selected: [], refused: 'voted' });
    expect(toggleCandidate(['4', '2'], '4', 0, ['4'])).toEqual({ selected: ['2'], refused: null });
  });
});

describe('outcomes of a ballot', () => {
  const result = { accepted: ['1', '2'], rejected: [{ candidateId: '3', code: 'ALREADY_VOTED_TODAY' as const }] };

  it('says per candidate counted or the Chinese reason', () => {
    const outcomes = outcomesOf(result);
    expect(outcomeText(outcomes['1'])).toBe(ACCEPTED_TEXT);
    expect(outcomeText(outcomes['3'])).toBe('今天已为该项投过票，明天可再投');
    expect(outcomes['4']).toBeUndefined();
  });

  it('moves what was counted into the day and out of the allowance', () => {
    expect(afterBallot(['9'], 5, result)).toEqual({ candidateIds: ['9', '1', '2', '3'], remaining: 3 });
    expect(afterBallot([], 5, { accepted: ['1'], rejected: [{ candidateId: '2', code: 'DAILY_LIMIT_REACHED' }] })).toEqual({
      candidateIds: ['1'],
      remaining: 0,
    });
  });
});

describe('rankedResults', () => {
  const c = (id: string) => ({ id, title: `作品${id}`, unitName: '宣传部', summary: '', photoUrl: null });

  it('sorts by votes, shares ranks on ties and shows candidates without votes as 0', () => {
    const rows = rankedResults([c('1'), c('2'), c('3'), c('4')], [
      { candidateId: '2', votes: 5 },
      { candidateId: '3', votes: 7 },
      { candidateId: '1', votes: 5 },
      { candidateId: '99', votes: 1 },
    ]);
    expect(rows.map((r) => [r.candidateId, r.votes, r.rank])).toEqual([
      ['3', 7, 1],
      ['1', 5, 2],
      ['2', 5, 2],
      ['4', 0, 4],
    ]);
  });
});
