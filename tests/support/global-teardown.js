// Jest globalTeardown: drops the MariaDB databases this run created and that a test did not drop
// itself (a failed or interrupted suite). Only names with this run's prefix `ld_t_<LD_TEST_RUN>_` are
// touched, so parallel runs on one server (two checkouts, CI and a developer) never hit each other.
'use strict';

module.exports = async function globalTeardown() {
  const url = process.env.LD_TEST_MYSQL_URL;
  const run = process.env.LD_TEST_RUN;
  if (!url || !run || !/^[a-z0-9]+$/i.test(run)) return;
  const mysql = require('mysql2/promise');
  let conn;
  try {
    conn = await mysql.createConnection({ uri: url, connectTimeout: 2000 });
    // `_` is a LIKE wildcard: escape it so `ld_t_ab_%` cannot match `ldxtxab...`.
    const pattern = `ld\\_t\\_${run}\\_%`;
    const [rows] = await conn.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [pattern]);
    for (const { name } of rows) {
      await conn.query(`DROP DATABASE IF EXISTS \`${name.replace(/`/g, '``')}\``);
    }
    if (rows.length) process.stderr.write(`[services] dropped ${rows.length} leftover test database(s) of run ${run}\n`);
  } catch (err) {
    // Cleanup must not turn a green run red; say what was left behind instead.
    process.stderr.write(`[services] could not drop test databases ld_t_${run}_*: ${err.message}\n`);
  } finally {
    if (conn) await conn.end().catch(() => conn.destroy());
  }
};
