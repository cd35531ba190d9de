import { tally } from './tally';

const votes = (pairs: [number, number][]) => new Map(pairs);

describe('monthly vote tally', () => {
  it('selects the top entries by approvals and ranks ties alike', () => {
    const t = tally(votes([[1, 5], [2, 3], [3, 3], [4, 1]]), [1, 2, 3, 4], 3);
    expect(t.selected).toEqual([1, 2, 3]);
    expect(t.tie).toBeNull();
    expect(t.rows.map((r) => [r.entryId, r.rank])).toEqual([[1, 1], [2, 2], [3, 2], [4, 4]]);
  });

  it('hands a tie at the cut-off to the office with the seats left', () => {
    const t = tally(votes([[1, 5], [2, 3], [3, 3], [4, 3], [5, 0]]), [1, 2, 3, 4, 5], 2);
    expect(t.selected).toEqual([1]);
    expect(t.tie).toEqual({ entryIds: [2, 3, 4], seats: 1 });
  });

  it('counts entries nobody voted for as 0 and selects all when there are fewer than the seats', () => {
    expect(tally(votes([]), [7, 8], 20)).toMatchObject({ selected: [7, 8], tie: null });
    const none = tally(votes([]), [7, 8, 9], 2);
    expect(none.tie).toEqual({ entryIds: [7, 8, 9], seats: 2 });
  });
});
