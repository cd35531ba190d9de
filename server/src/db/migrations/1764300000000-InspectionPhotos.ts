import { type MigrationInterface, type QueryRunner, TableColumn, TableForeignKey, TableIndex } from 'typeorm';

function isMysql(q: QueryRunner): boolean {
  return q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
}

/** Photos taken at an on-site inspection are evidence too: of a ledger entry instead of a report. */
export class InspectionPhotos1764300000000 implements MigrationInterface {
  name = 'InspectionPhotos1764300000000';

  async up(q: QueryRunner): Promise<void> {
    if (isMysql(q)) await q.query('ALTER TABLE `evidence` MODIFY `report_id` int NULL');
    else await q.changeColumn('evidence', 'report_id', new TableColumn({ name: 'report_id', type: 'int', isNullable: true }));
    await q.addColumn('evidence', new TableColumn({ name: 'ledger_entry_id', type: 'int', isNullable: true }));
    await q.createForeignKey('evidence', new TableForeignKey({ columnNames: ['ledger_entry_id'], referencedTableName: 'ledger_entries', referencedColumnNames: ['id'], onDelete: 'CASCADE' }));
    await q.createIndex('evidence', new TableIndex({ name: 'ix_evidence_ledger_entry', columnNames: ['ledger_entry_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    const table = await q.getTable('evidence');
    const fk = table!.foreignKeys.find((f) => f.columnNames[0] === 'ledger_entry_id');
    if (fk) await q.dropForeignKey('evidence', fk);
    await q.dropIndex('evidence', 'ix_evidence_ledger_entry');
    await q.dropColumn('evidence', 'ledger_entry_id');
    await q.query('DELETE FROM evidence WHERE report_id IS NULL');
    if (isMysql(q)) await q.query('ALTER TABLE `evidence` MODIFY `report_id` int NOT NULL');
    else await q.changeColumn('evidence', 'report_id', new TableColumn({ name: 'report_id', type: 'int' }));
  }
}
