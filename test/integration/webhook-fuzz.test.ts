import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signNative } from '../../functions/webhooks/native-signature.js';
import type { LocalCloud } from '../../local/cloud.js';
import { StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';
import { expectRefusal, itemCount, mutatedFrom, toBody, type Json } from '../support/fuzz.js';
import { hmacBase64, platformExamples, platformHeaders, type StorefrontPlatform } from '../support/platform-deliveries.js';

const SECRET = 'fuzz-webhook-secret';

/** A valid event to start mutations from. */
const seed = () => ({
  id: 'evt-seed',
  type: 'order.created',
  occurredAt: new Date().toISOString(),
  data: { orderId: 'o-1', buyer: { id: 'b-1' }, items: [{ sku: 'A', name: 'Shirt', quantity: 1, unitPrice: 9900 }], total: 9900, placedAt: new Date().toISOString() },
});

/** Header values as a sender may garble them: any byte a header can carry (HTTP refuses control characters). */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((code) => code !== 0x7f).map((code) => String.fromCharCode(code)), maxLength: 300 });

/**
 * Random and mutated deliveries thrown at the ingest: whatever comes in, the answer is never a 5xx,
 * a refused delivery writes nothing, and whatever is accepted is processed.
 */
describe('webhook ingest under random input', () => {
  let cloud: LocalCloud;
  let admin: StorefrontClient;
  const storeId = 'shop-fuzz';
  const platformStore = (platform: StorefrontPlatform) => `fuzz-${platform}`;

  beforeAll(async () => {
    cloud = await startTestCloud();
    admin = new StorefrontClient(cloud.baseUrl, cloud.adminToken, storeId, SECRET);
    await admin.registerStore();
    for (const platform of ['shopify', 'woocommerce'] as const) {
      expect((await admin.admin('PUT', `/admin/stores/${platformStore(platform)}`, { platform, webhookSecret: SECRET })).status).toBe(200);
    }
  });
  afterAll(async () => cloud?.stop());

  const stored = () => itemCount(cloud, process.env.INBOX_TABLE);
  const post = (store: string, body: string | Buffer, headers: Record<string, string>, contentType = 'application/json') =>
    fetch(`${cloud.baseUrl}/webhooks/${store}`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
  const signed = (id: string, body: string) => ({ 'x-event-id': id, 'x-signature': signNative(SECRET, Math.floor(Date.now() / 1000), body) });

  /** Sends one delivery and checks the promise of the ingest: no 5xx; a refusal is clean and stores nothing; a 202 stores one. */
  async function deliver(send: () => Promise<Response>, allowed: number[]): Promise<number> {
    const before = await stored();
    const response = await send();
    expect(allowed, `answered ${response.status}: ${await response.clone().text()}`).toContain(response.status);
    if (response.status >= 400) await expectRefusal(response);
    expect(await stored()).toBe(response.status === 202 ? before + 1 : before);
    return response.status;
  }

  it('answers mutated but signed events with 202 or a 400 that writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedFrom(seed() as Json), fc.uuid(), async (event, id) => {
        const body = toBody(event !== null && typeof event === 'object' && !Array.isArray(event) ? { ...event, id } : event);
        // fast-check draws the same uuid now and then: the second delivery under it is a duplicate (200).
        await deliver(() => post(storeId, body, signed(id, body)), [200, 202, 400, 413]);
      }),
      // The unmutated event first, so an accepted delivery is checked on every seed, and stored for the test below.
      { numRuns: 60, examples: [[seed() as Json, '4f2c6a8e-1b3d-4e5f-8a9b-0c1d2e3f4a5b']] },
    );
  });

  it('answers arbitrary bodies and headers with a 4xx and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes))),
        fc.record({ 'x-event-id': fc.string(), 'x-signature': fc.oneof(fc.string(), fc.constant('t=1,v1=00')) }, { requiredKeys: [] }),
        fc.boolean(),
        async (body, headers, sign) => {
          const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
          const safeHeaders = Object.fromEntries(Object.entries(headers).filter(([, value]) => /^[\x20-\x7e]*$/.test(value)));
          const id = /^[\x21-\x7e]+$/.test(headers['x-event-id'] ?? '') ? (headers['x-event-id'] as string) : 'evt-x';
          await deliver(() => post(storeId, body, sign ? { ...safeHeaders, ...signed(id, text) } : safeHeaders), [400, 401, 413]);
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
        const list = topics[platform];
        const topic = list[topicIndex % list.length] as string;
        const body = JSON.stringify(value);
        const names = platformHeaders[platform];
        const headers = { [names.topic]: topic, [names.deliveryId]: id, [names.signature]: hmacBase64(SECRET, body) };
        await deliver(() => post(platformStore(platform), body, headers), [200, 202, 400]);
      }),
      { numRuns: 80 },
    );
  });

  // The platforms' published examples, each changed in one place and signed again, so they get past the signature
  // and reach the parsing: a changed field is read, refused with a 400, or ignored, never a failure.
  const examples = (['shopify', 'woocommerce'] as const).flatMap((platform) => platformExamples(platform).map((example) => ({ platform, ...example })));

  it('reads published Shopify and WooCommerce examples changed in one place without a 5xx, writing only what it accepts', async () => {
    const mutated = fc.constantFrom(...examples).chain((example) => mutatedFrom(JSON.parse(example.text) as Json).map((document) => ({ ...example, body: toBody(document) })));
    await fc.assert(
      fc.asyncProperty(mutated, fc.uuid(), async ({ platform, topic, body }, id) => {
        const names = platformHeaders[platform];
        await deliver(() => post(platformStore(platform), body, { [names.topic]: topic, [names.deliveryId]: id, [names.signature]: hmacBase64(SECRET, body) }), [200, 202, 400]);
      }),
      { numRuns: 80 },
    );
  });

  it('answers missing and garbled topic, delivery id and signature headers, and bodies that are no JSON, with a 4xx that writes nothing', async () => {
    const body = fc.oneof(
      fc.constantFrom(...examples.map((example) => Buffer.from(example.text))),
      fc.string().map((text) => Buffer.from(text)),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    );
    // Each header missing, garbled, or right: a delivery with a wrong or missing signature is a 401 whatever else it has.
    const header = <T extends string>(right: T) => fc.oneof(fc.constant(undefined), headerText, fc.constant(right));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<StorefrontPlatform>('shopify', 'woocommerce'),
        body,
        fc.record({ topic: header('orders/create'), deliveryId: header('delivery-1'), signed: fc.boolean(), signature: headerText }),
        fc.constantFrom('application/json', 'application/octet-stream', 'text/plain; charset=latin1'),
        fc.uuid(),
        async (platform, raw, garbled, contentType, id) => {
          const names = platformHeaders[platform];
          const values = {
            [names.topic]: platform === 'woocommerce' && garbled.topic === 'orders/create' ? 'order.created' : garbled.topic,
            [names.deliveryId]: garbled.deliveryId === 'delivery-1' ? id : garbled.deliveryId,
            [names.signature]: garbled.signed ? hmacBase64(SECRET, raw) : garbled.signature,
          };
          const headers = Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
          const status = await deliver(() => post(platformStore(platform), raw, headers, contentType), [200, 202, 400, 401]);
          if (!garbled.signed) expect(status).toBe(401);
          // API Gateway hands a text body to the function as a string: bytes that are no UTF-8 do not survive, and the
          // signature over them no longer matches (JSON is UTF-8, so no platform sends such a body).
          const bytesArrive = contentType === 'application/octet-stream' || Buffer.from(raw.toString('utf8')).equals(raw);
          if (garbled.signed && bytesArrive && (garbled.topic === undefined || garbled.deliveryId === undefined)) expect(status).toBe(400);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('processes every delivery it accepted: none is parked after failing', async () => {
    expect(await stored()).toBeGreaterThan(0);
    await cloud.settle();
    for (const store of [storeId, platformStore('shopify'), platformStore('woocommerce')]) {
      const { items } = await admin.adminJson<{ items: Array<{ eventId: string; reason: string }> }>('GET', `/admin/parked?storeId=${store}`);
      expect(items, store).toEqual([]);
    }
  });
});
