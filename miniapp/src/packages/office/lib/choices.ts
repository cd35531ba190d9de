/**
 * Picking entries with a cap: the ballot (up to `selectCount`) and the office's tie decision (exactly
 * `seats`). Plain functions, tested without Taro.
 */
export interface Toggled {
  selected: number[];
  /** The tap would have gone over the cap: nothing changed. */
  refused: boolean;
}

/** Adds or removes `id`; adding beyond `max` is refused. The order of picking is kept. */
export function toggleChoice(selected: readonly number[], id: number, max: number): Toggled {
  if (selected.includes(id)) return { selected: selected.filter((s) => s !== id), refused: false };
  if (selected.length >= max) return { selected: [...selected], refused: true };
  return { selected: [...selected, id], refused: false };
}

/** Whether the saved ballot differs from what is picked now (order does not matter). */
export function sameChoice(a: readonly number[] | null, b: readonly number[]): boolean {
  if (!a) return b.length === 0;
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

/** Duplicate-suggestion score (0–1) as shown: `0.87`. */
export function formatScore(score: number): string {
  return score.toFixed(2);
}

/** The highest score among the suggestions, or null when there are none. */
export function bestScore(duplicates: readonly { score: number }[]): number | null {
  return duplicates.length ? Math.max(...duplicates.map((d) => d.score)) : null;
}
