import { sanitizeDisplayName } from '../src/modules/evidence/display-name';
import { sniff } from '../src/modules/evidence/sniff';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const pad = (b: Buffer, n = 64) => Buffer.concat([b, Buffer.alloc(Math.max(0, n - b.length))]);
/** An ISO-BMFF ftyp box with a major brand and compatible brands. */
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  const head = Buffer.alloc(4);
  head.writeUInt32BE(size);
  return pad(bytes(head.toString('latin1'), 'ftyp', major, [0, 0, 0, 0], ...compatible));
};

describe('sniff (content, not name, decides)', () => {
  it.each([
    ['JPEG', pad(bytes([0xff, 0xd8, 0xff, 0xe0], [0, 16], 'JFIF')), 'image/jpeg', 'jpg'],
    ['JPEG (EXIF)', pad(bytes([0xff, 0xd8, 0xff, 0xe1], [0x12, 0x34], 'Exif')), 'image/jpeg', 'jpg'],
    ['PNG', pad(bytes([0x89], 'PNG\r\n', [0x1a, 0x0a], [0, 0, 0, 13], 'IHDR')), 'image/png', 'png'],
    ['WebP', pad(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')), 'image/webp', 'webp'],
    ['HEIC (iPhone)', ftyp('heic', 'mif1', 'heic'), 'image/heic', 'heic'],
    ['HEIC (mif1 major, heic compatible)', ftyp('mif1', 'heic'), 'image/heic', 'heic'],
    ['HEIC (heix)', ftyp('heix', 'mif1'), 'image/heic', 'heic'],
    ['HEIF sequence (hevc)', ftyp('hevc', 'msf1'), 'image/heic', 'heic'],
    ['HEIF (mif1 only)', ftyp('mif1', 'miaf'), 'image/heif', 'heif'],
    ['AVIF (carries mif1, sharp reads it)', ftyp('avif', 'mif1', 'miaf'), 'image/heif', 'heif'],
  ])('%s is a photo', (_name, head, mime, ext) => {
    expect(sniff(head)).toEqual({ kind: 'photo', mime, ext });
  });

  it('PDF is a document', () => {
    expect(sniff(pad(bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')))).toEqual({ kind: 'document', mime: 'application/pdf', ext: 'pdf' });
  });

  it('a PNG renamed .pdf is a photo: the name plays no part', () => {
    const png = pad(bytes([0x89], 'PNG\r\n', [0x1a, 0x0a]));
    expect(sniff(png)?.kind).toBe('photo');
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['HTML (named .jpg by its sender)', pad(bytes('<!DOCTYPE html><html><body>hi</body></html>'))],
    ['SVG (scripts inside an "image")', pad(bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'))],
    ['plain text', pad(bytes('just some text in a file'))],
    ['WAV (RIFF but not WEBP)', pad(bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '))],
    ['MP4 video (ftyp isom)', ftyp('isom', 'iso2', 'mp41')],
    ['QuickTime (ftyp qt)', ftyp('qt  ', 'qt  ')],
    ['ZIP / DOCX', pad(bytes('PK', [3, 4, 20, 0]))],
    ['GIF', pad(bytes('GIF89a', [1, 0, 1, 0]))],
    ['truncated JPEG marker', bytes([0xff, 0xd8])],
    ['a PDF marker not at the start', pad(bytes('  %PDF-1.4'))],
    ['ftyp with a broken box size', pad(bytes([0, 0, 0, 4], 'ftypheic'))],
  ])('%s is refused', (_name, head) => {
    expect(sniff(head)).toBeNull();
  });
});

describe('sanitizeDisplayName (display only, never a path)', () => {
  it.each([
    ['现场照片.jpg', '现场照片.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\win.ini', 'win.ini'],
    ['/abs/path/photo.png', 'photo.png'],
    ['..', 'file.jpg'],
    ['', 'file.jpg'],
    [undefined, 'file.jpg'],
    ['a\u0000b\u001fc\u007f.jpg', 'abc.jpg'],
    ['invoice\u202egpj.exe', 'invoicegpj.exe'],
    ['  spaced  .jpg  ', 'spaced  .jpg'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeDisplayName(raw, 'file.jpg')).toBe(expected);
  });

  it('keeps at most 100 characters, with the extension', () => {
    const long = '长'.repeat(150) + '.jpeg';
    const name = sanitizeDisplayName(long, 'x');
    expect(Array.from(name)).toHaveLength(100);
    expect(name.endsWith('.jpeg')).toBe(true);
    expect(Array.from(sanitizeDisplayName('😀'.repeat(120), 'x'))).toHaveLength(100);
  });
});
