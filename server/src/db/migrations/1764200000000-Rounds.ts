import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, type TableColumnOptions } from 'typeorm';

function isMysql(q: QueryRunner): boolean {
  return q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
}

function time(q: QueryRunner, name: string, opts: { nullable?: boolean; now?: boolean } = {}): TableColumnOptions {
  const base: TableColumnOptions = isMysql(q) ? { name, type: 'datetime', precision: 3 } : { name, type: 'datetime' };
  if (opts.nullable) return { ...base, isNullable: true };
  if (opts.now) return { ...base, default: isMysql(q) ? 'CURRENT_TIMESTAMP(3)' : "(strftime('%Y-%m-%d %H:%M:%f', 'now'))" };
  return base;
}

/** Selection rounds (the monthly vote first), their entries and results, and ballots. */
export class Rounds1764200000000 implements MigrationInterface {
  name = 'Rounds1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'rounds',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'kind', type: 'varchar', length: '24' },
          { name: 'period', type: 'varchar', length: '10' },
          { name: 'title', type: 'varchar', length: '100' },
          { name: 'select_count', type: 'int' },
          { name: 'status', type: 'varchar', length: '16' },
          time(q, 'ends_at'),
          time(q, 'closed_at', { nullable: true }),
          { name: 'decision_reason', type: 'text', isNullable: true },
          { name: 'created_by', type: 'int' },
          time(q, 'created_at', { now: true }),
        ],
        indices: [{ name: 'uq_rounds_kind_period', columnNames: ['kind', 'period'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'round_entries',
        columns: [
          { name: 'round_id', type: 'int', isPrimary: true },
          { name: 'entry_id', type: 'int', isPrimary: true },
          { name: 'votes', type: 'int', isNullable: true },
          { name: 'rank', type: 'int', isNullable: true },
          { name: 'selected', type: 'boolean', default: isMysql(q) ? '0' : '0' },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['round_id'], referencedTableName: 'rounds', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['entry_id'], referencedTableName: 'ledger_entries', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'ballots',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'round_id', type: 'int' },
          { name: 'voter_id', type: 'int' },
          { name: 'entry_ids', type: 'text' },
          time(q, 'cast_at'),
        ],
        indices: [{ name: 'uq_ballots_round_voter', columnNames: ['round_id', 'voter_id'], isUnique: true }],
        foreignKeys: [new TableForeignKey({ columnNames: ['round_id'], referencedTableName: 'rounds', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['ballots', 'round_entries', 'rounds']) await q.dropTable(t);
  }
}
