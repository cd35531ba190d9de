import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertStorageKey, StorageNotFound, type FileStorage, type PutOptions } from './file-storage';

/**
 * Files under a root directory, one per key. A put writes a hidden temp file beside the target and
 * renames it into place (atomic on one file system), so a crash or a failed upload never leaves a
 * partial file under a real key. The content type is not kept: the caller stores it with the row.
 */
export class LocalStorage implements FileStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    assertStorageKey(key);
    const full = path.resolve(this.root, key);
    // The key pattern already forbids '..'; this is the belt to its braces.
    if (!full.startsWith(this.root + path.sep)) throw new Error(`storage key escapes the root: ${key}`);
    return full;
  }

  async put(key: string, body: Readable | Buffer, _opts: PutOptions): Promise<void> {
    const full = this.pathOf(key);
    await mkdir(path.dirname(full), { recursive: true });
    // Same directory as the target so that rename stays on one file system; the leading dot keeps
    // it out of the key space (assertStorageKey refuses segments starting with a dot).
    const temp = path.join(path.dirname(full), `.${path.basename(full)}.${randomUUID()}.part`);
    try {
      if (Buffer.isBuffer(body)) await writeFile(temp, body, { flag: 'wx' });
      else await pipeline(body, createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, full);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const full = this.pathOf(key);
    const stream = createReadStream(full);
    // Wait for the open so that a missing file rejects here (→ 404) rather than failing mid-response.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (err: NodeJS.ErrnoException) => {
        reject(err.code === 'ENOENT' || err.code === 'EISDIR' ? new StorageNotFound(key) : err);
      });
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}

