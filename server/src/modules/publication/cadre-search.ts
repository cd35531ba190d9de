import type { CadrePage, CadreSearchQuery } from '@liangdian/shared';
import { In } from 'typeorm';
import { CadreRecordEntity, RoleGrantEntity, UserEntity } from '../../db/entities';
import { containsPattern, LIKE_ESCAPE } from '../../db/like';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { rolesOf } from '../identity/identity.service';

/**
 * The office's search for a cadre whose file to open: users who belong to a unit (imported cadres,
 * whether or not they have signed in yet), by a part of their name or of their unit's name. A plain
 * public account has no unit and is never listed; nor is anyone's phone number.
 */
export async function searchCadres(s: AppServices, u: AuthUser, q: CadreSearchQuery): Promise<CadrePage> {
  if (!u.roles.includes('office')) throw new AppError('FORBIDDEN', '只有县亮点工作办公室可以查找干部');
  const m = s.db.manager;
  // Many-to-one join only: one row per user, so LIMIT/OFFSET page the users themselves.
  const qb = m.getRepository(UserEntity).createQueryBuilder('u').innerJoinAndSelect('u.unit', 'unit').orderBy('unit.id', 'ASC').addOrderBy('u.id', 'ASC');
  if (q.q) qb.where(`(u.name LIKE :q ${LIKE_ESCAPE} OR unit.name LIKE :q ${LIKE_ESCAPE})`, { q: containsPattern(q.q) });
  const [users, total] = await qb.offset((q.page - 1) * q.pageSize).limit(q.pageSize).getManyAndCount();
  const ids = users.map((x) => x.id);
  const grants = ids.length ? await m.getRepository(RoleGrantEntity).findBy({ userId: In(ids) }) : [];
  const counts = ids.length
    ? await m
        .getRepository(CadreRecordEntity)
        .createQueryBuilder('r')
        .select('r.user_id', 'userId')
        .addSelect('COUNT(*)', 'n')
        .where('r.user_id IN (:...ids)', { ids })
        .groupBy('r.user_id')
        .getRawMany<{ userId: number | string; n: number | string }>()
    : [];
  // MySQL answers COUNT(*) as a string (TypeORM's bigNumberStrings).
  const worksOf = new Map(counts.map((c) => [Number(c.userId), Number(c.n)]));
  return {
    items: users.map((x) => ({
      id: x.id,
      name: x.name,
      unitName: x.unit!.name,
      roles: rolesOf(grants.filter((g) => g.userId === x.id)),
      selectedWorks: worksOf.get(x.id) ?? 0,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
