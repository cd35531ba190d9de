import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn , type Relation } from 'typeorm';
import type { Role } from '@liangdian/shared';
import { timestampColumn } from '../columns';
import { UserEntity } from './user.entity';

@Entity('role_grants')
@Index('uq_role_grants_user_role', ['userId', 'role'], { unique: true })
export class RoleGrantEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'user_id' })
  userId!: number;

  @ManyToOne(() => UserEntity, (u) => u.grants, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  @CreateDateColumn({ ...timestampColumn, name: 'created_at' })
  createdAt!: Date;
}
