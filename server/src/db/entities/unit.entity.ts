import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { UnitType } from '@liangdian/shared';
import { timestampColumn } from '../columns';

@Entity('units')
export class UnitEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 32, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: UnitType;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' })
  updatedAt!: Date;
}
