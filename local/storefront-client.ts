import { signNative } from '../functions/webhooks/native-signature.js';

/** A storefront as the local cloud sees it: signed native webhooks and admin calls over HTTP. */
export class StorefrontClient {
  private sequence = 0;

  constructor(
    readonly baseUrl: string,
    readonly adminToken: string,
    readonly storeId: string,
    readonly secret = 'store-webhook-secret',
  ) {}

  async registerStore(body: Record<string, unknown> = {}): Promise<Response> {
    return this.admin('PUT', `/admin/stores/${this.storeId}`, { platform: 'native', webhookSecret: this.secret, ...body });
  }

  /** Sends one native event, signed with the store's secret at the local clock's time. */
  async send(type: string, data: Record<string, unknown>, options: { id?: string; occurredAt?: string; secret?: string; timestamp?: number } = {}) {
    const id = options.id ?? `evt-${this.storeId}-${++this.sequence}-${type}`;
    const body = JSON.stringify({ id, type, occurredAt: options.occurredAt ?? new Date().toISOString(), data });
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(`${this.baseUrl}/webhooks/${this.storeId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-event-id': id, 'x-signature': signNative(options.secret ?? this.secret, timestamp, body) },
      body,
    });
    return { id, status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async admin(method: string, path: string, body?: unknown, token = this.adminToken): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async adminJson<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.admin(method, path, body);
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

export interface PlayedOrder {
  orderId: string;
  buyerId: string;
  buyer?: { name?: string; phone?: string; email?: string };
  sku?: string;
  unitPrice?: number;
  quantity?: number;
}

/** The native events of an order up to its delivery, with realistic gaps between the steps, in the order they happen. */
export function deliveredOrderEvents(order: PlayedOrder): Array<[string, Record<string, unknown>]> {
  const { orderId, sku = 'SKU-1', unitPrice = 9_900, quantity = 1 } = order;
  const now = Date.now();
  return [
    ['order.created', { orderId, buyer: { ...order.buyer, id: order.buyerId }, items: [{ sku, name: 'Linen shirt', quantity, unitPrice }], total: unitPrice * quantity, placedAt: iso(now - 72 * HOUR) }],
    ['order.paid', { orderId, paidAt: iso(now - 71 * HOUR) }],
    ['order.shipped', { orderId, carrier: 'SF Express', trackingNo: `SF${orderId}`, shippedAt: iso(now - 48 * HOUR) }],
    ['order.delivered', { orderId, deliveredAt: iso(now - 2 * HOUR) }],
  ];
}

/** Plays an order through the storefront up to delivery. */
export async function playDeliveredOrder(store: StorefrontClient, order: PlayedOrder): Promise<void> {
  for (const [type, data] of deliveredOrderEvents(order)) {
    const sent = await store.send(type, data);
    if (sent.status !== 202) throw new Error(`${type} for ${order.orderId} answered ${sent.status}: ${JSON.stringify(sent.body)}`);
  }
}

export function returnRequest(requestId: string, orderId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { requestId, orderId, type: 'return_refund', reason: 'no_reason', items: [{ sku: 'SKU-1', quantity: 1 }], requestedAt: new Date().toISOString(), ...overrides };
}
