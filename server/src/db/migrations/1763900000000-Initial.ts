import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, type TableColumnOptions } from 'typeorm';

function isMysql(q: QueryRunner): boolean {
  return q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
}

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };

function timestamp(q: QueryRunner, name: string, onUpdate = false): TableColumnOptions {
  return isMysql(q)
    ? { name, type: 'datetime', precision: 3, default: 'CURRENT_TIMESTAMP(3)', ...(onUpdate ? { onUpdate: 'CURRENT_TIMESTAMP(3)' } : {}) }
    : { name, type: 'datetime', default: "(strftime('%Y-%m-%d %H:%M:%f', 'now'))" };
}

export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'units',
        columns: [
          id,
          { name: 'code', type: 'varchar', length: '32', isUnique: true },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'type', type: 'varchar', length: '16' },
          timestamp(q, 'created_at'),
          timestamp(q, 'updated_at', true),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          id,
          { name: 'openid', type: 'varchar', length: '64', isNullable: true, isUnique: true },
          { name: 'name', type: 'varchar', length: '50' },
          { name: 'phone', type: 'varchar', length: '20', isNullable: true, isUnique: true },
          { name: 'unit_id', type: 'int', isNullable: true },
          timestamp(q, 'created_at'),
          timestamp(q, 'updated_at', true),
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['unit_id'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'role_grants',
        columns: [
          id,
          { name: 'user_id', type: 'int' },
          { name: 'role', type: 'varchar', length: '20' },
          timestamp(q, 'created_at'),
        ],
        indices: [{ name: 'uq_role_grants_user_role', columnNames: ['user_id', 'role'], isUnique: true }],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'seq', type: 'int', isPrimary: true },
          { name: 'at', type: 'varchar', length: '30' },
          { name: 'actor_id', type: 'int', isNullable: true },
          { name: 'action', type: 'varchar', length: '64' },
          { name: 'entity_type', type: 'varchar', length: '32' },
          { name: 'entity_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'data', type: isMysql(q) ? 'mediumtext' : 'text' },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        indices: [{ name: 'ix_audit_entity', columnNames: ['entity_type', 'entity_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_head',
        columns: [
          { name: 'id', type: 'int', isPrimary: true },
          { name: 'last_seq', type: 'int' },
          { name: 'last_hash', type: 'varchar', length: '64' },
        ],
      }),
    );
    // The genesis link: the first audit row's prev_hash is 64 zeros.
    await q.query(`INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '${'0'.repeat(64)}')`);
    await q.createTable(
      new Table({
        name: 'reports',
        columns: [
          id,
          { name: 'unit_id', type: 'int' },
          { name: 'reporter_id', type: 'int', isNullable: true },
          { name: 'month', type: 'varchar', length: '7' },
          { name: 'title', type: 'varchar', length: '100' },
          { name: 'summary', type: 'text' },
          { name: 'status', type: 'varchar', length: '20' },
          timestamp(q, 'created_at'),
          timestamp(q, 'updated_at', true),
        ],
        indices: [{ name: 'ix_reports_unit_month', columnNames: ['unit_id', 'month'] }],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['unit_id'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
          new TableForeignKey({ columnNames: ['reporter_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'SET NULL' }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['reports', 'audit_head', 'audit_log', 'role_grants', 'users', 'units']) await q.dropTable(t);
  }
}
