import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, type TableColumnOptions } from 'typeorm';

function isMysql(q: QueryRunner): boolean {
  return q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
}

function time(q: QueryRunner, name: string, opts: { nullable?: boolean; onUpdate?: boolean } = {}): TableColumnOptions {
  if (opts.nullable) return isMysql(q) ? { name, type: 'datetime', precision: 3, isNullable: true } : { name, type: 'datetime', isNullable: true };
  return isMysql(q)
    ? { name, type: 'datetime', precision: 3, default: 'CURRENT_TIMESTAMP(3)', ...(opts.onUpdate ? { onUpdate: 'CURRENT_TIMESTAMP(3)' } : {}) }
    : { name, type: 'datetime', default: "(strftime('%Y-%m-%d %H:%M:%f', 'now'))" };
}

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };

/** The office's ledger: entries, their sources, distinct-pair decisions and on-site inspections. */
export class Ledger1764100000000 implements MigrationInterface {
  name = 'Ledger1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'ledger_entries',
        columns: [
          id,
          { name: 'month', type: 'varchar', length: '7' },
          { name: 'title', type: 'varchar', length: '100' },
          { name: 'summary', type: 'text' },
          { name: 'unit_id', type: 'int', isNullable: true },
          { name: 'category', type: 'varchar', length: '16', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'inspector_id', type: 'int', isNullable: true },
          time(q, 'created_at'),
          time(q, 'updated_at', { onUpdate: true }),
        ],
        indices: [{ name: 'ix_ledger_month_status', columnNames: ['month', 'status'] }],
        foreignKeys: [new TableForeignKey({ columnNames: ['unit_id'], referencedTableName: 'units', referencedColumnNames: ['id'], onDelete: 'RESTRICT' })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_sources',
        columns: [
          id,
          { name: 'entry_id', type: 'int' },
          { name: 'report_id', type: 'int', isUnique: true },
          { name: 'link', type: 'varchar', length: '16' },
          { name: 'score', type: 'double', isNullable: true },
          { name: 'reason', type: 'text', isNullable: true },
          { name: 'created_by', type: 'int' },
          time(q, 'created_at'),
        ],
        indices: [{ name: 'ix_ledger_sources_entry', columnNames: ['entry_id'] }],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['entry_id'], referencedTableName: 'ledger_entries', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['report_id'], referencedTableName: 'reports', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ledger_distinct',
        columns: [
          { name: 'entry_a', type: 'int', isPrimary: true },
          { name: 'entry_b', type: 'int', isPrimary: true },
          { name: 'reason', type: 'text' },
          { name: 'created_by', type: 'int' },
          time(q, 'created_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'inspections',
        columns: [
          id,
          { name: 'entry_id', type: 'int', isUnique: true },
          { name: 'inspector_id', type: 'int' },
          time(q, 'visited_at'),
          { name: 'latitude', type: 'double', isNullable: true },
          { name: 'longitude', type: 'double', isNullable: true },
          { name: 'findings', type: 'text' },
          { name: 'verdict', type: 'varchar', length: '8' },
          { name: 'reason', type: 'text', isNullable: true },
          time(q, 'created_at'),
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['entry_id'], referencedTableName: 'ledger_entries', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['inspections', 'ledger_distinct', 'ledger_sources', 'ledger_entries']) await q.dropTable(t);
  }
}
