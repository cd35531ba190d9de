import { containsPattern, LIKE_ESCAPE } from '../../db/like';
import { In, type EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { UNIT_ROLES, type Paged, type Role, type SetRolesRequest, type User, type UserListQuery } from '@liangdian/shared';
import { RoleGrantEntity, UnitEntity, UserEntity } from '../../db/entities';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import { appendAudit } from '../audit/audit.service';
import { toUnitView } from '../units/units.service';

/** Every signed-in WeChat user may vote and read results: `public` is implied, never stored. */
export function rolesOf(grants: RoleGrantEntity[] | undefined): Role[] {
  const stored = (grants ?? []).map((g) => g.role).filter((r) => r !== 'public');
  return ['public', ...[...new Set(stored)].sort()];
}

export function toUserView(u: UserEntity): User {
  return { id: u.id, name: u.name, phone: u.phone, roles: rolesOf(u.grants), unit: u.unit ? toUnitView(u.unit) : null };
}

export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof QueryFailedError)) return false;
  const d = e.driverError as { code?: string; errno?: number };
  return d?.code === 'ER_DUP_ENTRY' || d?.code === 'SQLITE_CONSTRAINT_UNIQUE' || d?.errno === 1062;
}

export class IdentityService {
  constructor(private readonly db: Database) {}

  async getUser(id: number, m: EntityManager = this.db.manager): Promise<UserEntity | null> {
    return m.getRepository(UserEntity).findOne({ where: { id }, relations: { unit: true, grants: true } });
  }

  async usersByOpenid(openids: string[]): Promise<UserEntity[]> {
    if (!openids.length) return [];
    const rows = await this.db.manager.getRepository(UserEntity).find({ where: { openid: In(openids) }, relations: { unit: true, grants: true } });
    return rows.sort((a, b) => openids.indexOf(a.openid!) - openids.indexOf(b.openid!));
  }

  async loadAuthUser(id: number): Promise<AuthUser | null> {
    const u = await this.getUser(id);
    return u && { id: u.id, name: u.name, roles: rolesOf(u.grants), unitId: u.unitId };
  }

  /**
   * The user behind an openid, created as a plain `public` user on first sign-in. Two first sign-ins
   * racing meet at the unique index on openid: the loser reads the winner's row.
   */
  async findOrCreateByOpenid(openid: string): Promise<UserEntity> {
    const repo = this.db.manager.getRepository(UserEntity);
    const existing = await repo.findOne({ where: { openid }, relations: { unit: true, grants: true } });
    if (existing) return existing;
    try {
      const id = await this.db.transaction(async (m) => {
        const user = await m.save(m.create(UserEntity, { openid, name: '微信用户', phone: null, unitId: null }));
        await appendAudit(m, { actorId: user.id, action: 'user.create', entityType: 'user', entityId: user.id, data: { via: 'signIn' } });
        return user.id;
      });
      return (await this.getUser(id))!;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return repo.findOneOrFail({ where: { openid }, relations: { unit: true, grants: true } });
    }
  }

  /**
   * Links the signed-in WeChat account to the imported cadre who has this (WeChat-verified) phone
   * number. The cadre's row takes the openid; the bare `public` row it signed in with is removed.
   */
  async bindPhone(userId: number, phone: string): Promise<UserEntity> {
    const id = await this.db.transaction(async (m) => {
      // A second bind racing the first may find its own row already merged away.
      const me = await m.getRepository(UserEntity).findOneBy({ id: userId });
      if (!me) throw new AppError('UNAUTHENTICATED', '登录已过期，请重新登录');
      if (me.phone === phone) return me.id;
      const cadre = await m.getRepository(UserEntity).findOneBy({ phone });
      if (!cadre) {
        await m.update(UserEntity, { id: me.id }, { phone });
        await appendAudit(m, { actorId: me.id, action: 'user.phone.set', entityType: 'user', entityId: me.id, data: { phone } });
        return me.id;
      }
      if (cadre.openid && cadre.openid !== me.openid) throw new AppError('CONFLICT', '该手机号已绑定其他微信账号，请联系管理员');
      const grants = await m.getRepository(RoleGrantEntity).countBy({ userId: me.id });
      if (grants > 0 || me.unitId) throw new AppError('CONFLICT', '当前账号已有角色，不能再绑定其他人员，请联系管理员');
      const openid = me.openid;
      await m.delete(UserEntity, { id: me.id });
      // Conditional on the cadre still being unbound: two accounts binding the same cadre at once
      // both saw `openid` null above; on MySQL the second waits here for the first's row lock, then
      // matches nothing and is refused (rolling back its delete) instead of taking the cadre over.
      const taken = await m
        .createQueryBuilder()
        .update(UserEntity)
        .set({ openid })
        .where('id = :id AND openid IS NULL', { id: cadre.id })
        .execute();
      if (!taken.affected) throw new AppError('CONFLICT', '该手机号已绑定其他微信账号，请联系管理员');
      await appendAudit(m, { actorId: cadre.id, action: 'user.bind', entityType: 'user', entityId: cadre.id, data: { phone, replacedUserId: me.id } });
      return cadre.id;
    });
    return (await this.getUser(id))!;
  }

  async listUsers(q: UserListQuery): Promise<Paged<User>> {
    const qb = this.db.manager
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.unit', 'unit')
      .leftJoinAndSelect('u.grants', 'g')
      .orderBy('u.id', 'ASC');
    if (q.unitId) qb.andWhere('u.unit_id = :unitId', { unitId: q.unitId });
    if (q.q) qb.andWhere(`(u.name LIKE :q ${LIKE_ESCAPE} OR u.phone LIKE :q ${LIKE_ESCAPE})`, { q: containsPattern(q.q) });
    if (q.role && q.role !== 'public') {
      qb.andWhere('EXISTS (SELECT 1 FROM role_grants rg WHERE rg.user_id = u.id AND rg.role = :role)', { role: q.role });
    }
    const [rows, total] = await qb.skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    return { items: rows.map(toUserView), total, page: q.page, pageSize: q.pageSize };
  }

  /** Replaces a user's grants (and unit); reporters and unit heads must belong to a unit. */
  async setRoles(actorId: number, userId: number, req: SetRolesRequest): Promise<User> {
    await this.db.transaction(async (m) => {
      const user = await m.getRepository(UserEntity).findOne({ where: { id: userId }, relations: { grants: true } });
      if (!user) throw new AppError('NOT_FOUND', '用户不存在');
      const unitId = req.unitId === undefined ? user.unitId : req.unitId;
      if (unitId !== null && !(await m.getRepository(UnitEntity).existsBy({ id: unitId }))) {
        throw new AppError('VALIDATION_FAILED', '单位不存在', { field: 'unitId' });
      }
      const roles = [...new Set(req.roles.filter((r) => r !== 'public'))].sort();
      const needUnit = roles.filter((r) => UNIT_ROLES.includes(r));
      if (needUnit.length && unitId === null) {
        throw new AppError('VALIDATION_FAILED', '单位填报员和单位主要负责人必须属于一个单位', { field: 'unitId', roles: needUnit });
      }
      if (userId === actorId && !roles.includes('admin')) {
        throw new AppError('CONFLICT', '不能取消自己的管理员角色');
      }
      const before = rolesOf(user.grants).filter((r) => r !== 'public');
      const removed = before.filter((r) => !roles.includes(r));
      const added = roles.filter((r) => !before.includes(r));
      if (removed.length) await m.delete(RoleGrantEntity, { userId, role: In(removed) });
      for (const role of added) await m.insert(RoleGrantEntity, { userId, role });
      if (unitId !== user.unitId) await m.update(UserEntity, { id: userId }, { unitId });
      await appendAudit(m, {
        actorId,
        action: 'user.roles.set',
        entityType: 'user',
        entityId: userId,
        data: { added, removed, unitId: { before: user.unitId, after: unitId } },
      });
    });
    return toUserView((await this.getUser(userId))!);
  }
}
