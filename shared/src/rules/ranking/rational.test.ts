import { qAdd, qCmp, qDiv, qEq, qExact, qFixed, qFromDecimal, qMul, qNumber, rational } from './rational';

describe('exact rationals', () => {
  it('reduces and keeps the sign in the numerator', () => {
    expect(rational(6, -4)).toEqual({ n: -3n, d: 2n });
    expect(qExact(rational(280, 3))).toBe('280/3');
    expect(qExact(rational(186, 2))).toBe('93');
    expect(() => rational(1, 0)).toThrow(RangeError);
    expect(() => rational(0.5)).toThrow(RangeError);
  });

  it('reads decimals as written, not as the nearest double', () => {
    expect(qFromDecimal(0.1)).toEqual({ n: 1n, d: 10n });
    expect(qFromDecimal('7.5')).toEqual({ n: 15n, d: 2n });
    expect(qFromDecimal(1e-7)).toEqual({ n: 1n, d: 10000000n });
    expect(qFromDecimal(2e21)).toEqual({ n: 2000000000000000000000n, d: 1n });
    expect(qEq(qAdd(qFromDecimal(0.1), qFromDecimal(0.2)), qFromDecimal(0.3))).toBe(true);
    expect(() => qFromDecimal(Number.NaN)).toThrow(RangeError);
  });

  it('compares, multiplies and divides exactly', () => {
    expect(qCmp(rational(1, 3), rational(2, 6))).toBe(0);
    expect(qCmp(rational(1, 3), rational(1, 2))).toBeLessThan(0);
    expect(qMul(rational(60), rational(2, 3))).toEqual(rational(40));
    expect(qDiv(rational(1), rational(3))).toEqual(rational(1, 3));
    expect(() => qDiv(rational(1), rational(0))).toThrow(RangeError);
  });

  it('rounds the display half away from zero', () => {
    expect(qFixed(rational(280, 3))).toBe('93.33');
    expect(qFixed(rational(1, 8))).toBe('0.13');
    expect(qFixed(rational(-1, 8))).toBe('-0.13');
    expect(qFixed(rational(-1, 1000))).toBe('0.00');
    expect(qFixed(rational(5, 2), 0)).toBe('3');
    expect(qFixed(rational(60))).toBe('60.00');
    expect(qNumber(rational(1, 4))).toBe(0.25);
  });
});
