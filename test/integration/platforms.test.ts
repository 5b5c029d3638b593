import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'webhooks');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');
const base64Hmac = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64');
const DAY = 86_400_000;

/** Shopify and WooCommerce deliveries, built from the platforms' published examples, through the local cloud. */
describe('storefront platforms in the local cloud', () => {
  let cloud: LocalCloud;
  let db: DynamoDBDocumentClient;
  const shopify = { id: 'shop-shopify', secret: 'shopify-app-secret' };
  const woo = { id: 'shop-woo', secret: 'woo-webhook-secret' };
  let admin: StorefrontClient;

  beforeAll(async () => {
    cloud = await startTestCloud();
    db = DynamoDBDocumentClient.from(cloud.dynamo);
    admin = new StorefrontClient(cloud.baseUrl, cloud.adminToken, shopify.id);
    for (const [store, platform] of [[shopify, 'shopify'], [woo, 'woocommerce']] as const) {
      expect((await admin.admin('PUT', `/admin/stores/${store.id}`, { platform, webhookSecret: store.secret })).status).toBe(200);
    }
  });
  afterAll(async () => cloud?.stop());

  const order = async (storeId: string, orderId: string) =>
    (await db.send(new GetCommand({ TableName: process.env.ORDERS_TABLE, Key: { storeId, orderId } }))).Item as Record<string, unknown> | undefined;
  const stored = async () => (await db.send(new ScanCommand({ TableName: process.env.INBOX_TABLE, Select: 'COUNT' }))).Count ?? 0;

  const toShopify = (topic: string, body: string, eventId: string, secret = shopify.secret) =>
    fetch(`${cloud.baseUrl}/webhooks/${shopify.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-event-id': eventId, 'x-shopify-hmac-sha256': base64Hmac(secret, body) },
      body,
    });
  const toWoo = (topic: string, body: string, deliveryId: string, secret = woo.secret) =>
    fetch(`${cloud.baseUrl}/webhooks/${woo.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': topic, 'x-wc-webhook-delivery-id': deliveryId, 'x-wc-webhook-signature': base64Hmac(secret, body) },
      body,
    });

  it('plays a Shopify order to a return that the store approves on Shopify', async () => {
    // The published examples, pointed at the order of the captured return and made recent.
    const orderId = '5196695273621';
    const recent = new Date(Date.now() - DAY).toISOString();
    const created = fixture('shopify/orders_create.json').replaceAll('820982911946154500', orderId);
    const delivered = fixture('shopify/fulfillments_update.json')
      .replaceAll('820982911946154500', orderId)
      .replace('"shipment_status": null', '"shipment_status": "delivered"')
      .replaceAll('2021-12-31T19:00:00-05:00', recent);
    expect((await toShopify('orders/create', created, 'shopify-evt-1')).status).toBe(202);
    expect((await toShopify('fulfillments/update', delivered, 'shopify-evt-2')).status).toBe(202);
    // The captured return comes from another shop: its line is pointed at the item of this order.
    const request = fixture('shopify/returns_request.real-capture-yellowai.json').replace('"id": 12695210000533,', '"id": 12695210000533, "sku": "IPOD2008PINK",');
    expect((await toShopify('returns/request', request, 'shopify-evt-3')).status).toBe(202);
    await cloud.settle();
    expect(await order(shopify.id, orderId)).toMatchObject({ status: 'delivered', carrier: 'UPS' });

    const caseId = `as-${shopify.id}-3547267221`;
    const waiting = await admin.adminJson<{ type: string; reason: string; execution: { currentState?: string } }>('GET', `/admin/cases/${caseId}`);
    expect(waiting).toMatchObject({ type: 'return_refund', reason: 'no_reason', execution: { currentState: 'Await store decision' } });

    const approve = fixture('shopify/returns_approve.json').replaceAll('123134564567890', '3547267221').replaceAll('4783296544821', orderId);
    expect((await toShopify('returns/approve', approve, 'shopify-evt-4')).status).toBe(202);
    const again = await toShopify('returns/approve', approve, 'shopify-evt-4');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    await cloud.settle();

    // Approved on Shopify: the workflow moves on and now waits for the buyer to send the items back.
    const agreed = await admin.adminJson<{ status: string; history: Array<{ action: string; by: string }> }>('GET', `/admin/cases/${caseId}`);
    expect(agreed.status).toBe('store_agreed');
    expect(agreed.history.find((entry) => entry.action === 'approve')?.by).toBe('store');
    const execution = await admin.adminJson<{ status: string; states: string[]; currentState?: string }>('GET', `/admin/executions/${caseId}`);
    expect(execution).toMatchObject({ status: 'RUNNING', currentState: 'Await return shipment' });
    expect(execution.states).toContain('Record store agreement');
  });

  it('refuses a Shopify delivery signed with another secret, writing nothing', async () => {
    const before = await stored();
    const response = await toShopify('orders/paid', fixture('shopify/orders_paid.json'), 'shopify-evt-forged', 'some-other-secret');
    expect(response.status).toBe(401);
    expect(await stored()).toBe(before);
  });

  it('answers the WooCommerce ping with 200 and stores nothing', async () => {
    const before = await stored();
    const response = await fetch(`${cloud.baseUrl}/webhooks/${woo.id}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'webhook_id=15' });
    expect(response.status).toBe(200);
    expect(await stored()).toBe(before);
  });

  it('maps WooCommerce orders by their status', async () => {
    expect((await toWoo('order.created', fixture('woocommerce/order.created.json'), 'wc-1')).status).toBe(202);
    expect((await toWoo('order.updated', fixture('woocommerce/order.updated.json'), 'wc-2')).status).toBe(202);
    expect((await toWoo('order.updated', fixture('woocommerce/order.updated.json'), 'wc-3', 'wrong')).status).toBe(401);
    await cloud.settle();
    const projected = await order(woo.id, '727');
    expect(projected).toMatchObject({ orderId: '727', status: 'completed', total: expect.any(Number) });
    expect(projected?.paidAt).toEqual(expect.any(String));
  });
});
