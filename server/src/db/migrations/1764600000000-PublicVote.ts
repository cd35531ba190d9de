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

/**
 * The public online vote. One ballot row per (vote, voter, day, candidate) — a unique index — and
 * each of a voter's ballots of a day takes one of `daily_limit` numbered slots — a second unique
 * index — so the database itself refuses a repeat and a ballot past the daily limit, whatever any
 * server process believed. A candidate's total is the sum of its rows in `public_vote_counters`,
 * raised in the ballots' own transaction; each writer lane raises its own shard row, so parallel
 * writers never queue on one hot row (and a recount re-derives them from the ballots).
 */
export class PublicVote1764600000000 implements MigrationInterface {
  name = 'PublicVote1764600000000';

  async up(q: QueryRunner): Promise<void> {
    const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', default: '0' });
    await q.createTable(
      new Table({
        name: 'public_votes',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'title', type: 'varchar', length: '100' },
          { name: 'round_id', type: 'int', isNullable: true, isUnique: true },
          time(q, 'opens_at'),
          time(q, 'closes_at'),
          { name: 'daily_limit', type: 'int' },
          bool('hide_counts'),
          { name: 'created_by', type: 'int' },
          time(q, 'created_at', { now: true }),
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['round_id'], referencedTableName: 'rounds', referencedColumnNames: ['id'], onDelete: 'RESTRICT' })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'public_vote_candidates',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'vote_id', type: 'int' },
          { name: 'entry_id', type: 'int' },
          { name: 'title', type: 'varchar', length: '100' },
          { name: 'unit_name', type: 'varchar', length: '100' },
          { name: 'summary', type: 'text' },
          { name: 'photo_evidence_id', type: 'int', isNullable: true },
          { name: 'position', type: 'int' },
        ],
        indices: [{ name: 'uq_pvc_vote_entry', columnNames: ['vote_id', 'entry_id'], isUnique: true }],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['vote_id'], referencedTableName: 'public_votes', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
          new TableForeignKey({ columnNames: ['entry_id'], referencedTableName: 'ledger_entries', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'public_vote_counters',
        columns: [
          { name: 'candidate_id', type: 'int', isPrimary: true },
          { name: 'shard', type: 'int', isPrimary: true },
          { name: 'votes', type: 'int', default: '0' },
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['candidate_id'], referencedTableName: 'public_vote_candidates', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'public_ballots',
        columns: [
          { name: 'id', type: isMysql(q) ? 'bigint' : 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'vote_id', type: 'int' },
          { name: 'voter_id', type: 'int' },
          { name: 'day', type: 'varchar', length: '10' },
          { name: 'candidate_id', type: 'int' },
          { name: 'slot', type: 'smallint' },
          time(q, 'cast_at'),
          { name: 'ip', type: 'varchar', length: '45' },
          { name: 'device', type: 'varchar', length: '64', isNullable: true },
          /** JSON list of fraud signals; null when none. */
          { name: 'signals', type: 'varchar', length: '500', isNullable: true },
          bool('flagged'),
          bool('excluded'),
          { name: 'decision_note', type: 'varchar', length: '200', isNullable: true },
          /** The group commit that wrote the row: how a batch tells its own rows from a concurrent writer's. */
          { name: 'batch', type: 'varchar', length: '16' },
        ],
        indices: [
          { name: 'uq_pb_candidate', columnNames: ['vote_id', 'voter_id', 'day', 'candidate_id'], isUnique: true },
          { name: 'uq_pb_slot', columnNames: ['vote_id', 'voter_id', 'day', 'slot'], isUnique: true },
          { name: 'ix_pb_flagged', columnNames: ['vote_id', 'flagged'] },
        ],
        // Only the vote is a foreign key (its index is the unique keys' prefix); candidate and voter are
        // checked by the writer, sparing two secondary indexes on the hottest table.
        foreignKeys: [new TableForeignKey({ columnNames: ['vote_id'], referencedTableName: 'public_votes', referencedColumnNames: ['id'], onDelete: 'RESTRICT' })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['public_ballots', 'public_vote_counters', 'public_vote_candidates', 'public_votes']) await q.dropTable(t);
  }
}
