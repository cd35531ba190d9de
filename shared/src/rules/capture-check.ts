/**
 * Does a photo's EXIF agree with what the app recorded when it was taken? The issue asks the report
 * to show both and flag a mismatch: a photo taken elsewhere or long before (an old photo passed off
 * as this month's work) shows up as a time or distance gap. Both sides are optional: WeChat's
 * pickers often strip EXIF, and album photos have no app record.
 */
export interface CapturePlace {
  /** ISO 8601 with a zone (or Z); null when unknown. */
  at: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface CaptureLimits {
  /** Time gap tolerated, in minutes (clock drift, a photo taken just before opening the app). */
  minutes: number;
  /** Distance tolerated, in metres (GPS accuracy in towns, the size of a work site). */
  meters: number;
}

export const DEFAULT_CAPTURE_LIMITS: CaptureLimits = { minutes: 30, meters: 1000 };

/** The gaps that exceed the limits: a null member is within limits or not comparable. */
export interface CaptureMismatch {
  minutes: number | null;
  meters: number | null;
}

/**
 * Null when nothing can be compared or every comparable gap is within limits; otherwise the gaps
 * that exceed them (time rounded to whole minutes, distance to whole metres). A gap exactly at the
 * limit is within it.
 */
export function captureMismatch(
  app: CapturePlace | null,
  exif: CapturePlace | null,
  limits: CaptureLimits = DEFAULT_CAPTURE_LIMITS,
): CaptureMismatch | null {
  if (!app || !exif) return null;
  let minutes: number | null = null;
  let meters: number | null = null;
  const a = parseTime(app.at);
  const b = parseTime(exif.at);
  if (a !== null && b !== null) {
    const gap = Math.abs(a - b) / 60_000;
    if (gap > limits.minutes) minutes = Math.round(gap);
  }
  if (isPosition(app) && isPosition(exif)) {
    const gap = haversineMeters(app.latitude, app.longitude, exif.latitude, exif.longitude);
    if (gap > limits.meters) meters = Math.round(gap);
  }
  return minutes === null && meters === null ? null : { minutes, meters };
}

const EARTH_RADIUS_M = 6_371_008.8; // mean radius (IUGG)

/** Great-circle distance in metres between two WGS-84 points (haversine; ample for ≤ km gaps). */
export function haversineMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Number of differing bits between two perceptual hashes of equal length (hex strings). */
export function hammingDistance(hashA: string, hashB: string): number {
  if (hashA.length !== hashB.length || !/^[0-9a-f]*$/i.test(hashA) || !/^[0-9a-f]*$/i.test(hashB)) {
    throw new Error('perceptual hashes must be hex strings of equal length');
  }
  let bits = 0;
  for (let i = 0; i < hashA.length; i++) {
    let x = parseInt(hashA[i], 16) ^ parseInt(hashB[i], 16);
    while (x) {
      bits += x & 1;
      x >>= 1;
    }
  }
  return bits;
}

/**
 * Are two 64-bit dHashes the same photo (re-encoded, resized, lightly edited)? Up to 6 of 64 bits
 * apart is the usual threshold for dHash: re-encodes differ by 0–3 bits, unrelated photos by ~32.
 */
export function isSamePhoto(hashA: string, hashB: string, maxDistance = 6): boolean {
  return hammingDistance(hashA, hashB) <= maxDistance;
}

/** A time without a zone would be read in whatever zone the device runs in: not comparable. */
function parseTime(at: string | null): number | null {
  if (!at || !/(Z|[+-]\d{2}:?\d{2})$/i.test(at.trim())) return null;
  const t = Date.parse(at);
  return Number.isNaN(t) ? null : t;
}

function isPosition(p: CapturePlace): p is CapturePlace & { latitude: number; longitude: number } {
  return (
    typeof p.latitude === 'number' && typeof p.longitude === 'number' &&
    Number.isFinite(p.latitude) && Number.isFinite(p.longitude) &&
    Math.abs(p.latitude) <= 90 && Math.abs(p.longitude) <= 180
  );
}
