import { AppError, notFound, payloadTooLarge } from '../shared/errors.js';
import { header, httpHandler, json, rawBody, type HttpEvent } from '../shared/http.js';
import { recordCount } from '../shared/metrics.js';
import { parseWith } from '../shared/parse.js';
import { storeIdSchema, type Platform } from '../stores/store.js';
import { getStoreCached } from '../stores/store-repository.js';
import { webhookSecrets } from '../stores/webhook-secrets.js';
import { storeOnce, toInboxItem } from './inbox.js';
import { nativeAdapter } from './native.js';
import type { Delivery, PlatformAdapter, ReadDelivery } from './platform.js';
import { shopifyAdapter } from './shopify.js';
import { woocommerceAdapter } from './woocommerce.js';

export const MAX_BODY_BYTES = 256 * 1024;

/** How each platform's deliveries are verified and read; the store's registration says which applies. */
const adapters: Record<Platform, PlatformAdapter> = { native: nativeAdapter, shopify: shopifyAdapter, woocommerce: woocommerceAdapter };

const isUnauthorized = (error: unknown) => error instanceof AppError && error.status === 401;

/**
 * Verifies with the cached secrets; a refusal is checked once more against freshly read secrets,
 * so a store that has just rotated its secret is not refused while the cache is old.
 */
async function verifyAndRead(adapter: PlatformAdapter, delivery: Delivery, storeId: string): Promise<ReadDelivery> {
  try {
    return adapter.read(delivery, await webhookSecrets(storeId, delivery.now));
  } catch (error) {
    if (!isUnauthorized(error)) throw error;
    return adapter.read(delivery, await webhookSecrets(storeId, delivery.now, { fresh: true }));
  }
}

/**
 * POST /webhooks/{storeId}: verify, validate, store durably, answer. Processing happens after the answer,
 * from the inbox table's stream, so the storefront never waits for workflows.
 */
export const handler = httpHandler(async (event: HttpEvent) => {
  const now = new Date();
  const storeId = parseWith(storeIdSchema, event.pathParameters?.storeId, 'the store id in the path');
  const body = rawBody(event);
  if (body.length > MAX_BODY_BYTES) throw payloadTooLarge(`the body is ${body.length} bytes; the limit is ${MAX_BODY_BYTES}`);
  const store = await getStoreCached(storeId, now);
  if (!store) throw notFound(`store "${storeId}" is not registered`);

  const delivery: Delivery = { header: (name) => header(event, name), body, now };
  const read = await verifyAndRead(adapters[store.platform], delivery, storeId);
  if (read.kind === 'nothing') return json(200, { accepted: false, reason: read.reason });
  const outcome = await storeOnce(toInboxItem(storeId, store.platform, read.deliveryId, read.events, now));
  return outcome === 'duplicate'
    ? json(200, { duplicate: true, eventId: read.deliveryId })
    : json(202, { accepted: true, eventId: read.deliveryId });
}).after((request) => {
  // Refusals counted by status: a store sending with an old secret (401) or an unknown id (404) shows on the dashboard.
  const status = request.response?.statusCode ?? 0;
  if (status >= 400 && status < 500) recordCount('WebhookRejects', { Status: String(status) });
});
