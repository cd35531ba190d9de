/**
 * Exact rational numbers for the ranking engine. Scores like 60·c/c_max are fractions; in floating
 * point two mathematically equal scores (60·1/3 + 40·2/3 vs 60·2/3 + 40·1/3 ...) can differ in the
 * last bit and break a tie the rule says the office must decide. A rational is a reduced BigInt pair,
 * so equal scores compare equal and weights are applied exactly. Only the display value is rounded.
 */
export interface Rational {
  /** Numerator; the sign lives here. */
  readonly n: bigint;
  /** Denominator, always > 0; gcd(n, d) = 1. */
  readonly d: bigint;
}

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

function toBig(x: bigint | number, what: string): bigint {
  if (typeof x === 'bigint') return x;
  if (!Number.isSafeInteger(x)) throw new RangeError(`${what} must be a safe integer, got ${x}`);
  return BigInt(x);
}

/** n/d in lowest terms; integers only (use `qFromDecimal` for 7.5). */
export function rational(n: bigint | number, d: bigint | number = 1n): Rational {
  let nn = toBig(n, 'numerator');
  let dd = toBig(d, 'denominator');
  if (dd === 0n) throw new RangeError('denominator is 0');
  if (dd < 0n) [nn, dd] = [-nn, -dd];
  const g = gcd(nn, dd) || 1n;
  return { n: nn / g, d: dd / g };
}

export const Q_ZERO: Rational = { n: 0n, d: 1n };

/** The exact value of a decimal as written: 7.5 → 15/2, 0.1 → 1/10 (not the binary double's value). */
export function qFromDecimal(x: number | string): Rational {
  const s = typeof x === 'number' ? (Number.isFinite(x) ? String(x) : '') : x.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(s);
  if (!m) throw new RangeError(`not a finite decimal: ${x}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  const e = Number(exp) - frac.length;
  const digits = BigInt(sign + int + frac);
  return e >= 0 ? rational(digits * pow10(e)) : rational(digits, pow10(-e));
}

export const qAdd = (a: Rational, b: Rational): Rational => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const qSub = (a: Rational, b: Rational): Rational => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const qMul = (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d);
export function qDiv(a: Rational, b: Rational): Rational {
  if (b.n === 0n) throw new RangeError('division by 0');
  return rational(a.n * b.d, a.d * b.n);
}
export const qSum = (xs: Rational[]): Rational => xs.reduce(qAdd, Q_ZERO);

/** Negative when a < b, 0 when equal, positive when a > b. */
export function qCmp(a: Rational, b: Rational): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}
export const qEq = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const qIsInteger = (a: Rational): boolean => a.d === 1n;

/** Exact text: "93" or "280/3". */
export const qExact = (a: Rational): string => (a.d === 1n ? String(a.n) : `${a.n}/${a.d}`);

/** Decimal text with `digits` places, half rounded away from zero: 280/3 → "93.33", 1/8 → "0.13". */
export function qFixed(a: Rational, digits = 2): string {
  const scale = pow10(digits);
  const scaled = abs(a.n) * scale;
  let whole = scaled / a.d;
  if ((scaled % a.d) * 2n >= a.d) whole += 1n;
  const sign = a.n < 0n && whole > 0n ? '-' : '';
  if (digits === 0) return sign + String(whole);
  const s = String(whole).padStart(digits + 1, '0');
  return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Nearest double, for charts only; never compare these. */
export const qNumber = (a: Rational): number => Number(qFixed(a, 12));

/**
 * 10^e as a BigInt by repeated multiplication: Babel (and WeChat's ES5 step) turn `**` into
 * Math.pow, which throws on BigInt operands in the mini-program.
 */
function pow10(e: number): bigint {
  let r = 1n;
  for (let i = 0; i < e; i++) r *= 10n;
  return r;
}
