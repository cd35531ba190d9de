import type { BulletinEntity, ChannelEntity, DeliveryEntity } from '../../db/entities';
import type { AppServices } from '../../services';
import type { BulletinsService } from './bulletins.service';

/** What a push step machine gets from the outbox worker for one claimed delivery. */
export interface PushContext {
  s: AppServices;
  delivery: DeliveryEntity;
  channel: ChannelEntity;
  bulletin: BulletinEntity;
  bulletins: BulletinsService;
  /**
   * Saves progress while this process still holds the delivery's lease, extending the lease; throws
   * LeaseLost when another process has taken it (then nothing more may be sent).
   */
  save(patch: Partial<DeliveryEntity>): Promise<void>;
  /** The server is shutting down: stop at the next safe point. */
  stopping(): boolean;
}

export type PushOutcome =
  | { kind: 'published'; articleUrl: string | null }
  /** Ask again later (an article WeChat is still publishing): not a new attempt. */
  | { kind: 'wait'; afterMs: number }
  /** Stopped at a safe point for shutdown: due again at once, for whichever process is up. */
  | { kind: 'yield' };

export class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
  constructor(deliveryId: number) {
    super(`delivery ${deliveryId}: lease taken by another process`);
  }
}
