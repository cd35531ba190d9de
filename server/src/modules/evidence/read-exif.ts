import exifr from 'exifr';

/** When and where the camera says a photo was taken. */
export interface ExifPlace {
  /** ISO 8601 in UTC, or null. */
  at: string | null;
  latitude: number | null;
  longitude: number | null;
}

/**
 * EXIF times carry no zone (OffsetTimeOriginal, EXIF 2.31, is written by recent phones only). A
 * photo of county work without one was taken in China, so its wall-clock time is read as Beijing
 * time (UTC+8, no daylight saving) rather than the server's zone.
 */
const DEFAULT_OFFSET = '+08:00';

const PICK = ['DateTimeOriginal', 'OffsetTimeOriginal', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'];

/**
 * Reads the capture time and GPS position from a photo's EXIF (JPEG, HEIC, and what else exifr
 * understands). Returns null when there is none: WeChat's pickers often strip EXIF, which is why
 * the app records time and place itself. exifr reads only the first chunks of a file, not all of it.
 */
export async function readExif(file: string | Buffer): Promise<ExifPlace | null> {
  let tags: Record<string, unknown> | undefined;
  try {
    // reviveValues: false keeps DateTimeOriginal as the camera's string; exifr would otherwise
    // build a Date in the server's own time zone.
    tags = await exifr.parse(file, { pick: PICK, reviveValues: false });
  } catch {
    return null; // unreadable EXIF is no EXIF; the image itself is judged by sharp
  }
  if (!tags) return null;
  const at = exifTime(tags.DateTimeOriginal, tags.OffsetTimeOriginal);
  const { latitude, longitude } = position(tags.latitude, tags.longitude);
  if (at === null && latitude === null) return null;
  return { at, latitude, longitude };
}

/** "2026:11:05 14:03:00" (+ optional "+08:00") → "2026-11-05T06:03:00.000Z"; null if malformed. */
export function exifTime(value: unknown, offset: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return null;
  const zone = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : DEFAULT_OFFSET;
  const [, y, mo, d, h, mi, s] = m;
  // Cameras without a set clock write 0000:00:00 or 1970; neither is a real capture time.
  if (Number(y) < 1990 || Number(y) > 2100) return null;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function position(lat: unknown, lon: unknown): { latitude: number | null; longitude: number | null } {
  const ok =
    typeof lat === 'number' && typeof lon === 'number' && Number.isFinite(lat) && Number.isFinite(lon) &&
    Math.abs(lat) <= 90 && Math.abs(lon) <= 180 &&
    // 0,0 ("null island") is what phones write when they had no fix.
    !(lat === 0 && lon === 0);
  return ok ? { latitude: lat, longitude: lon } : { latitude: null, longitude: null };
}
