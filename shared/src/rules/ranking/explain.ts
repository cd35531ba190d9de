/**
 * Every ranking result explains itself (issue: "rankings that explain themselves"): the inputs and
 * each step as structured data a page can lay out, plus one line of Chinese for the UI. Values are
 * plain strings and numbers so a result goes over JSON as is; the exact fraction travels beside the
 * rounded display value, so a reader can check a tie the display hides.
 */
import { type Rational, qExact, qFixed } from './rational';

/** A score as shown: exact fraction ("280/3") and display value with 2 decimals ("93.33"). */
export interface ScoreValue {
  exact: string;
  display: string;
}

export const scoreValue = (r: Rational, digits = 2): ScoreValue => ({ exact: qExact(r), display: qFixed(r, digits) });

export type StepName =
  | 'weight' // a rubric line: weight × score / max
  | 'sum' // a score sheet's total
  | 'trim' // the trimmed mean's dropped highest and lowest
  | 'mean' // the mean of the kept values
  | 'maximum' // a channel's or level's highest count
  | 'total' // a channel's total count (share normalisation)
  | 'rankPoints' // a channel's rank and the points it earns
  | 'normalise' // count → weighted points
  | 'combine' // the parts added up
  | 'rank' // the place and why
  | 'tieBreak' // equal scores ordered by the tie-break keys, or left to the office
  | 'cutOff'; // selected, not selected, or tied at the cut-off

export interface ExplanationStep {
  step: StepName;
  /** The formula in ASCII with the domain's letters, e.g. "60 × c / c_max". */
  formula: string;
  /** Named inputs: counts as numbers, fractions as exact strings. */
  input: Record<string, number | string | null | (number | string)[]>;
  /** The step's result: a score (exact and display) or a number such as a rank. */
  output: ScoreValue | number | string | null;
  /** One line of Chinese for the UI. */
  text: string;
}

export function explainStep(
  name: StepName,
  formula: string,
  input: ExplanationStep['input'],
  output: ExplanationStep['output'],
  text: string,
): ExplanationStep {
  return { step: name, formula, input, output, text };
}
