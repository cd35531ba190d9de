import type { Unit } from '@liangdian/shared';
import { UnitEntity } from '../../db/entities';
import type { Database } from '../../db/database';

export function toUnitView(u: UnitEntity): Unit {
  return { id: u.id, code: u.code, name: u.name, type: u.type };
}

export async function listUnits(db: Database): Promise<Unit[]> {
  const rows = await db.manager.getRepository(UnitEntity).find({ order: { code: 'ASC' } });
  return rows.map(toUnitView);
}
