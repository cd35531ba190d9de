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

const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const fk = (column: string, table: string, onDelete: 'RESTRICT' | 'CASCADE' = 'RESTRICT') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });

/**
 * Publication of results and their use (domain.md steps 8–9): push channels, one bulletin per
 * closed round, the durable outbox of deliveries (unique per bulletin × channel: a bulletin reaches a
 * channel once), cadre files (unique per cadre × entry × level), subscribe-message credits and the
 * reminder log (unique per user × kind × period × ref: a reminder goes out once).
 */
export class Publication1764700000000 implements MigrationInterface {
  name = 'Publication1764700000000';

  async up(q: QueryRunner): Promise<void> {
    const bool = (name: string, value: boolean): TableColumnOptions => ({ name, type: 'boolean', default: value ? '1' : '0' });
    const bigint = (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: true });
    await q.createTable(
      new Table({
        name: 'publication_channels',
        columns: [
          id,
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'kind', type: 'varchar', length: '16' },
          bool('enabled', true),
          { name: 'app_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'author', type: 'varchar', length: '16', isNullable: true },
          { name: 'url', type: 'varchar', length: '512', isNullable: true },
          { name: 'secret', type: 'varchar', length: '256' },
          { name: 'created_by', type: 'int' },
          time(q, 'created_at', { now: true }),
          time(q, 'updated_at', { now: true }),
        ],
        indices: [{ name: 'uq_channels_app_id', columnNames: ['app_id'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'bulletins',
        columns: [
          id,
          { name: 'round_id', type: 'int' },
          { name: 'level', type: 'varchar', length: '10' },
          { name: 'period', type: 'varchar', length: '10' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'number', type: 'varchar', length: '32' },
          { name: 'title', type: 'varchar', length: '100' },
          { name: 'issuer', type: 'varchar', length: '64' },
          { name: 'lead', type: 'text' },
          { name: 'closing', type: 'text' },
          { name: 'items', type: isMysql(q) ? 'mediumtext' : 'text' },
          time(q, 'issued_at'),
          time(q, 'published_at', { nullable: true }),
          { name: 'created_by', type: 'int' },
          time(q, 'created_at', { now: true }),
          time(q, 'updated_at', { now: true }),
        ],
        indices: [{ name: 'uq_bulletins_round', columnNames: ['round_id'], isUnique: true }],
        foreignKeys: [fk('round_id', 'rounds')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'publication_deliveries',
        columns: [
          id,
          { name: 'bulletin_id', type: 'int' },
          { name: 'channel_id', type: 'int' },
          { name: 'status', type: 'varchar', length: '12' },
          { name: 'attempts', type: 'int', default: '0' },
          { name: 'budget_start', type: 'int', default: '0' },
          bigint('next_attempt_at'),
          bigint('locked_until'),
          { name: 'lock_owner', type: 'varchar', length: '80', isNullable: true },
          { name: 'state', type: isMysql(q) ? 'mediumtext' : 'text', isNullable: true },
          { name: 'publish_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'article_url', type: 'varchar', length: '512', isNullable: true },
          { name: 'last_error', type: 'varchar', length: '500', isNullable: true },
          bool('office_retryable', false),
          { name: 'created_by', type: 'int' },
          time(q, 'published_at', { nullable: true }),
          time(q, 'created_at', { now: true }),
          time(q, 'updated_at', { now: true }),
        ],
        indices: [
          { name: 'uq_deliveries_bulletin_channel', columnNames: ['bulletin_id', 'channel_id'], isUnique: true },
          { name: 'ix_deliveries_due', columnNames: ['status', 'next_attempt_at'] },
        ],
        foreignKeys: [fk('bulletin_id', 'bulletins'), fk('channel_id', 'publication_channels')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'cadre_records',
        columns: [
          id,
          { name: 'user_id', type: 'int' },
          { name: 'entry_id', type: 'int' },
          { name: 'round_id', type: 'int' },
          { name: 'level', type: 'varchar', length: '10' },
          { name: 'period', type: 'varchar', length: '10' },
          { name: 'rank', type: 'int', isNullable: true },
          { name: 'recorded_on', type: 'varchar', length: '10' },
          time(q, 'created_at', { now: true }),
        ],
        indices: [{ name: 'uq_cadre_records', columnNames: ['user_id', 'entry_id', 'level'], isUnique: true }],
        foreignKeys: [fk('user_id', 'users', 'CASCADE'), fk('entry_id', 'ledger_entries'), fk('round_id', 'rounds')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'subscriptions',
        columns: [
          id,
          { name: 'user_id', type: 'int' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'template_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'credits', type: 'int', default: '0' },
          bool('refused', false),
          time(q, 'updated_at', { now: true }),
        ],
        indices: [{ name: 'uq_subscriptions_user_kind', columnNames: ['user_id', 'kind'], isUnique: true }],
        foreignKeys: [fk('user_id', 'users', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'reminder_log',
        columns: [
          id,
          { name: 'user_id', type: 'int' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'period', type: 'varchar', length: '10' },
          { name: 'ref', type: 'int' },
          { name: 'outcome', type: 'varchar', length: '12' },
          { name: 'reason', type: 'varchar', length: '200', isNullable: true },
          time(q, 'created_at', { now: true }),
          time(q, 'updated_at', { now: true }),
        ],
        indices: [{ name: 'uq_reminder_log', columnNames: ['user_id', 'kind', 'period', 'ref'], isUnique: true }],
        foreignKeys: [fk('user_id', 'users', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['reminder_log', 'subscriptions', 'cadre_records', 'publication_deliveries', 'bulletins', 'publication_channels']) await q.dropTable(t);
  }
}
