import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableForeignKey, TableIndex, type TableColumnOptions } from 'typeorm';

function isMysql(q: QueryRunner): boolean {
  return q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
}

function time(q: QueryRunner, name: string, nullable = true): TableColumnOptions {
  if (!nullable) {
    return isMysql(q)
      ? { name, type: 'datetime', precision: 3, default: 'CURRENT_TIMESTAMP(3)' }
      : { name, type: 'datetime', default: "(strftime('%Y-%m-%d %H:%M:%f', 'now'))" };
  }
  return isMysql(q) ? { name, type: 'datetime', precision: 3, isNullable: true } : { name, type: 'datetime', isNullable: true };
}

/** The report lifecycle, recommendations, evidence and the monthly quota counters. */
export class Reporting1764000000000 implements MigrationInterface {
  name = 'Reporting1764000000000';

  async up(q: QueryRunner): Promise<void> {
    const reports = await q.getTable('reports');
    const fk = reports!.foreignKeys.find((f) => f.columnNames[0] === 'reporter_id');
    if (fk) await q.dropForeignKey('reports', fk);
    // TypeORM's MySQL renameColumn/changeColumn rewrite the column with a bad default: plain SQL there.
    if (isMysql(q)) {
      await q.query('ALTER TABLE `reports` CHANGE `reporter_id` `author_id` int NULL, MODIFY `unit_id` int NULL, MODIFY `month` varchar(7) NULL');
    } else {
      await q.renameColumn('reports', 'reporter_id', 'author_id');
      await q.changeColumn('reports', 'unit_id', new TableColumn({ name: 'unit_id', type: 'int', isNullable: true }));
      await q.changeColumn('reports', 'month', new TableColumn({ name: 'month', type: 'varchar', length: '7', isNullable: true }));
    }
    await q.addColumns('reports', [
      new TableColumn({ name: 'kind', type: 'varchar', length: '16', default: "'report'" }),
      new TableColumn({ name: 'category', type: 'varchar', length: '16', isNullable: true }),
      new TableColumn({ name: 'leader_praise', type: 'text', isNullable: true }),
      new TableColumn({ name: 'reason', type: 'text', isNullable: true }),
      new TableColumn({ name: 'quota_slot', type: 'int', isNullable: true }),
      new TableColumn({ name: 'return_reason', type: 'text', isNullable: true }),
      new TableColumn({ name: 'returned_by', type: 'int', isNullable: true }),
      new TableColumn({ name: 'content_check', type: 'varchar', length: '16', isNullable: true }),
      new TableColumn(time(q, 'submitted_at')),
      new TableColumn(time(q, 'signed_off_at')),
      new TableColumn({ name: 'signed_off_by', type: 'int', isNullable: true }),
      new TableColumn(time(q, 'received_at')),
      new TableColumn({ name: 'received_by', type: 'int', isNullable: true }),
    ]);
    await q.createForeignKey('reports', new TableForeignKey({ columnNames: ['author_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'SET NULL' }));
    await q.createIndex('reports', new TableIndex({ name: 'ix_reports_author', columnNames: ['author_id'] }));
    await q.createIndex('reports', new TableIndex({ name: 'ix_reports_status_month', columnNames: ['status', 'month'] }));

    await q.createTable(
      new Table({
        name: 'evidence',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'report_id', type: 'int' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'display_name', type: 'varchar', length: '120' },
          { name: 'mime', type: 'varchar', length: '64', isNullable: true },
          { name: 'bytes', type: 'int', isNullable: true },
          { name: 'sha256', type: 'varchar', length: '64', isNullable: true },
          { name: 'original_key', type: 'varchar', length: '200', isNullable: true },
          { name: 'thumb_key', type: 'varchar', length: '200', isNullable: true },
          { name: 'preview_key', type: 'varchar', length: '200', isNullable: true },
          { name: 'url', type: 'varchar', length: '1000', isNullable: true },
          { name: 'width', type: 'int', isNullable: true },
          { name: 'height', type: 'int', isNullable: true },
          { name: 'phash', type: 'varchar', length: '16', isNullable: true },
          time(q, 'app_at'),
          { name: 'app_lat', type: 'double', isNullable: true },
          { name: 'app_lng', type: 'double', isNullable: true },
          { name: 'app_accuracy', type: 'double', isNullable: true },
          { name: 'app_source', type: 'varchar', length: '16', isNullable: true },
          time(q, 'exif_at'),
          { name: 'exif_lat', type: 'double', isNullable: true },
          { name: 'exif_lng', type: 'double', isNullable: true },
          { name: 'created_by', type: 'int' },
          time(q, 'created_at', false),
        ],
        indices: [
          { name: 'ix_evidence_report', columnNames: ['report_id'] },
          { name: 'ix_evidence_phash', columnNames: ['phash'] },
        ],
        foreignKeys: [new TableForeignKey({ columnNames: ['report_id'], referencedTableName: 'reports', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'quota_counters',
        columns: [
          { name: 'scope', type: 'varchar', length: '32', isPrimary: true },
          { name: 'month', type: 'varchar', length: '7', isPrimary: true },
          { name: 'used', type: 'int' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('quota_counters');
    await q.dropTable('evidence');
    const reports = await q.getTable('reports');
    const fk = reports!.foreignKeys.find((f) => f.columnNames[0] === 'author_id');
    if (fk) await q.dropForeignKey('reports', fk);
    await q.dropIndex('reports', 'ix_reports_status_month');
    await q.dropIndex('reports', 'ix_reports_author');
    for (const c of ['received_by', 'received_at', 'signed_off_by', 'signed_off_at', 'submitted_at', 'content_check', 'returned_by', 'return_reason', 'quota_slot', 'reason', 'leader_praise', 'category', 'kind']) {
      await q.dropColumn('reports', c);
    }
    await q.query(`DELETE FROM reports WHERE unit_id IS NULL OR month IS NULL`);
    if (isMysql(q)) {
      await q.query('ALTER TABLE `reports` CHANGE `author_id` `reporter_id` int NULL, MODIFY `unit_id` int NOT NULL, MODIFY `month` varchar(7) NOT NULL');
    } else {
      await q.changeColumn('reports', 'month', new TableColumn({ name: 'month', type: 'varchar', length: '7' }));
      await q.changeColumn('reports', 'unit_id', new TableColumn({ name: 'unit_id', type: 'int' }));
      await q.renameColumn('reports', 'author_id', 'reporter_id');
    }
    await q.createForeignKey('reports', new TableForeignKey({ columnNames: ['reporter_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'SET NULL' }));
  }
}
