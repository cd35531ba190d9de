import { availableParallelism } from 'node:os';
import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { AppError } from '../../http/app-error';
import { readExif, type ExifPlace } from './read-exif';
import { Semaphore } from './semaphore';

export interface ProcessedPhoto {
  /** Size after auto-orientation (what a viewer sees). */
  width: number;
  height: number;
  /** ≤ 320 px JPEG, no metadata: safe to show anyone. */
  thumb: Buffer;
  /** ≤ 1600 px JPEG q80, no metadata: safe to show anyone. */
  preview: Buffer;
  /** 64-bit dHash as 16 hex characters (compare with hammingDistance / isSamePhoto in shared). */
  phash: string;
  exif: ExifPlace | null;
}

export const THUMB_PX = 320;
export const PREVIEW_PX = 1600;

// sharp runs each pipeline on libuv's thread pool (4 threads by default), the same pool that does
// every fs read and write of the streaming uploads; libvips then adds its own threads per pipeline.
// Unbounded, 20 concurrent 24-MP decodes take GBs and starve the disk writes. So: at most one
// pipeline per CPU (a decode is CPU-bound; more in parallel only adds memory), one libvips thread
// each (concurrency(1): parallelism comes from running pipelines side by side), and no libvips
// operation cache (every upload is a different image; the cache would only hold memory).
// BENCHMARKS.md ("Evidence uploads") measures the effect.
let photoSlots = new Semaphore(Math.max(1, availableParallelism()));
sharp.concurrency(1);
sharp.cache(false);

/**
 * Overrides the limits above (the benchmark compares settings with it). Call it at start-up, not
 * while photos are being processed: pipelines already waiting keep the old semaphore.
 */
export function configurePhotoPipelines(opts: { slots?: number; vipsThreads?: number }): void {
  if (opts.slots !== undefined) photoSlots = new Semaphore(opts.slots);
  if (opts.vipsThreads !== undefined) sharp.concurrency(opts.vipsThreads);
}

/** Pipelines running and waiting (for the benchmark and metrics). */
export const photoPipelineLoad = () => photoSlots.load;

const HEIC_HINT = '无法读取该 HEIC 照片。请在手机"设置 → 相机 → 格式"中选择"兼容性最佳"后重新拍摄，或上传 JPEG 照片';

/**
 * Decodes a photo once, auto-rotated from its EXIF orientation and scaled to preview size, and
 * derives the preview, the thumbnail and the perceptual hash from those pixels; reads EXIF time and
 * place from the original. The derivatives carry no metadata at all (sharp writes none unless asked),
 * so no EXIF or GPS reaches anyone who sees them; only the private original keeps its metadata.
 *
 * `limitInputPixels` refuses pixel floods (a small file whose header claims 30000×30000) before any
 * pixel is allocated. Any image sharp cannot read answers 422 IMAGE_UNREADABLE. `file` is a path
 * (what ingestUpload passes: the upload never sits in memory whole) or a buffer.
 */
export function processPhoto(file: string | Buffer, opts: { maxPixels: number; mime: string }): Promise<ProcessedPhoto> {
  return photoSlots.run(() => decodeAndDerive(file, opts));
}

async function decodeAndDerive(file: string | Buffer, opts: { maxPixels: number; mime: string }): Promise<ProcessedPhoto> {
  const input = () => sharp(file, { limitInputPixels: opts.maxPixels, failOn: 'error' });
  let width: number;
  let height: number;
  let pixels: { data: Buffer; info: OutputInfo };
  try {
    const meta = await input().metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
    if (meta.width * meta.height > opts.maxPixels) throw new Error('Input image exceeds pixel limit');
    ({ width, height } = meta.autoOrient ?? meta);
    // One decode: rotate, drop transparency onto white (JPEG has none), shrink to preview size
    // (libjpeg's shrink-on-load decodes big JPEGs at 1/2–1/8 scale, so a 24-MP photo never sits
    // in memory at full size).
    pixels = await input()
      .autoOrient()
      .flatten({ background: '#ffffff' })
      .resize(PREVIEW_PX, PREVIEW_PX, { fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw unreadable(err, opts);
  }
  const raw = () => sharp(pixels.data, { raw: { width: pixels.info.width, height: pixels.info.height, channels: pixels.info.channels } });
  const [preview, thumb, phash, exif] = await Promise.all([
    raw().jpeg({ quality: 80, mozjpeg: true }).toBuffer(),
    raw().resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75, mozjpeg: true }).toBuffer(),
    dHash(raw()),
    readExif(file),
  ]);
  return { width, height, preview, thumb, phash, exif };
}

function unreadable(err: unknown, opts: { maxPixels: number; mime: string }): AppError {
  const message = err instanceof Error ? err.message : String(err);
  if (/pixel limit/i.test(message)) {
    const mp = Math.round(opts.maxPixels / 1_000_000);
    return new AppError('IMAGE_UNREADABLE', `图片像素过大（超过 ${mp} 百万像素），无法处理`, { reason: 'pixelLimit' });
  }
  // sharp's prebuilt libvips reads HEIF containers but not HEVC-coded images (a patent matter);
  // iPhones shoot HEVC-HEIC unless set to "Most Compatible".
  if (opts.mime === 'image/heic' || opts.mime === 'image/heif') {
    return new AppError('IMAGE_UNREADABLE', HEIC_HINT, { reason: 'heic' });
  }
  return new AppError('IMAGE_UNREADABLE', '无法读取该图片，文件可能已损坏，请重新拍摄或选择其他照片', { reason: 'decode' });
}

/**
 * Difference hash: shrink to 9×8 grey pixels and record, for each row, whether each pixel is
 * brighter than its right neighbour (8×8 = 64 bits). It survives re-encoding, resizing and mild
 * colour changes, which is what re-using a colleague's photo in another report looks like.
 */
export async function dHash(image: Sharp): Promise<string> {
  const grey = await image.greyscale().resize(9, 8, { fit: 'fill' }).raw().toBuffer();
  let hex = '';
  for (let row = 0; row < 8; row++) {
    let byte = 0;
    for (let x = 0; x < 8; x++) byte = (byte << 1) | (grey[row * 9 + x] > grey[row * 9 + x + 1] ? 1 : 0);
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}
