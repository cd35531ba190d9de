import Busboy from 'busboy';
import type { Context } from 'koa';
import { AppError } from './app-error';

export interface BufferedFile {
  field: string;
  filename: string;
  mimeType: string;
  data: Buffer;
}

/**
 * Reads a multipart body holding exactly one small file into memory, refusing anything over
 * `maxBytes` (413) as soon as the limit is crossed rather than after reading it all.
 */
export function readSingleFile(ctx: Context, opts: { field: string; maxBytes: number }): Promise<BufferedFile> {
  if (!ctx.is('multipart/form-data')) {
    return Promise.reject(new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件'));
  }
  return new Promise((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: ctx.req.headers, limits: { files: 1, fileSize: opts.maxBytes, fields: 10, parts: 20 } });
    } catch {
      reject(new AppError('VALIDATION_FAILED', '上传内容格式错误'));
      return;
    }
    let file: BufferedFile | null = null;
    let failed: AppError | null = null;
    const fail = (e: AppError) => {
      failed ??= e;
    };
    bb.on('file', (field, stream, info) => {
      if (field !== opts.field || file) {
        stream.resume();
        fail(new AppError('VALIDATION_FAILED', `只能上传一个文件，字段名为 ${opts.field}`));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => fail(new AppError('PAYLOAD_TOO_LARGE', `文件不能超过 ${Math.floor(opts.maxBytes / 1024 / 1024)} MB`)));
      stream.on('end', () => {
        file = { field, filename: info.filename ?? '', mimeType: info.mimeType, data: Buffer.concat(chunks) };
      });
    });
    bb.on('filesLimit', () => fail(new AppError('VALIDATION_FAILED', '只能上传一个文件')));
    // A malformed body ends with 'error' and no 'close'.
    bb.on('error', () => {
      ctx.req.unpipe(bb);
      ctx.req.resume();
      reject(failed ?? new AppError('VALIDATION_FAILED', '上传内容格式错误'));
    });
    bb.on('close', () => {
      if (failed) reject(failed);
      else if (!file) reject(new AppError('VALIDATION_FAILED', `缺少上传文件（字段名 ${opts.field}）`));
      else resolve(file);
    });
    ctx.req.on('error', () => fail(new AppError('VALIDATION_FAILED', '上传中断')));
    ctx.req.pipe(bb);
  });
}
