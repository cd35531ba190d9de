/**
 * Decides what an upload is from its first bytes (magic numbers), never from the client's file name
 * or declared MIME type: both are whatever the client says. The issue accepts photos (JPEG, PNG,
 * WebP, HEIC/HEIF) and PDF documents; everything else is refused.
 */
export type EvidenceFileKind = 'photo' | 'document';

export interface Sniffed {
  kind: EvidenceFileKind;
  mime: string;
  /** Extension used for the stored original's generated key. */
  ext: string;
}

/** How many leading bytes `sniff` wants before it decides (an ftyp box's first brands fit in 32). */
export const SNIFF_BYTES = 32;

/** What the user is told is accepted, in the 415 answer. */
export const ACCEPTED_DESCRIPTION = '照片（JPEG、PNG、WebP、HEIC）或 PDF 文档';

// ISO-BMFF brands of HEIF images. heic/heix/hevc/hevx are HEVC-coded (iPhone, most Android phones);
// mif1/msf1/heif are the generic image/sequence brands (also carried by AVIF files, which sharp reads).
const HEVC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx']);
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'heif']);

const startsWith = (head: Buffer, bytes: number[], at = 0) =>
  head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
const ascii = (head: Buffer, from: number, to: number) => head.subarray(from, to).toString('latin1');

/** Returns what the bytes are, or null when they are nothing we accept (including an empty file). */
export function sniff(head: Buffer): Sniffed | null {
  // JPEG: SOI marker followed by the start of another marker.
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'photo', mime: 'image/jpeg', ext: 'jpg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'photo', mime: 'image/png', ext: 'png' };
  // WebP: a RIFF container whose form type is WEBP (RIFF alone is also WAV and AVI).
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { kind: 'photo', mime: 'image/webp', ext: 'webp' };
  const heif = sniffHeif(head);
  if (heif) return heif;
  if (ascii(head, 0, 5) === '%PDF-') return { kind: 'document', mime: 'application/pdf', ext: 'pdf' };
  return null;
}

/**
 * HEIF: the file opens with an `ftyp` box: size (4 bytes), 'ftyp', major brand, minor version, then
 * compatible brands up to the box's end. Only the brands within the bytes we have are looked at.
 */
function sniffHeif(head: Buffer): Sniffed | null {
  if (head.length < 16 || ascii(head, 4, 8) !== 'ftyp') return null;
  const boxSize = head.readUInt32BE(0);
  if (boxSize < 16) return null;
  const end = Math.min(boxSize, head.length);
  const brands = [ascii(head, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(head, at, at + 4));
  if (brands.some((b) => HEVC_BRANDS.has(b))) return { kind: 'photo', mime: 'image/heic', ext: 'heic' };
  if (brands.some((b) => HEIF_BRANDS.has(b))) return { kind: 'photo', mime: 'image/heif', ext: 'heif' };
  return null;
}
