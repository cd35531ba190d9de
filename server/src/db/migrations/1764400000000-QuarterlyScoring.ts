import { type MigrationInterface, type QueryRunner, Table, TableForeignKey } from 'typeorm';

function isMysql(q: QueryRunner): boolean {
  return q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
}

/** Quarterly scoring on the round machinery: assessor assignments and rubric score sheets. */
export class QuarterlyScoring1764400000000 implements MigrationInterface {
  name = 'QuarterlyScoring1764400000000';

  async up(q: QueryRunner): Promise<void> {
    const round = new TableForeignKey({ columnNames: ['round_id'], referencedTableName: 'rounds', referencedColumnNames: ['id'], onDelete: 'CASCADE' });
    await q.createTable(
      new Table({
        name: 'round_assignments',
        columns: [
          { name: 'round_id', type: 'int', isPrimary: true },
          { name: 'entry_id', type: 'int', isPrimary: true },
          { name: 'assessor_id', type: 'int', isPrimary: true },
        ],
        foreignKeys: [round],
      }),
    );
    await q.createTable(
      new Table({
        name: 'score_sheets',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'round_id', type: 'int' },
          { name: 'entry_id', type: 'int' },
          { name: 'assessor_id', type: 'int' },
          { name: 'scores', type: 'text' },
          { name: 'client_id', type: 'varchar', length: '64', isUnique: true },
          isMysql(q) ? { name: 'submitted_at', type: 'datetime', precision: 3 } : { name: 'submitted_at', type: 'datetime' },
        ],
        indices: [{ name: 'uq_score_sheets_item_assessor', columnNames: ['round_id', 'entry_id', 'assessor_id'], isUnique: true }],
        foreignKeys: [new TableForeignKey({ columnNames: ['round_id'], referencedTableName: 'rounds', referencedColumnNames: ['id'], onDelete: 'CASCADE' })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('score_sheets');
    await q.dropTable('round_assignments');
  }
}
