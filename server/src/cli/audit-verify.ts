import { ConfigError, loadConfig } from '../config';
import { Database } from '../db/database';
import { verifyAuditChain } from '../modules/audit/audit.service';

/**
 * `npm run audit:verify`: recomputes the audit chain of the configured database (DATABASE_URL) and
 * names the first broken row. Exit 0 when the chain holds, 1 when it is broken, 2 on bad settings.
 */
async function run() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const db = await Database.open(config.database, { migrate: false });
  try {
    const report = await verifyAuditChain(db);
    if (report.ok) {
      console.log(`audit chain OK: ${report.checked} rows verified`);
      return 0;
    }
    console.log(`audit chain BROKEN at row seq=${report.firstBroken!.seq}: ${report.firstBroken!.reason} (${report.checked} rows before it hold)`);
    return 1;
  } finally {
    await db.close();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    console.error('audit:verify failed:', err instanceof ConfigError ? err.message : (err as Error).message);
    process.exit(2);
  },
);
