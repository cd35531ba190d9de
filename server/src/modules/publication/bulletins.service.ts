import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Bulletin, BulletinEditRequest, BulletinList } from '@liangdian/shared';
import { Between, In, type EntityManager } from 'typeorm';
import { BulletinEntity, EvidenceEntity, RoundEntity, type BulletinItemSnapshot } from '../../db/entities';
import { AppError } from '../../http/app-error';
import type { AuthUser } from '../../http/context';
import type { AppServices } from '../../services';
import { appendAudit } from '../audit/audit.service';
import { StorageNotFound } from '../evidence/file-storage';
import { isUniqueViolation } from '../identity/identity.service';
import type { RoundsService } from '../rounds/rounds.service';
import { bulletinItems, LEVEL_OF } from './bulletin-items';
import { buildBulletinDocx } from './bulletin-docx';
import { buildBulletinHtml } from './bulletin-html';
import { type BulletinModel, type BulletinPhoto, defaultBulletinText, defaultBulletinTitle, periodLabelOf } from './bulletin-model';

/** A preview's photo links last this long: enough to read the preview, not a permanent public address. */
const PHOTO_LINK_MS = 60 * 60 * 1000;

export const itemsOf = (b: BulletinEntity): BulletinItemSnapshot[] => JSON.parse(b.items) as BulletinItemSnapshot[];

export function toBulletinView(b: BulletinEntity): Bulletin {
  return {
    id: b.id,
    roundId: b.roundId,
    level: b.level,
    period: b.period,
    periodLabel: periodLabelOf(b.period),
    status: b.status,
    number: b.number,
    title: b.title,
    issuer: b.issuer,
    lead: b.lead,
    closing: b.closing,
    issuedAt: b.issuedAt.toISOString(),
    publishedAt: b.publishedAt?.toISOString() ?? null,
    items: itemsOf(b).map(({ photoIds, ...i }) => ({ ...i, photoCount: photoIds.length })),
    docxUrl: `/api/bulletins/${b.id}/docx`,
    articleUrl: `/api/bulletins/${b.id}/article`,
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

/**
 * The 《督查通报》 of a closed round (domain.md step 8): drawn up once per round with the default
 * wording of bulletin-model.ts, edited by the office while a draft, then frozen by the first publish.
 * The .docx, the preview article and every push are built from the same stored text and items.
 */
export class BulletinsService {
  constructor(
    private readonly s: AppServices,
    private readonly rounds: RoundsService,
  ) {}

  async load(m: EntityManager, id: number): Promise<BulletinEntity> {
    const b = await m.getRepository(BulletinEntity).findOneBy({ id });
    if (!b) throw new AppError('NOT_FOUND', '通报不存在');
    return b;
  }

  /** The round's bulletin: a new draft with the default text (201), or the one already drawn up (200). */
  async create(u: AuthUser, roundId: number): Promise<{ bulletin: Bulletin; created: boolean }> {
    const m = this.s.db.manager;
    const round = await m.getRepository(RoundEntity).findOneBy({ id: roundId });
    if (!round) throw new AppError('NOT_FOUND', '评选不存在');
    const existing = await m.getRepository(BulletinEntity).findOneBy({ roundId });
    if (existing) return { bulletin: toBulletinView(existing), created: false };
    if (round.status !== 'closed') throw new AppError('INVALID_STATE', round.status === 'tie' ? '评选有并列待决定，结束后才能生成通报' : '评选尚未结束，不能生成通报');
    const items = await bulletinItems(m, round, await this.rounds.result(roundId));
    const level = LEVEL_OF[round.kind];
    const label = periodLabelOf(round.period);
    const { lead, closing } = defaultBulletinText(level, label, items.length);
    const now = this.s.clock();
    try {
      const id = await this.s.db.transaction(async (tx) => {
        const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
        const sameYear = await tx.getRepository(BulletinEntity).countBy({ issuedAt: Between(new Date(Date.UTC(year, 0, 1) - 8 * 3600_000), now) });
        const { identifiers } = await tx.insert(BulletinEntity, {
          roundId,
          level,
          period: round.period,
          status: 'draft',
          number: `第${sameYear + 1}期`,
          title: defaultBulletinTitle(level, label),
          issuer: this.s.config.publication.issuer,
          lead,
          closing,
          items: JSON.stringify(items),
          issuedAt: now,
          publishedAt: null,
          createdBy: u.id,
        });
        const bulletinId = identifiers[0].id as number;
        await appendAudit(tx, { actorId: u.id, action: 'bulletin.create', entityType: 'bulletin', entityId: bulletinId, data: { roundId, items: items.map((i) => i.entryId) } });
        return bulletinId;
      });
      return { bulletin: toBulletinView(await this.load(m, id)), created: true };
    } catch (e) {
      // Two offices pressing at once: the unique round_id lets one draft in; the other gets it.
      if (!isUniqueViolation(e)) throw e;
      return { bulletin: toBulletinView(await m.getRepository(BulletinEntity).findOneByOrFail({ roundId })), created: false };
    }
  }

  async list(): Promise<BulletinList> {
    const rows = await this.s.db.manager.getRepository(BulletinEntity).find({ order: { id: 'DESC' }, take: 200 });
    return { items: rows.map((b) => { const { items: _items, ...rest } = toBulletinView(b); return rest; }) };
  }

  async get(id: number): Promise<Bulletin> {
    return toBulletinView(await this.load(this.s.db.manager, id));
  }

  async edit(u: AuthUser, id: number, req: BulletinEditRequest): Promise<Bulletin> {
    await this.s.db.transaction(async (m) => {
      const b = await this.load(m, id);
      if (b.status !== 'draft') throw new AppError('INVALID_STATE', '通报已发布，不能再修改');
      const { affected } = await m.update(BulletinEntity, { id, status: 'draft' }, req);
      if (!affected) throw new AppError('INVALID_STATE', '通报已发布，不能再修改');
      await appendAudit(m, { actorId: u.id, action: 'bulletin.edit', entityType: 'bulletin', entityId: id, data: { fields: Object.keys(req) } });
    });
    return this.get(id);
  }

  /** The builders' model. `photos: false` gives each photo empty bytes: enough for the HTML, which only links them. */
  async model(b: BulletinEntity, opts: { photos: boolean }): Promise<BulletinModel> {
    const items = itemsOf(b);
    const ids = items.flatMap((i) => i.photoIds);
    const evidence = new Map((ids.length ? await this.s.db.manager.getRepository(EvidenceEntity).findBy({ id: In(ids) }) : []).map((e) => [e.id, e]));
    const photoOf = async (evidenceId: number): Promise<BulletinPhoto | null> => {
      const e = evidence.get(evidenceId);
      if (!e?.previewKey) return null;
      if (!opts.photos) return { bytes: Buffer.alloc(0), mime: 'image/jpeg' };
      try {
        return { bytes: await readAll(await this.s.storage.get(e.previewKey)), mime: 'image/jpeg' };
      } catch (err) {
        if (err instanceof StorageNotFound) return null;
        throw err;
      }
    };
    const modelItems = [];
    for (const i of items) {
      const photos: BulletinPhoto[] = [];
      for (const pid of i.photoIds) {
        const p = await photoOf(pid);
        if (p) photos.push(p);
      }
      modelItems.push({ rank: i.rank, title: i.title, unitName: i.unitName, summary: i.summary, figures: i.figures ?? undefined, photos });
    }
    return { issuer: b.issuer, number: b.number, issuedAt: b.issuedAt, title: b.title, level: b.level, periodLabel: periodLabelOf(b.period), lead: b.lead, items: modelItems, closing: b.closing };
  }

  async docx(id: number): Promise<{ filename: string; bytes: Buffer }> {
    const b = await this.load(this.s.db.manager, id);
    return { filename: `${b.title.replace(/[\\/:*?"<>|]/g, '')}.docx`, bytes: await buildBulletinDocx(await this.model(b, { photos: true })) };
  }

  /** The article as the official account will show it; photos through signed links to our own server. */
  async article(id: number): Promise<string> {
    const b = await this.load(this.s.db.manager, id);
    const items = itemsOf(b);
    const model = await this.model(b, { photos: false });
    const exp = this.s.clock().getTime() + PHOTO_LINK_MS;
    // Photos missing from storage were left out of the model: map the model's index back to the kept ids.
    const kept = await this.keptPhotoIds(items);
    const html = buildBulletinHtml(model, (i, j) => {
      const evidenceId = kept[i]?.[j];
      return evidenceId === undefined ? '' : `//${'{host}'}/api/bulletins/${id}/photos/${evidenceId}?exp=${exp}&sig=${this.photoSignature(id, evidenceId, exp)}`;
    });
    // Protocol-relative with a placeholder host passes the builder's URL check; the preview is served from our host.
    return html.replaceAll('//{host}/api/', '/api/');
  }

  private async keptPhotoIds(items: BulletinItemSnapshot[]): Promise<number[][]> {
    const ids = items.flatMap((i) => i.photoIds);
    const withPreview = new Set((ids.length ? await this.s.db.manager.getRepository(EvidenceEntity).findBy({ id: In(ids) }) : []).filter((e) => e.previewKey).map((e) => e.id));
    return items.map((i) => i.photoIds.filter((p) => withPreview.has(p)));
  }

  photoSignature(bulletinId: number, evidenceId: number, exp: number): string {
    return createHmac('sha256', this.s.config.jwtSecret).update(`bulletin-photo\n${bulletinId}\n${evidenceId}\n${exp}`).digest('base64url').slice(0, 32);
  }

  /** A photo of the bulletin by its signed link (no token: the preview's <img> cannot send one). */
  async photo(bulletinId: number, evidenceId: number, exp: number, sig: string): Promise<Readable> {
    const expected = Buffer.from(this.photoSignature(bulletinId, evidenceId, exp));
    const given = Buffer.from(sig);
    const valid = given.length === expected.length && timingSafeEqual(given, expected) && exp > this.s.clock().getTime();
    const b = valid ? await this.s.db.manager.getRepository(BulletinEntity).findOneBy({ id: bulletinId }) : null;
    if (!b || !itemsOf(b).some((i) => i.photoIds.includes(evidenceId))) throw new AppError('NOT_FOUND', '图片不存在或链接已过期');
    const e = await this.s.db.manager.getRepository(EvidenceEntity).findOneBy({ id: evidenceId });
    if (!e?.previewKey) throw new AppError('NOT_FOUND', '图片不存在');
    try {
      return await this.s.storage.get(e.previewKey);
    } catch (err) {
      if (err instanceof StorageNotFound) throw new AppError('NOT_FOUND', '图片不存在');
      throw err;
    }
  }
}
