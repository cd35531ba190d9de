import type { ReportStatus } from '@liangdian/shared';
import type { ReportEntity } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';

const has = (u: AuthUser, ...roles: AuthUser['roles']) => roles.some((r) => u.roles.includes(r));

/**
 * Who may see an item: its author; the office once it has left draft; the reporters and head of
 * the unit for the unit's own reports once submitted. Everyone else gets 404, not 403, so that
 * ids reveal nothing.
 */
export function canView(u: AuthUser, r: ReportEntity): boolean {
  if (r.authorId === u.id) return true;
  if (r.status === 'draft') return false;
  if (has(u, 'office')) return true;
  return r.kind === 'report' && r.unitId !== null && r.unitId === u.unitId && has(u, 'reporter', 'unitHead');
}

export function assertViewable(u: AuthUser, r: ReportEntity | null): asserts r is ReportEntity {
  if (!r || !canView(u, r)) throw new AppError('NOT_FOUND', '申报不存在');
}

function state(r: ReportEntity, allowed: ReportStatus[], message: string) {
  if (!allowed.includes(r.status)) throw new AppError('INVALID_STATE', message, { status: r.status });
}

/** The author edits (and attaches evidence) only while the item is a draft or was returned. */
export function assertEditable(u: AuthUser, r: ReportEntity) {
  if (r.authorId !== u.id) throw new AppError('FORBIDDEN', '只有填报人可以修改');
  state(r, ['draft', 'returned'], '只有草稿或被退回的申报可以修改');
}

export function assertCanSubmit(u: AuthUser, r: ReportEntity) {
  if (r.authorId !== u.id) throw new AppError('FORBIDDEN', '只有填报人可以提交');
  if (r.kind === 'report' && !has(u, 'reporter')) throw new AppError('FORBIDDEN');
  if (r.kind === 'recommendation' && !has(u, 'groupLeader')) throw new AppError('FORBIDDEN');
  state(r, ['draft', 'returned'], '该申报已提交');
}

export function assertCanSignOff(u: AuthUser, r: ReportEntity) {
  if (r.kind !== 'report' || !has(u, 'unitHead') || r.unitId !== u.unitId) throw new AppError('FORBIDDEN', '只有本单位主要负责人可以签发');
  state(r, ['submitted'], '只有已提交待签发的申报可以签发');
}

/** The unit head returns what awaits sign-off; the office returns what reached it. */
export function assertCanReturn(u: AuthUser, r: ReportEntity) {
  const atUnit = r.kind === 'report' && r.status === 'submitted';
  if (atUnit) {
    if (!has(u, 'unitHead') || r.unitId !== u.unitId) throw new AppError('FORBIDDEN', '只有本单位主要负责人可以退回');
    return;
  }
  if (!has(u, 'office')) throw new AppError('FORBIDDEN', '只有亮点办可以退回');
  state(r, r.kind === 'report' ? ['signedOff'] : ['submitted'], '当前状态不能退回');
}

export function assertCanReceive(u: AuthUser, r: ReportEntity) {
  if (!has(u, 'office')) throw new AppError('FORBIDDEN', '只有亮点办可以接收');
  state(r, r.kind === 'report' ? ['signedOff'] : ['submitted'], r.kind === 'report' ? '须经单位主要负责人签发后才能接收' : '当前状态不能接收');
}

export function assertCanWithdraw(u: AuthUser, r: ReportEntity) {
  if (r.authorId !== u.id) throw new AppError('FORBIDDEN', '只有填报人可以撤回');
  state(r, ['draft', 'submitted', 'returned'], '已签发或已接收的申报不能撤回');
}
