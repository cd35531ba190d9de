import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** The annual round keeps each candidate's public online vote count until the public vote feeds it. */
export class AnnualVote1764500000000 implements MigrationInterface {
  name = 'AnnualVote1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('round_entries', new TableColumn({ name: 'public_votes', type: 'int', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('round_entries', 'public_votes');
  }
}
