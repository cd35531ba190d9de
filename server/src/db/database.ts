import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import type { DatabaseConfig } from '../config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export type DatabaseKind = DatabaseConfig['kind'];

/**
 * The data source and the one way to write: `transaction()`. SQLite has a single connection, and
 * TypeORM cannot nest transactions on it, so SQLite transactions queue in-process (the embedded
 * database serves one process by design); MySQL runs them concurrently and relies on row locks.
 */
export class Database {
  private sqliteQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly ds: DataSource,
    readonly kind: DatabaseKind,
  ) {}

  static async open(config: DatabaseConfig, opts: { migrate?: boolean } = {}): Promise<Database> {
    const ds = new DataSource(dataSourceOptions(config));
    await ds.initialize();
    const db = new Database(ds, config.kind);
    if (opts.migrate !== false) {
      try {
        await db.migrate();
      } catch (e) {
        await ds.destroy();
        throw e;
      }
    }
    return db;
  }

  /**
   * Runs pending migrations. On MySQL several processes may start together: a named lock makes
   * them take turns, so each migration runs once and the others find nothing left to do.
   */
  private async migrate(): Promise<void> {
    if (this.kind !== 'mysql') {
      await this.ds.runMigrations({ transaction: 'each' });
      return;
    }
    const lock = this.ds.createQueryRunner();
    try {
      const [row] = await lock.query("SELECT GET_LOCK('liangdian_migrations', 120) AS got");
      if (Number(row.got) !== 1) throw new Error('timed out waiting for another process to finish migrations');
      await this.ds.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query("SELECT RELEASE_LOCK('liangdian_migrations')").catch(() => undefined);
      await lock.release();
    }
  }

  get manager(): EntityManager {
    return this.ds.manager;
  }

  async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (this.kind === 'mysql') {
      // InnoDB may pick this transaction as a deadlock victim (1213) or time out a lock wait (1205):
      // the whole unit of work is rolled back, so running it again is safe.
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.ds.transaction('READ COMMITTED', work);
        } catch (e) {
          const errno = (e as { driverError?: { errno?: number } }).driverError?.errno;
          if (attempt >= 3 || (errno !== 1213 && errno !== 1205)) throw e;
        }
      }
    }
    const run = this.sqliteQueue.then(() => this.ds.transaction(work));
    this.sqliteQueue = run.catch(() => undefined);
    return run;
  }

  async ping(): Promise<boolean> {
    try {
      await this.ds.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

export function dataSourceOptions(config: DatabaseConfig) {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, logging: false } as const;
  if (config.kind === 'mysql') {
    return {
      ...common,
      type: 'mysql' as const,
      url: config.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      extra: { connectionLimit: config.poolSize ?? 10 },
    };
  }
  mkdirSync(path.dirname(config.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3' as const,
    database: config.path,
    // WAL lets readers (audit:verify, backups) run beside the server; foreign keys are off by default in SQLite.
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}
