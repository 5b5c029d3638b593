import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signNative } from '../../functions/webhooks/native-signature.js';
import type { LocalCloud } from '../../local/cloud.js';
import { StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';

const SECRET = 'fuzz-webhook-secret';

/** A valid event to start mutations from. */
const seed = () => ({
  id: 'evt-seed',
  type: 'order.created',
  occurredAt: new Date().toISOString(),
  data: { orderId: 'o-1', buyer: { id: 'b-1' }, items: [{ sku: 'A', name: 'Shirt', quantity: 1, unitPrice: 9900 }], total: 9900, placedAt: new Date().toISOString() },
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Replaces the value at a random path of the event with an arbitrary JSON value. */
function mutate(value: Json, path: number[], replacement: Json): Json {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const [step = 0, ...rest] = path;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const index = step % value.length;
    return value.map((item, i) => (i === index ? mutate(item, rest, replacement) : item));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[step % keys.length] as string;
  return { ...value, [key]: mutate(value[key] as Json, rest, replacement) };
}

/**
 * Random and mutated deliveries thrown at the ingest: whatever comes in, the answer is never a 5xx,
 * and a refused delivery writes nothing.
 */
describe('webhook ingest under random input', () => {
  let cloud: LocalCloud;
  let db: DynamoDBDocumentClient;
  const storeId = 'shop-fuzz';

  beforeAll(async () => {
    cloud = await startTestCloud();
    const client = new StorefrontClient(cloud.baseUrl, cloud.adminToken, storeId, SECRET);
    await client.registerStore();
    for (const platform of ['shopify', 'woocommerce']) {
      expect((await client.admin('PUT', `/admin/stores/fuzz-${platform}`, { platform, webhookSecret: SECRET })).status).toBe(200);
    }
    db = DynamoDBDocumentClient.from(cloud.dynamo);
  });
  afterAll(async () => cloud?.stop());

  const stored = async () => (await db.send(new ScanCommand({ TableName: process.env.INBOX_TABLE, Select: 'COUNT' }))).Count ?? 0;
  const post = (body: string | Buffer, headers: Record<string, string>) =>
    fetch(`${cloud.baseUrl}/webhooks/${storeId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (id: string, body: string) => ({ 'x-event-id': id, 'x-signature': signNative(SECRET, Math.floor(Date.now() / 1000), body) });

  it('answers mutated but signed events with 202 or a 400 that writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(20), { maxLength: 5 }), fc.jsonValue(), fc.uuid(), async (path, replacement, id) => {
        const event = mutate(seed() as unknown as Json, path, replacement as Json);
        if (event && typeof event === 'object' && !Array.isArray(event)) event.id = id;
        const body = JSON.stringify(event);
        const before = await stored();
        const response = await post(body, signed(id, body));
        expect(response.status).toBeLessThan(500);
        expect([200, 202, 400, 413]).toContain(response.status);
        const answer = (await response.json()) as { error?: { message?: string } };
        if (response.status >= 400) {
          expect(answer.error?.message).toEqual(expect.any(String));
          expect(await stored()).toBe(before);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('answers arbitrary bodies and headers with a 4xx and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes))),
        fc.record({ 'x-event-id': fc.string(), 'x-signature': fc.oneof(fc.string(), fc.constant('t=1,v1=00')) }, { requiredKeys: [] }),
        fc.boolean(),
        async (body, headers, sign) => {
          const before = await stored();
          const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
          const safeHeaders = Object.fromEntries(Object.entries(headers).filter(([, value]) => /^[\x20-\x7e]*$/.test(value)));
          const id = /^[\x21-\x7e]+$/.test(headers['x-event-id'] ?? '') ? (headers['x-event-id'] as string) : 'evt-x';
          const response = await post(body, sign ? { ...safeHeaders, ...signed(id, text) } : safeHeaders);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(await stored()).toBe(before);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers signed Shopify and WooCommerce deliveries of any shape without a 5xx, writing only what it accepts', async () => {
    const topics = {
      shopify: ['orders/create', 'orders/paid', 'orders/cancelled', 'orders/fulfilled', 'fulfillments/create', 'fulfillments/update', 'refunds/create', 'returns/request', 'returns/approve', 'returns/decline', 'returns/cancel', 'returns/close', 'products/update'],
      woocommerce: ['order.created', 'order.updated', 'product.created'],
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('shopify', 'woocommerce'), fc.nat(12), fc.jsonValue(), fc.uuid(), async (platform, topicIndex, value, id) => {
        const list = topics[platform as keyof typeof topics];
        const topic = list[topicIndex % list.length] as string;
        const body = JSON.stringify(value);
        const signature = createHmac('sha256', SECRET).update(body).digest('base64');
        const headers: Record<string, string> =
          platform === 'shopify'
            ? { 'x-shopify-topic': topic, 'x-shopify-event-id': id, 'x-shopify-hmac-sha256': signature }
            : { 'x-wc-webhook-topic': topic, 'x-wc-webhook-delivery-id': id, 'x-wc-webhook-signature': signature };
        const before = await stored();
        const response = await fetch(`${cloud.baseUrl}/webhooks/fuzz-${platform}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        expect([200, 202, 400]).toContain(response.status);
        expect(await stored()).toBe(response.status === 202 ? before + 1 : before);
      }),
      { numRuns: 80 },
    );
  });
});
