const MAX_CHARS = 100;

// C0/C1 controls, zero-width characters and bidirectional overrides (which can make "gpj.exe"
// display as "exe.jpg").
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * The client's file name, kept only to show people what they uploaded ("现场照片.jpg"). It is never
 * part of a path or a storage key, but it is still cleaned: the last path segment only (so
 * "../../etc/passwd" shows as "passwd"), no control or direction-override characters, at most 100
 * characters with the extension kept. An empty result falls back to `fallback`.
 */
export function sanitizeDisplayName(raw: string | undefined | null, fallback: string): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(INVISIBLE, '').trim();
  if (/^\.*$/.test(name)) return fallback;
  const chars = Array.from(name); // code points, so a cut never splits a surrogate pair
  if (chars.length <= MAX_CHARS) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (ext.length > 0 && ext.length <= 10) {
    return chars.slice(0, MAX_CHARS - ext.length).join('') + ext.join('');
  }
  return chars.slice(0, MAX_CHARS).join('');
}
