/**
 * The generic signed webhook (the county TV station's and other media apps' receivers). One POST of
 * JSON; the receiver checks
 *   X-Liangdian-Signature: sha256=<hex HMAC-SHA256 of `<X-Liangdian-Timestamp>.<raw body>` with the channel's secret>
 * and de-duplicates on X-Liangdian-Delivery (the same for every retry of a delivery), so a retry
 * after a lost answer is recognised rather than shown twice. The timestamp (Unix seconds) is inside
 * the signature, so a receiver can refuse a replay older than a few minutes. 2xx → published (a JSON answer's `url` is kept as the article
 * link); 408, 429, 5xx and network failures → retried with backoff; any other answer → failed.
 */
import { createHmac } from 'node:crypto';
import { periodLabelOf } from './bulletin-model';
import { itemsOf } from './bulletins.service';
import type { PushContext, PushOutcome } from './push-context';
import { PushError } from './push-errors';

export function webhookSignature(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export function webhookPayload(ctx: Pick<PushContext, 'bulletin' | 'delivery'>) {
  const b = ctx.bulletin;
  return {
    deliveryId: ctx.delivery.id,
    bulletin: {
      id: b.id,
      roundId: b.roundId,
      level: b.level,
      period: b.period,
      periodLabel: periodLabelOf(b.period),
      number: b.number,
      title: b.title,
      issuer: b.issuer,
      lead: b.lead,
      closing: b.closing,
      issuedAt: b.issuedAt.toISOString(),
    },
    items: itemsOf(b).map((i) => ({ rank: i.rank, title: i.title, unitName: i.unitName, summary: i.summary, figures: i.figures })),
  };
}

export async function pushWebhook(ctx: PushContext): Promise<PushOutcome> {
  const url = ctx.channel.url;
  if (!url) throw new PushError('发布渠道未设置接收地址', false, true);
  const body = JSON.stringify(webhookPayload(ctx));
  const timestamp = String(Math.floor(Date.now() / 1000));
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Liangdian-Outbox/1',
        'x-liangdian-signature': webhookSignature(ctx.channel.secret, timestamp, body),
        'x-liangdian-delivery': String(ctx.delivery.id),
        'x-liangdian-timestamp': timestamp,
      },
      body,
      // A redirect would carry the signed body somewhere the office did not configure.
      redirect: 'manual',
      signal: AbortSignal.timeout(ctx.s.config.publication.webhookTimeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw new PushError(`无法连接接收方（${cause ?? (e as Error).message}）`, true, true);
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 200 && res.status < 300) {
    let articleUrl: string | null = null;
    try {
      const u = (JSON.parse(text) as { url?: unknown }).url;
      if (typeof u === 'string' && /^https?:\/\//i.test(u) && u.length <= 512) articleUrl = u;
    } catch {
      // Any 2xx is an acceptance; the link is optional.
    }
    return { kind: 'published', articleUrl };
  }
  const said = text.replace(/\s+/g, ' ').trim().slice(0, 120);
  const reason = `接收方拒绝：HTTP ${res.status}${said ? `（${said}）` : ''}`;
  const transient = res.status >= 500 || res.status === 408 || res.status === 429;
  throw new PushError(reason, transient, true);
}
