import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn , type Relation } from 'typeorm';
import { timestampColumn } from '../columns';
import { UnitEntity } from './unit.entity';
import { RoleGrantEntity } from './role-grant.entity';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  /** The mini-program's openid; null for an imported cadre who has not signed in yet. */
  @Column({ type: 'varchar', length: 64, nullable: true, unique: true })
  openid!: string | null;

  @Column({ type: 'varchar', length: 50 })
  name!: string;

  /** Mainland mobile number; how an imported cadre is matched to their WeChat account. */
  @Column({ type: 'varchar', length: 20, nullable: true, unique: true })
  phone!: string | null;

  @Column({ type: 'int', name: 'unit_id', nullable: true })
  unitId!: number | null;

  @ManyToOne(() => UnitEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Relation<UnitEntity> | null;

  @OneToMany(() => RoleGrantEntity, (g) => g.user)
  grants?: Relation<RoleGrantEntity[]>;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ ...timestampColumn, name: 'updated_at' })
  updatedAt!: Date;
}
