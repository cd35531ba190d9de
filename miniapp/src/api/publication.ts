/**
 * Publication of results (domain.md steps 8–9), typed by `shared/src/schemas/publication.ts`: push
 * channels, the supervision bulletin 《督查通报》 with its previews and deliveries, the .xlsx exports,
 * cadre files and subscribe-message answers. Files need the bearer token, so they are fetched here
 * and never linked to directly.
 */
import Taro from '@tarojs/taro';
import {
  bulletinListSchema,
  bulletinSchema,
  cadreFileSchema,
  cadrePageSchema,
  channelListSchema,
  channelSchema,
  deliveryListSchema,
  deliverySchema,
  publishResultSchema,
  subscriptionsSchema,
  type Bulletin,
  type BulletinList,
  type CadreFile,
  type CadrePage,
  type CadreSearchQuery,
  type Channel,
  type Delivery,
  type PublishResult,
  type SubscriptionRequest,
  type Subscriptions,
  type bulletinEditRequestSchema,
  type channelCreateRequestSchema,
  type channelUpdateRequestSchema,
} from '@liangdian/shared';
import { API_BASE, ApiError, buildQuery, call, getToken, readAnswer, type Schema } from './client';

/** What the forms send: zod's input types, so defaulted fields (`enabled`) may be left out. */
export type ChannelCreate = (typeof channelCreateRequestSchema)['_input'];
export type ChannelUpdate = (typeof channelUpdateRequestSchema)['_input'];
export type BulletinEdit = (typeof bulletinEditRequestSchema)['_input'];

const DOWNLOAD_TIMEOUT_MS = 120000;
/** The client's own NETWORK_ERROR text (`client.ts` keeps its list private). */
const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';
const anyBody: Schema<void> = { safeParse: () => ({ success: true, data: undefined }) };

function fullUrl(path: string): string {
  if (!API_BASE && process.env.TARO_ENV !== 'h5') throw new ApiError('NOT_CONFIGURED', '未配置服务器地址（TARO_APP_API_BASE），无法连接服务器');
  return `${API_BASE}${path}`;
}

function authHeader(): Record<string, string> {
  const token = getToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

// ----- channels (office) -----

export async function listChannels(): Promise<Channel[]> {
  return (await call('GET', '/api/publication/channels', channelListSchema)).items;
}

export function createChannel(body: ChannelCreate): Promise<Channel> {
  return call('POST', '/api/publication/channels', channelSchema, body);
}

/** A new `secret` replaces the stored one; leave it out to keep it. */
export function updateChannel(id: number, body: ChannelUpdate): Promise<Channel> {
  return call('PUT', `/api/publication/channels/${id}`, channelSchema, body);
}

// ----- bulletins (office) -----

/** The round's bulletin: a new draft with the default text, or the one it already has (409 while the round is not closed). */
export function openBulletin(roundId: number): Promise<Bulletin> {
  return call('POST', `/api/rounds/${roundId}/bulletin`, bulletinSchema, {});
}

/** Every bulletin, newest first, without its items. */
export async function listBulletins(): Promise<BulletinList['items']> {
  return (await call('GET', '/api/bulletins', bulletinListSchema)).items;
}

export function getBulletin(id: number): Promise<Bulletin> {
  return call('GET', `/api/bulletins/${id}`, bulletinSchema);
}

/** Only while a draft (409 INVALID_STATE once published). */
export function updateBulletin(id: number, body: BulletinEdit): Promise<Bulletin> {
  return call('PUT', `/api/bulletins/${id}`, bulletinSchema, body);
}

/** Idempotent per channel: a channel that already has a delivery answers with it (`alreadyPublished`). */
export function publishBulletin(id: number, channelIds: number[]): Promise<PublishResult> {
  return call('POST', `/api/bulletins/${id}/publish`, publishResultSchema, { channelIds });
}

export async function listDeliveries(bulletinId: number): Promise<Delivery[]> {
  return (await call('GET', `/api/bulletins/${bulletinId}/deliveries`, deliveryListSchema)).items;
}

/** Only a failed delivery whose cause may be fixed (`retryable`); 409 otherwise. */
export function retryDelivery(id: number): Promise<Delivery> {
  return call('POST', `/api/deliveries/${id}/retry`, deliverySchema, {});
}

/** The preview's own links (signed photo URLs): relative to the API, which on weapp is another origin. */
const API_SRC = /(\ssrc=")(\/api\/)/g;

/**
 * The official-account article as an HTML fragment (the inside of the preview page's body). Its
 * photos are signed links that need no token, made absolute here so that RichText can load them.
 */
export async function getBulletinArticle(bulletin: Pick<Bulletin, 'id' | 'articleUrl'>): Promise<string> {
  const path = bulletin.articleUrl || `/api/bulletins/${bulletin.id}/article`;
  let status: number;
  let body: unknown;
  try {
    // dataType 'text': the answer is HTML, to be parsed by neither Taro nor WeChat.
    const res = await Taro.request({ url: fullUrl(path), method: 'GET', header: authHeader(), dataType: 'text', responseType: 'text', timeout: 30000 });
    status = res.statusCode;
    body = res.data;
  } catch (error) {
    throw error instanceof ApiError ? error : new ApiError('NETWORK_ERROR', NETWORK_MESSAGE);
  }
  readAnswer(path, status, status >= 200 && status < 300 ? null : body, anyBody);
  const html = typeof body === 'string' ? body : '';
  const inner = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return inner.replace(API_SRC, `$1${API_BASE}$2`);
}

// ----- files: the bulletin's .docx and the .xlsx exports -----

/**
 * Downloads an API file that needs the bearer token and hands it to the user. H5: fetch with the
 * header, then a blob link with the file name (the browser saves it). weapp: `downloadFile` with the
 * header, then `openDocument` (WeChat's viewer offers to forward or save it); the API origin must be
 * on the downloadFile domain list.
 */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const url = fullUrl(path);
  if (process.env.TARO_ENV === 'h5') {
    let res: Response;
    try {
      res = await fetch(url, { headers: authHeader() });
    } catch {
      throw new ApiError('NETWORK_ERROR', NETWORK_MESSAGE);
    }
    if (!res.ok) readAnswer(path, res.status, await res.text().catch(() => null), anyBody);
    const href = URL.createObjectURL(await res.blob());
    const link = document.createElement('a');
    link.href = href;
    link.download = fileName;
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
    // Revoked later: the browser reads the blob after click() returns.
    setTimeout(() => URL.revokeObjectURL(href), 60000);
    return;
  }
  let res: { statusCode: number; tempFilePath: string };
  try {
    res = await Taro.downloadFile({ url, header: authHeader(), timeout: DOWNLOAD_TIMEOUT_MS });
  } catch {
    throw new ApiError('NETWORK_ERROR', NETWORK_MESSAGE);
  }
  // downloadFile keeps the body in a file: an error answer is known by its status alone.
  if (res.statusCode < 200 || res.statusCode >= 300) readAnswer(path, res.statusCode, null, anyBody);
  const fileType = /\.docx$/i.test(fileName) ? 'docx' : 'xlsx';
  await Taro.openDocument({ filePath: res.tempFilePath, fileType, showMenu: true });
}

export function downloadBulletinDocx(bulletin: Pick<Bulletin, 'id' | 'docxUrl' | 'title'>): Promise<void> {
  return downloadFile(bulletin.docxUrl || `/api/bulletins/${bulletin.id}/docx`, `${bulletin.title || '督查通报'}.docx`);
}

/** Office: the month's ledger. */
export function exportLedger(month: string): Promise<void> {
  return downloadFile(`/api/exports/ledger.xlsx${buildQuery({ month })}`, `亮点工作台账-${month}.xlsx`);
}

/** A closed round's result (409 while it is open). */
export function exportRound(roundId: number, name: string): Promise<void> {
  return downloadFile(`/api/exports/rounds/${roundId}.xlsx`, `${name}.xlsx`);
}

/** The units' assessment of a year. */
export function exportAssessment(year: number | string): Promise<void> {
  return downloadFile(`/api/exports/assessment.xlsx${buildQuery({ year })}`, `单位量化考核-${year}.xlsx`);
}

// ----- cadre files and subscriptions -----

/** Without `userId`: my own file; with it: that user's (office only). */
export function getCadreFile(userId?: number): Promise<CadreFile> {
  return call('GET', userId ? `/api/users/${userId}/cadre-file` : '/api/me/cadre-file', cadreFileSchema);
}

/** Office: cadres (users of a unit) whose name or unit name contains `q`, with how many works their file holds. */
export function searchCadres(query: Partial<CadreSearchQuery> = {}): Promise<CadrePage> {
  return call('GET', `/api/cadres${buildQuery({ ...query })}`, cadrePageSchema);
}

/** The templates to ask for (null: not configured on this server) and my remaining credits. */
export function getSubscriptions(): Promise<Subscriptions> {
  return call('GET', '/api/me/subscriptions', subscriptionsSchema);
}

/** Records one answer of `requestSubscribeMessage`: an accept adds one credit. */
export function recordSubscription(body: SubscriptionRequest): Promise<Subscriptions> {
  return call('POST', '/api/me/subscriptions', subscriptionsSchema, body);
}
