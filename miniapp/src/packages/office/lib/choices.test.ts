import { bestScore, formatScore, sameChoice, toggleChoice } from './choices';

describe('toggleChoice', () => {
  it('adds up to the cap and refuses one more without changing the pick', () => {
    let state = toggleChoice([], 3, 2);
    state = toggleChoice(state.selected, 1, 2);
    expect(state).toEqual({ selected: [3, 1], refused: false });
    expect(toggleChoice(state.selected, 5, 2)).toEqual({ selected: [3, 1], refused: true });
  });

  it('always lets a picked entry be removed', () => {
    expect(toggleChoice([3, 1], 3, 2)).toEqual({ selected: [1], refused: false });
    expect(toggleChoice([3, 1, 4], 4, 2)).toEqual({ selected: [3, 1], refused: false });
  });
});

describe('sameChoice', () => {
  it('ignores order and treats no saved ballot as an empty one', () => {
    expect(sameChoice([1, 2], [2, 1])).toBe(true);
    expect(sameChoice([1, 2], [1])).toBe(false);
    expect(sameChoice(null, [])).toBe(true);
    expect(sameChoice(null, [1])).toBe(false);
  });
});

describe('duplicate scores', () => {
  it('shows two decimals and finds the best one', () => {
    expect(formatScore(0.8234)).toBe('0.82');
    expect(bestScore([{ score: 0.61 }, { score: 0.9 }])).toBe(0.9);
    expect(bestScore([])).toBeNull();
  });
});
