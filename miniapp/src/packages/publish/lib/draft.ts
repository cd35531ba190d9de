import type { Bulletin, Delivery } from '@liangdian/shared';
import type { BulletinEdit } from '../../../api/publication';

/** The parts of a bulletin the office edits. */
export type DraftFields = Pick<Bulletin, 'number' | 'title' | 'issuer' | 'lead' | 'closing'>;
export const DRAFT_FIELDS = ['number', 'title', 'issuer', 'lead', 'closing'] as const;

export function fieldsOf(bulletin: Bulletin): DraftFields {
  return { number: bulletin.number, title: bulletin.title, issuer: bulletin.issuer, lead: bulletin.lead, closing: bulletin.closing };
}

/** Only the fields that differ from the saved bulletin, trimmed (the server trims too). */
export function changedFields(saved: Bulletin, draft: DraftFields): BulletinEdit {
  const out: BulletinEdit = {};
  for (const key of DRAFT_FIELDS) {
    const value = draft[key].trim();
    if (value !== saved[key]) out[key] = value;
  }
  return out;
}

/** The same limits as `bulletinEditRequestSchema`, said in Chinese before the server has to refuse. */
const LIMITS: Record<(typeof DRAFT_FIELDS)[number], { label: string; min: number; max: number }> = {
  number: { label: '期号', min: 1, max: 32 },
  title: { label: '标题', min: 4, max: 100 },
  issuer: { label: '发文单位', min: 2, max: 64 },
  lead: { label: '导语', min: 10, max: 4000 },
  closing: { label: '结束语', min: 0, max: 4000 },
};

export function draftProblem(draft: DraftFields): string | null {
  for (const key of DRAFT_FIELDS) {
    const { label, min, max } = LIMITS[key];
    const length = draft[key].trim().length;
    if (length < min) return min === 1 ? `请填写${label}` : `${label}至少 ${min} 个字`;
    if (length > max) return `${label}不能超过 ${max} 个字`;
  }
  return null;
}

/** A delivery the outbox is still working on: the page keeps asking until it ends. */
export const inFlight = (d: Delivery) => d.status === 'pending' || d.status === 'working';

/** Deliveries by id, the newer answer winning. */
export function mergeDeliveries(current: Delivery[], incoming: Delivery[]): Delivery[] {
  const byId = new Map(current.map((d) => [d.id, d]));
  for (const d of incoming) byId.set(d.id, d);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
