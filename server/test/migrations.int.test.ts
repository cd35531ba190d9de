import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMysqlDatabase, dropMysqlDatabase, mysqlServerUrl, newMysqlDatabaseName } from '../../tests/support/services';
import type { DatabaseConfig } from '../src/config';
import { Database } from '../src/db/database';
import { MIGRATIONS } from '../src/db/migrations';
import { UnitEntity } from '../src/db/entities';

const TABLES = ['units', 'users', 'role_grants', 'audit_log', 'audit_head', 'reports', 'evidence', 'quota_counters', 'ledger_entries', 'ledger_sources', 'ledger_distinct', 'inspections', 'rounds', 'round_entries', 'ballots', 'round_assignments', 'score_sheets', 'public_votes', 'public_vote_candidates', 'public_vote_counters', 'public_ballots', 'publication_channels', 'bulletins', 'publication_deliveries', 'cadre_records', 'subscriptions', 'reminder_log'];

for (const kind of ['sqlite', 'mysql'] as const) {
  const d = kind === 'mysql' && !mysqlServerUrl ? describe.skip : describe;
  d(`migrations [${kind}]`, () => {
    let config: DatabaseConfig;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      if (kind === 'mysql') {
        const name = newMysqlDatabaseName();
        config = { kind, url: await createMysqlDatabase(name) };
        cleanup = () => dropMysqlDatabase(name);
      } else {
        const dir = mkdtempSync(path.join(tmpdir(), 'ld-mig-'));
        config = { kind, path: path.join(dir, `m${randomBytes(3).toString('hex')}.sqlite`) };
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      }
    });
    afterAll(() => cleanup());

    it('run up at start, revert down completely, and run up again; a second start changes nothing', async () => {
      const db = await Database.open(config);
      try {
        const tables = async () => (await db.ds.createQueryRunner().getTables(TABLES)).map((t) => t.name.split('.').pop()).sort();
        expect(await tables()).toEqual([...TABLES].sort());
        expect(await db.ds.showMigrations()).toBe(false);
        for (let i = 0; i < MIGRATIONS.length; i++) await db.ds.undoLastMigration({ transaction: 'each' });
        expect(await tables()).toEqual([]);
        await db.ds.runMigrations({ transaction: 'each' });
        await db.manager.getRepository(UnitEntity).insert({ code: 'M1', name: '迁移测试', type: 'organ' });
      } finally {
        await db.close();
      }
      const again = await Database.open(config);
      try {
        expect(await again.manager.getRepository(UnitEntity).countBy({ code: 'M1' })).toBe(1);
        await expect(again.manager.getRepository(UnitEntity).insert({ code: 'M1', name: '重复', type: 'organ' })).rejects.toThrow();
      } finally {
        await again.close();
      }
    });
  });
}

describe('several processes starting together on one MySQL database', () => {
  const d = mysqlServerUrl ? it : it.skip;
  d('run each migration once', async () => {
    const name = newMysqlDatabaseName();
    const url = await createMysqlDatabase(name);
    try {
      const opened = await Promise.allSettled([1, 2, 3].map(() => Database.open({ kind: 'mysql', url })));
      const dbs = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      await Promise.all(dbs.slice(1).map((db) => db.close()));
      expect(opened.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const [{ n }] = await dbs[0].ds.query('SELECT COUNT(*) AS n FROM migrations');
      expect(Number(n)).toBe(MIGRATIONS.length);
      const [{ h }] = await dbs[0].ds.query('SELECT COUNT(*) AS h FROM audit_head');
      expect(Number(h)).toBe(1);
      await dbs[0].close();
    } finally {
      await dropMysqlDatabase(name);
    }
  });
});
