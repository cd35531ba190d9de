import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { Config } from '../../config';
import type { FileStorage } from './file-storage';
import { LocalStorage } from './local-storage';
import { S3Storage } from './s3-storage';

export { assertStorageKey, StorageNotFound, type FileStorage, type PutOptions } from './file-storage';
export { LocalStorage } from './local-storage';
export { S3Storage, type S3Settings } from './s3-storage';

/**
 * The storage the settings name: `STORAGE=local` (default, under DATA_DIR/files) or `STORAGE=s3`.
 * `logger` (e.g. the app's pino logger) receives the S3 SDK's warnings.
 */
export function createStorage(settings: Config['storage'], opts: { logger?: S3ClientConfig['logger'] } = {}): FileStorage {
  return settings.kind === 's3' ? new S3Storage(settings, { logger: opts.logger }) : new LocalStorage(settings.root);
}
