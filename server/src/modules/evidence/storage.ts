import type { Config } from '../../config';
import type { FileStorage } from './file-storage';
import { LocalStorage } from './local-storage';
import { S3Storage } from './s3-storage';

export { assertStorageKey, StorageNotFound, type FileStorage, type PutOptions } from './file-storage';
export { LocalStorage } from './local-storage';
export { S3Storage, type S3Settings } from './s3-storage';

/** The storage the settings name: `STORAGE=local` (default, under DATA_DIR/files) or `STORAGE=s3`. */
export function createStorage(settings: Config['storage']): FileStorage {
  return settings.kind === 's3' ? new S3Storage(settings) : new LocalStorage(settings.root);
}
