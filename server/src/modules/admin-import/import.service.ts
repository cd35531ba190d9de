import type { EntityManager } from 'typeorm';
import {
  IMPORT_COLUMNS,
  ROLE_LABELS,
  ROLES,
  UNIT_ROLES,
  UNIT_TYPE_LABELS,
  UNIT_TYPES,
  unitCodeSchema,
  type ImportKind,
  type ImportReport,
  type ImportRowError,
  type Role,
  type UnitType,
} from '@liangdian/shared';
import { RoleGrantEntity, UnitEntity, UserEntity } from '../../db/entities';
import type { Database } from '../../db/database';
import { AppError } from '../../http/app-error';
import { appendAudit } from '../audit/audit.service';
import type { Table } from './parse-table';

type Columns = Record<string, readonly string[]>;

/** Finds each field's column by any of its accepted headers; reports the ones missing. */
function mapColumns(table: Table, columns: Columns, required: string[]): Record<string, string | null> {
  const found: Record<string, string | null> = {};
  for (const [field, names] of Object.entries(columns)) {
    found[field] = table.headers.find((h) => names.some((n) => n.toLowerCase() === h.toLowerCase())) ?? null;
  }
  const missing = required.filter((f) => !found[f]);
  if (missing.length) {
    throw new AppError('VALIDATION_FAILED', `缺少列：${missing.map((f) => columns[f][0]).join('、')}`, { missing });
  }
  return found;
}

const UNIT_TYPE_BY_TEXT = new Map<string, UnitType>([
  ...UNIT_TYPES.map((t) => [t, t] as const),
  ...UNIT_TYPES.map((t) => [UNIT_TYPE_LABELS[t], t] as const),
  ['部门', 'department'],
  ['乡', 'township'],
  ['镇', 'township'],
  ['机关', 'organ'],
]);
const ROLE_BY_TEXT = new Map<string, Role>([...ROLES.map((r) => [r.toLowerCase(), r] as const), ...ROLES.map((r) => [ROLE_LABELS[r], r] as const)]);
const PHONE = /^1[3-9]\d{9}$/;

interface UnitRow { row: number; code: string; name: string; type: UnitType }
interface UserRow { row: number; name: string; phone: string; unitCode: string | null; roles: Role[] }

function checkUnits(table: Table, errors: ImportRowError[]): UnitRow[] {
  const col = mapColumns(table, IMPORT_COLUMNS.units, ['code', 'name', 'type']);
  const seen = new Map<string, number>();
  const out: UnitRow[] = [];
  for (const { row, cells } of table.rows) {
    const err = (column: string, message: string) => errors.push({ row, column, message });
    const code = unitCodeSchema.safeParse(cells[col.code!] ?? '');
    const name = cells[col.name!] ?? '';
    const type = UNIT_TYPE_BY_TEXT.get(cells[col.type!] ?? '');
    const before = errors.length;
    if (!code.success) err(col.code!, code.error.issues[0].message);
    else if (seen.has(code.data)) err(col.code!, `单位编码与第 ${seen.get(code.data)} 行重复`);
    if (!name || name.length > 100) err(col.name!, '单位名称不能为空，最长100字');
    if (!type) err(col.type!, `单位类型应为：${UNIT_TYPES.map((t) => UNIT_TYPE_LABELS[t]).join('、')}`);
    if (code.success) seen.set(code.data, row);
    if (errors.length === before) out.push({ row, code: code.data!, name, type: type! });
  }
  return out;
}

function checkUsers(table: Table, units: Map<string, number>, errors: ImportRowError[]): UserRow[] {
  const col = mapColumns(table, IMPORT_COLUMNS.users, ['name', 'phone']);
  const seen = new Map<string, number>();
  const out: UserRow[] = [];
  for (const { row, cells } of table.rows) {
    const err = (column: string | null, message: string) => errors.push({ row, column, message });
    const before = errors.length;
    const name = cells[col.name!] ?? '';
    const phone = (cells[col.phone!] ?? '').replace(/[\s-]/g, '');
    const unitCode = col.unitCode ? cells[col.unitCode] || null : null;
    if (!name || name.length > 50) err(col.name, '姓名不能为空，最长50字');
    if (!PHONE.test(phone)) err(col.phone, '手机号应为11位大陆手机号');
    else if (seen.has(phone)) err(col.phone, `手机号与第 ${seen.get(phone)} 行重复`);
    else seen.set(phone, row);
    if (unitCode && !units.has(unitCode)) err(col.unitCode, `单位编码 ${unitCode} 不存在，请先导入单位`);
    const roles: Role[] = [];
    for (const text of (col.roles ? cells[col.roles] ?? '' : '').split(/[、,，;；\s]+/).filter(Boolean)) {
      const role = ROLE_BY_TEXT.get(text) ?? ROLE_BY_TEXT.get(text.toLowerCase());
      if (!role) err(col.roles, `未知角色“${text}”`);
      else if (role !== 'public' && !roles.includes(role)) roles.push(role);
    }
    if (!unitCode && roles.some((r) => UNIT_ROLES.includes(r))) err(col.unitCode, '单位填报员和单位主要负责人必须填写单位编码');
    if (errors.length === before) out.push({ row, name, phone, unitCode, roles });
  }
  return out;
}

/**
 * Imports units or users from a parsed sheet. Every row is checked first; any error → 422 with the
 * row-by-row report and nothing written. Otherwise one transaction upserts (units by code, users by
 * phone; roles are added, never removed by an import) and leaves one audit row for the file.
 */
export async function runImport(db: Database, actorId: number, kind: ImportKind, table: Table, dryRun: boolean): Promise<ImportReport> {
  const errors: ImportRowError[] = [];
  const report: ImportReport = { kind, dryRun, rows: table.rows.length, created: 0, updated: 0, unchanged: 0, errors };
  if (table.rows.length === 0) throw new AppError('VALIDATION_FAILED', '文件中没有数据行');
  const apply = async (m: EntityManager) => {
    if (kind === 'units') await applyUnits(m, checkUnits(table, errors), report);
    else {
      const units = new Map((await m.getRepository(UnitEntity).find()).map((u) => [u.code, u.id]));
      await applyUsers(m, checkUsers(table, units, errors), units, report);
    }
    if (errors.length) throw new AppError('IMPORT_INVALID', undefined, report);
    if (dryRun) throw new DryRunDone();
    await appendAudit(m, { actorId, action: `import.${kind}`, entityType: kind === 'units' ? 'unit' : 'user', data: { rows: report.rows, created: report.created, updated: report.updated } });
  };
  try {
    await db.transaction(apply);
  } catch (e) {
    if (!(e instanceof DryRunDone)) throw e;
  }
  return report;
}

/** Rolls a dry run back after it has computed what it would do. */
class DryRunDone extends Error {}

async function applyUnits(m: EntityManager, rows: UnitRow[], report: ImportReport) {
  const repo = m.getRepository(UnitEntity);
  for (const r of rows) {
    const existing = await repo.findOneBy({ code: r.code });
    if (!existing) {
      await repo.insert({ code: r.code, name: r.name, type: r.type });
      report.created++;
    } else if (existing.name !== r.name || existing.type !== r.type) {
      await repo.update({ id: existing.id }, { name: r.name, type: r.type });
      report.updated++;
    } else report.unchanged++;
  }
}

async function applyUsers(m: EntityManager, rows: UserRow[], units: Map<string, number>, report: ImportReport) {
  const repo = m.getRepository(UserEntity);
  for (const r of rows) {
    const unitId = r.unitCode ? units.get(r.unitCode)! : null;
    const existing = await repo.findOne({ where: { phone: r.phone }, relations: { grants: true } });
    let userId: number;
    let changed = false;
    if (!existing) {
      userId = (await repo.insert({ name: r.name, phone: r.phone, unitId, openid: null })).identifiers[0].id;
      report.created++;
    } else {
      userId = existing.id;
      if (existing.name !== r.name || (unitId !== null && existing.unitId !== unitId)) {
        await repo.update({ id: userId }, { name: r.name, ...(unitId !== null ? { unitId } : {}) });
        changed = true;
      }
    }
    const held = new Set((existing?.grants ?? []).map((g) => g.role));
    for (const role of r.roles.filter((x) => !held.has(x))) {
      await m.insert(RoleGrantEntity, { userId, role });
      changed = true;
    }
    if (existing) changed ? report.updated++ : report.unchanged++;
  }
}
