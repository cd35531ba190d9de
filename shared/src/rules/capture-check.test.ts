import { captureMismatch, hammingDistance, haversineMeters, isSamePhoto } from './capture-check';

const at = (iso: string) => ({ at: iso, latitude: null, longitude: null });
const place = (latitude: number, longitude: number) => ({ at: null, latitude, longitude });
// 0.001° of latitude is ~111.2 m everywhere.
const DEG_PER_M = 1 / 111_195;

describe('captureMismatch', () => {
  it('is null when either side is missing or nothing is comparable', () => {
    expect(captureMismatch(null, at('2026-11-05T06:00:00Z'))).toBeNull();
    expect(captureMismatch(at('2026-11-05T06:00:00Z'), null)).toBeNull();
    expect(captureMismatch(null, null)).toBeNull();
    // time on one side, place on the other: nothing to compare
    expect(captureMismatch(at('2026-11-05T06:00:00Z'), place(30, 120))).toBeNull();
  });

  it('compares instants across zones (EXIF in UTC, the app in +08:00)', () => {
    expect(captureMismatch(at('2026-11-05T14:00:00+08:00'), at('2026-11-05T06:00:00.000Z'))).toBeNull();
    expect(captureMismatch(at('2026-11-05T14:00:00+08:00'), at('2026-11-05T14:00:00Z'))).toEqual({ minutes: 480, meters: null });
  });

  it('tolerates exactly the limit and flags one minute more', () => {
    expect(captureMismatch(at('2026-11-05T06:30:00Z'), at('2026-11-05T06:00:00Z'))).toBeNull();
    expect(captureMismatch(at('2026-11-05T06:31:00Z'), at('2026-11-05T06:00:00Z'))).toEqual({ minutes: 31, meters: null });
    expect(captureMismatch(at('2026-11-05T05:29:00Z'), at('2026-11-05T06:00:00Z'))).toEqual({ minutes: 31, meters: null });
  });

  it('flags distance past 1 km, not within it', () => {
    expect(captureMismatch(place(30, 120), place(30 + 990 * DEG_PER_M, 120))).toBeNull();
    const far = captureMismatch(place(30, 120), place(30 + 1010 * DEG_PER_M, 120));
    expect(far?.minutes).toBeNull();
    expect(far?.meters).toBeGreaterThanOrEqual(1009);
    expect(far?.meters).toBeLessThanOrEqual(1011);
  });

  it('reports both gaps when both are exceeded, and only the exceeded one otherwise', () => {
    const app = { at: '2026-11-05T14:00:00+08:00', latitude: 30, longitude: 120 };
    const exif = { at: '2025-11-05T06:00:00Z', latitude: 31, longitude: 120 };
    const both = captureMismatch(app, exif);
    expect(both?.minutes).toBe(365 * 24 * 60);
    expect(both?.meters).toBeGreaterThan(111_000);
    expect(captureMismatch(app, { ...exif, at: '2026-11-05T06:10:00Z' })).toEqual({ minutes: null, meters: both?.meters });
  });

  it('ignores unparsable or zone-less times and impossible coordinates', () => {
    expect(captureMismatch(at('yesterday'), at('2026-11-05T06:00:00Z'))).toBeNull();
    expect(captureMismatch(at('2026-11-05T06:00:00'), at('2020-01-01T00:00:00Z'))).toBeNull();
    expect(captureMismatch(place(91, 0), place(0, 0))).toBeNull();
    expect(captureMismatch({ at: null, latitude: NaN, longitude: 1 }, place(0, 0))).toBeNull();
  });

  it('follows custom limits', () => {
    const limits = { minutes: 5, meters: 50 };
    expect(captureMismatch(at('2026-11-05T06:06:00Z'), at('2026-11-05T06:00:00Z'), limits)).toEqual({ minutes: 6, meters: null });
    expect(captureMismatch(place(30, 120), place(30 + 60 * DEG_PER_M, 120), limits)?.meters).toBe(60);
  });
});

describe('haversineMeters', () => {
  it('is zero for the same point and symmetric', () => {
    expect(haversineMeters(30.25, 120.16, 30.25, 120.16)).toBe(0);
    expect(haversineMeters(30, 120, 31, 121)).toBeCloseTo(haversineMeters(31, 121, 30, 120), 6);
  });
  it('matches a known distance (Beijing–Shanghai ≈ 1068 km) and crosses the antimeridian', () => {
    expect(haversineMeters(39.9042, 116.4074, 31.2304, 121.4737) / 1000).toBeCloseTo(1068, -1);
    expect(haversineMeters(0, 179.9995, 0, -179.9995)).toBeLessThan(120);
  });
});

describe('perceptual hash comparison', () => {
  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingDistance('ABCDEF0123456789', 'abcdef0123456789')).toBe(0);
  });
  it('refuses hashes of different lengths or non-hex', () => {
    expect(() => hammingDistance('00', '000')).toThrow();
    expect(() => hammingDistance('zz', '00')).toThrow();
  });
  it('calls up to 6 bits apart the same photo by default', () => {
    expect(isSamePhoto('0000000000000000', '000000000000003f')).toBe(true); // 6 bits
    expect(isSamePhoto('0000000000000000', '000000000000007f')).toBe(false); // 7 bits
    expect(isSamePhoto('0000000000000000', '000000000000007f', 7)).toBe(true);
  });
});
