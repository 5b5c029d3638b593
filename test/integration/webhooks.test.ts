import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

describe('storefront webhooks in the local cloud', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  let db: DynamoDBDocumentClient;

  beforeAll(async () => {
    cloud = await startTestCloud({ clockStart: new Date('2026-11-10T02:00:00Z') });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-hooks');
    expect((await shop.registerStore()).status).toBe(200);
    db = DynamoDBDocumentClient.from(cloud.dynamo);
  });
  afterAll(async () => cloud?.stop());

  const order = async (orderId: string) =>
    (await db.send(new GetCommand({ TableName: process.env.ORDERS_TABLE, Key: { storeId: shop.storeId, orderId } }))).Item as Record<string, unknown> | undefined;
  const inboxCount = async () => (await db.send(new ScanCommand({ TableName: process.env.INBOX_TABLE, Select: 'COUNT' }))).Count ?? 0;

  it('keeps facts that arrive out of order and never moves the status back', async () => {
    const now = Date.now();
    expect((await shop.send('order.delivered', { orderId: 'o-ooo', deliveredAt: iso(now - HOUR) })).status).toBe(202);
    expect((await shop.send('order.shipped', { orderId: 'o-ooo', carrier: 'SF', trackingNo: 'SF-OOO', shippedAt: iso(now - 30 * HOUR) })).status).toBe(202);
    expect((await shop.send('order.paid', { orderId: 'o-ooo', paidAt: iso(now - 40 * HOUR) })).status).toBe(202);
    await cloud.settle();
    expect(await order('o-ooo')).toMatchObject({ status: 'delivered', trackingNo: 'SF-OOO', deliveredKey: expect.stringMatching(/^shop-hooks#\d$/) });
    expect((await order('o-ooo'))?.unshippedKey).toBeUndefined();
  });

  it('holds an after-sales request for an order not seen yet, and opens the case when the order arrives', async () => {
    expect((await shop.send('aftersale.requested', returnRequest('r-early', 'o-early'))).status).toBe(202);
    await cloud.settle();
    expect((await shop.admin('GET', `/admin/cases/as-${shop.storeId}-r-early`)).status).toBe(404);
    expect((await order('o-early'))?.deferred).toHaveLength(1);

    await playDeliveredOrder(shop, { orderId: 'o-early', buyerId: 'b-early' });
    await cloud.settle();
    const opened = await shop.adminJson<{ status: string; execution: { currentState?: string } }>('GET', `/admin/cases/as-${shop.storeId}-r-early`);
    expect(opened.execution.currentState).toBe('Await store decision');
    expect((await order('o-early'))?.deferred).toEqual([]);
  });

  it('gives twenty simultaneous deliveries of one event a single effect', async () => {
    await playDeliveredOrder(shop, { orderId: 'o-burst', buyerId: 'b-burst' });
    const before = await inboxCount();
    const answers = await Promise.all(Array.from({ length: 20 }, () => shop.send('aftersale.requested', returnRequest('r-burst', 'o-burst'), { id: 'evt-burst' })));
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200 && answer.body.duplicate === true)).toHaveLength(19);
    await cloud.settle();
    expect(await inboxCount()).toBe(before + 1);
    const { items } = await shop.adminJson<{ items: Array<{ caseId: string; history: Array<{ action: string }> }> }>('GET', `/admin/cases?storeId=${shop.storeId}&orderId=o-burst`);
    expect(items).toHaveLength(1);
    expect(items[0]?.history.filter((entry) => entry.action === 'requested')).toHaveLength(1);
  });

  it('accepts the previous secret during a rotation window and refuses it after', async () => {
    const paid = (orderId: string, secret: string) => shop.send('order.paid', { orderId, paidAt: new Date().toISOString() }, { secret });
    expect((await shop.admin('PUT', `/admin/stores/${shop.storeId}`, { platform: 'native', webhookSecret: 'rotated-secret-2', policy: { webhooks: { secretRotationSeconds: 3600 } } })).status).toBe(200);
    expect((await paid('o-rot-1', 'rotated-secret-2')).status).toBe(202);
    expect((await paid('o-rot-2', shop.secret)).status).toBe(202);
    await cloud.advance('PT1H1S');
    expect((await paid('o-rot-3', shop.secret)).status).toBe(401);
    expect((await paid('o-rot-4', 'rotated-secret-2')).status).toBe(202);
    // Back to the first secret for the other tests, the rotated one staying valid for a while.
    expect((await shop.registerStore()).status).toBe(200);
  });

  it('retries a delivery that keeps failing, then parks it where the admin API shows it with the reason', async () => {
    await playDeliveredOrder(shop, { orderId: 'o-poison', buyerId: 'b-poison' });
    await cloud.settle();
    // A damaged record: its refunds are no longer a list, so applying a refund to it fails every time.
    await db.send(new UpdateCommand({ TableName: process.env.ORDERS_TABLE, Key: { storeId: shop.storeId, orderId: 'o-poison' }, UpdateExpression: 'SET refunds = :bad', ExpressionAttributeValues: { ':bad': 'damaged' } }));
    const sent = await shop.send('order.refunded', { orderId: 'o-poison', refundId: 'rf-poison', amount: 100, refundedAt: new Date().toISOString() });
    expect(sent.status).toBe(202);
    await cloud.settle();
    const { items } = await shop.adminJson<{ items: Array<{ eventId: string; attempts: number; reason: string; types: string[] }> }>('GET', `/admin/parked?storeId=${shop.storeId}`);
    expect(items).toEqual([expect.objectContaining({ eventId: sent.id, attempts: 5, types: ['order.refunded'], reason: expect.stringMatching(/TypeError/) })]);
    // Later deliveries are not held up behind it.
    expect((await shop.send('order.paid', { orderId: 'o-after-poison', paidAt: new Date().toISOString() })).status).toBe(202);
    await cloud.settle();
    expect(await order('o-after-poison')).toMatchObject({ status: 'paid' });
  });

  it('stores every native event type and answers with 202', async () => {
    const at = new Date().toISOString();
    const examples: Array<[string, Record<string, unknown>]> = [
      ['order.completed', { orderId: 'o-all', completedAt: at }],
      ['order.cancelled', { orderId: 'o-all-2', cancelledAt: at }],
      ['order.refunded', { orderId: 'o-all', refundId: 'rf-1', amount: 100, refundedAt: at }],
      ['logistics.updated', { trackingNo: 'SF1', status: 'in_transit', at }],
      ['aftersale.return_shipped', { requestId: 'r-x', carrier: 'YTO', trackingNo: 'YT1', shippedAt: at }],
      ['aftersale.cancelled', { requestId: 'r-x', cancelledAt: at }],
      ['aftersale.decided', { requestId: 'r-x', decision: 'approve', decidedAt: at }],
      ['aftersale.closed', { requestId: 'r-x', closedAt: at }],
      ['invoice.requested', { orderId: 'o-all', kind: 'company', title: 'Acme Trading Co.', taxId: '91350100M000100Y43', requestedAt: at }],
      ['review.posted', { reviewId: 'v-1', orderId: 'o-all', rating: 2, text: '线头很多', postedAt: at }],
      ['complaint.opened', { complaintId: 'c-1', buyerId: 'b-1', severity: 'major', text: 'No reply for two days', openedAt: at }],
      ['customer.updated', { buyerId: 'b-1', consent: { marketing: false } }],
    ];
    const sentIds: string[] = [];
    for (const [type, data] of examples) {
      const sent = await shop.send(type, data);
      expect({ type, status: sent.status }).toEqual({ type, status: 202 });
      sentIds.push(sent.id);
    }
    await cloud.settle();
    const { items } = await shop.adminJson<{ items: Array<{ eventId: string }> }>('GET', `/admin/parked?storeId=${shop.storeId}`);
    expect(items.filter((item) => sentIds.includes(item.eventId))).toEqual([]);
  });
});
