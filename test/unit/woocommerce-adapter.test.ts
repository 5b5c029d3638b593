import { describe, expect, it } from 'vitest';
import type { Delivery, ReadDelivery } from '../../functions/webhooks/platform.js';
import { delivery as deliveryAt, edit, eventsOf, hmacBase64, platformFixture, refusal } from '../support/platform-deliveries.js';
import { woocommerceAdapter } from '../../functions/webhooks/woocommerce.js';

const fixture = (name: string) => platformFixture('woocommerce', name);

interface Vector {
  secret: string;
  body: string;
  header: string;
  header_name: string;
}
const [vector] = JSON.parse(fixture('signature-vectors.json')) as Vector[];

const SECRET = 'wc_test_secret';
const NOW = new Date('2026-03-01T08:00:00.000Z');
const DELIVERY_ID = '9c3b0f1e-2d4a-4b6c-8e9f-0a1b2c3d4e5f';


const delivery = (body: string | Buffer, headers: Record<string, string>): Delivery => deliveryAt(body, headers, NOW);

function signed(topic: string, body: string, secret = SECRET): Delivery {
  return delivery(body, {
    'Content-Type': 'application/json',
    'X-WC-Webhook-Signature': hmacBase64(secret, body),
    'X-WC-Webhook-Topic': topic,
    'X-WC-Webhook-Delivery-ID': DELIVERY_ID,
  });
}

const readSigned = (topic: string, body: string): ReadDelivery => woocommerceAdapter.read(signed(topic, body), [SECRET]);

const created = fixture('order.created.json');
const updated = fixture('order.updated.json');

const createdEvent = {
  id: DELIVERY_ID,
  type: 'order.created',
  occurredAt: '2017-03-22T19:28:02Z',
  data: {
    orderId: '727',
    // customer_id 0: a guest, known by the billing contact.
    buyer: { id: 'john.doe@example.com', name: 'John Doe', email: 'john.doe@example.com', phone: '(555) 555-5555' },
    items: [
      { sku: '93', name: 'Woo Single #1', quantity: 2, unitPrice: 300 },
      { sku: 'Bar3', name: 'Ship Your Idea &ndash; Color: Black, Size: M Test', quantity: 1, unitPrice: 1200 },
    ],
    total: 2935,
    placedAt: '2017-03-22T19:28:02Z',
  },
};

describe('WooCommerce signature', () => {
  it("accepts WooCommerce's published vector: empty secret, payload \"secret\"", () => {
    expect(vector).toBeDefined();
    if (!vector) return;
    expect(vector.secret).toBe('');
    expect(hmacBase64(vector.secret, vector.body)).toBe(vector.header);
    const published = delivery(vector.body, { [vector.header_name]: vector.header, 'X-WC-Webhook-Topic': 'order.created', 'X-WC-Webhook-Delivery-ID': DELIVERY_ID });
    // Past the signature (else 401), the payload "secret" is no JSON order: 400.
    expect(refusal(() => woocommerceAdapter.read(published, [vector.secret])).status).toBe(400);
    expect(refusal(() => woocommerceAdapter.read(published, ['not empty'])).status).toBe(401);
  });

  it('refuses a wrong signature', () => {
    const error = refusal(() => woocommerceAdapter.read(signed('order.created', created, 'another secret'), [SECRET]));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/X-WC-Webhook-Signature signature does not match/);
  });

  it('refuses a missing signature', () => {
    const unsigned = delivery(created, { 'X-WC-Webhook-Topic': 'order.created', 'X-WC-Webhook-Delivery-ID': DELIVERY_ID });
    const error = refusal(() => woocommerceAdapter.read(unsigned, [SECRET]));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/X-WC-Webhook-Signature header is missing/);
  });

  it('refuses a tampered body', () => {
    const original = signed('order.created', created);
    const tampered = edit(created, '"total": "29.35"', '"total": "2.35"');
    expect(refusal(() => woocommerceAdapter.read({ ...original, body: Buffer.from(tampered) }, [SECRET])).status).toBe(401);
  });

  it('accepts any of the secrets during a rotation', () => {
    const rotated = signed('order.created', created, 'new secret');
    expect(woocommerceAdapter.read(rotated, ['old secret', 'new secret']).kind).toBe('events');
    expect(refusal(() => woocommerceAdapter.read(rotated, ['old secret'])).status).toBe(401);
  });
});

describe('WooCommerce deliveries', () => {
  it('answers the unsigned ping sent when a webhook is saved', () => {
    const ping = delivery('webhook_id=12', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(woocommerceAdapter.read(ping, [SECRET])).toEqual({ kind: 'nothing', reason: 'ping' });
  });

  it('refuses a delivery without its delivery id', () => {
    const body = created;
    const noId = delivery(body, { 'X-WC-Webhook-Signature': hmacBase64(SECRET, body), 'X-WC-Webhook-Topic': 'order.created' });
    const error = refusal(() => woocommerceAdapter.read(noId, [SECRET]));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/X-WC-Webhook-Delivery-ID/);
  });

  it.each(['product.updated', 'order.deleted', 'customer.created'])('gives nothing for a topic it does not use: %s', (topic) => {
    expect(readSigned(topic, '{"id": 1}')).toEqual({ kind: 'nothing', reason: `topic ${topic} is not used` });
  });

  it('order.created of a processing, paid order: created and paid', () => {
    expect(eventsOf(readSigned('order.created', created))).toEqual([
      createdEvent,
      { id: `${DELIVERY_ID}:1`, type: 'order.paid', occurredAt: '2017-03-22T19:28:08Z', data: { orderId: '727', paidAt: '2017-03-22T19:28:08Z' } },
    ]);
  });

  it('order.updated of a completed order: created, paid and completed', () => {
    expect(eventsOf(readSigned('order.updated', updated))).toEqual([
      createdEvent,
      { id: `${DELIVERY_ID}:1`, type: 'order.paid', occurredAt: '2017-03-22T19:28:08Z', data: { orderId: '727', paidAt: '2017-03-22T19:28:08Z' } },
      { id: `${DELIVERY_ID}:2`, type: 'order.completed', occurredAt: '2017-03-22T19:30:35Z', data: { orderId: '727', completedAt: '2017-03-22T19:30:35Z' } },
    ]);
  });

  it('order.updated of a pending order: only created', () => {
    const pending = edit(edit(created, '"status": "processing"', '"status": "pending"'), '"date_paid_gmt": "2017-03-22T19:28:08"', '"date_paid_gmt": null');
    expect(eventsOf(readSigned('order.updated', pending)).map((event) => event.type)).toEqual(['order.created']);
  });

  it('order.updated of a cancelled order', () => {
    const cancelled = edit(edit(created, '"status": "processing"', '"status": "cancelled"'), '"date_paid_gmt": "2017-03-22T19:28:08"', '"date_paid_gmt": null');
    const events = eventsOf(readSigned('order.updated', cancelled));
    expect(events.map((event) => event.type)).toEqual(['order.created', 'order.cancelled']);
    expect(events[1]).toEqual({ id: `${DELIVERY_ID}:1`, type: 'order.cancelled', occurredAt: '2017-03-22T19:28:08Z', data: { orderId: '727', cancelledAt: '2017-03-22T19:28:08Z' } });
  });

  it('order.updated of a refunded order refunds its total', () => {
    const refunded = edit(updated, '"status": "completed"', '"status": "refunded"');
    const events = eventsOf(readSigned('order.updated', refunded));
    expect(events.map((event) => event.type)).toEqual(['order.created', 'order.paid', 'order.refunded']);
    expect(events[2]?.data).toEqual({ orderId: '727', refundId: '727-refund', amount: 2935, refundedAt: '2017-03-22T19:30:35Z' });
  });

  it('a registered customer is known by their id; a float unit price is rounded to the fen', () => {
    const registered = edit(edit(created, '"customer_id": 0', '"customer_id": 42'), '"price": 3', '"price": 3.3333333333333335');
    const [event] = eventsOf(readSigned('order.created', registered));
    if (event?.type !== 'order.created') throw new Error('expected order.created');
    expect(event.data.buyer.id).toBe('42');
    expect(event.data.items[0]?.unitPrice).toBe(333);
  });

  it('refuses an order that does not map onto a valid native event, naming the field', () => {
    const error = refusal(() => readSigned('order.created', edit(created, '"total": "29.35"', '"total": "29.355"')));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/total/);
    expect(refusal(() => readSigned('order.created', '[1, 2')).message).toMatch(/not valid JSON/);
  });
});

describe('invoice requests carried in the order', () => {
  const withMeta = (meta: Array<{ key: string; value: string }>) =>
    created.replace('"meta_data": [', `"meta_data": [${meta.map((entry) => JSON.stringify({ id: 1, ...entry })).join(',')},`);

  it('reads an invoice request from the order’s custom fields', () => {
    const events = eventsOf(readSigned('order.created', withMeta([{ key: '发票抬头', value: '阿里巴巴（中国）有限公司' }, { key: '税号', value: '91330100716105852f' }])));
    expect(events.at(-1)).toMatchObject({
      type: 'invoice.requested',
      data: { orderId: '727', kind: 'company', title: '阿里巴巴（中国）有限公司', taxId: '91330100716105852F' },
    });
  });

  it('leaves out a company request whose tax id is not valid, keeping the order', () => {
    const events = eventsOf(readSigned('order.created', withMeta([{ key: 'invoice_title', value: 'Some Co' }, { key: 'invoice_tax_id', value: '91330100716105852G' }])));
    expect(events.map((event) => event.type)).toEqual(['order.created', 'order.paid']);
  });
});
