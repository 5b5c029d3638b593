import { describe, expect, it } from 'vitest';
import type { Delivery, ReadDelivery } from '../../functions/webhooks/platform.js';
import { delivery as deliveryAt, edit, eventsOf, hmacBase64, platformFixture, refusal } from '../support/platform-deliveries.js';
import { shopifyAdapter } from '../../functions/webhooks/shopify.js';

const fixture = (name: string) => platformFixture('shopify', name);

interface Vector {
  secret: string;
  body: string;
  header: string;
  header_name: string;
  other_headers_in_test: Record<string, string>;
}
const [vector] = JSON.parse(fixture('signature-vectors.json')) as Vector[];

const SECRET = 'shpss_test_secret';
const NOW = new Date('2026-03-01T08:00:00.000Z');
const EVENT_ID = 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043';


const delivery = (body: string | Buffer, headers: Record<string, string>): Delivery => deliveryAt(body, headers, NOW);

function signed(topic: string, body: string, extra: Record<string, string> = {}): Delivery {
  return delivery(body, { 'X-Shopify-Hmac-Sha256': hmacBase64(SECRET, body), 'X-Shopify-Topic': topic, 'X-Shopify-Event-Id': EVENT_ID, ...extra });
}

const readSigned = (topic: string, body: string): ReadDelivery => shopifyAdapter.read(signed(topic, body), [SECRET]);

/**
 * The fixtures' numeric ids above 2^53 were rounded through float64 (SOURCES.md); the gid keeps Shopify's
 * digits. Putting the exact digits back gives the body Shopify really sends, ids beyond 2^53 included.
 */
function gidDigits(text: string, type: string): string {
  const digits = new RegExp(`"gid://shopify/${type}/(\\d+)"`).exec(text)?.[1];
  if (!digits) throw new Error(`no ${type} gid in the fixture`);
  return digits;
}
const withExactId = (text: string, exact: string) => edit(text, String(Number(exact)), exact);

const ordersText = fixture('orders_create.json');
const ORDER_ID = gidDigits(ordersText, 'Order');
const CUSTOMER_ID = gidDigits(ordersText, 'Customer');
const exactOrder = (text: string) => withExactId(withExactId(text, ORDER_ID), CUSTOMER_ID);

describe('Shopify signature', () => {
  it("accepts Shopify's published vector (and ignores its topic)", () => {
    expect(vector).toBeDefined();
    if (!vector) return;
    expect(hmacBase64(vector.secret, vector.body)).toBe(vector.header);
    const result = shopifyAdapter.read(delivery(vector.body, { ...vector.other_headers_in_test, [vector.header_name]: vector.header }), [vector.secret]);
    expect(result).toEqual({ kind: 'nothing', reason: 'topic products/create is not used' });
  });

  it('refuses a wrong signature', () => {
    const body = fixture('returns_cancel.json');
    const error = refusal(() =>
      shopifyAdapter.read(delivery(body, { 'X-Shopify-Hmac-Sha256': hmacBase64('another secret', body), 'X-Shopify-Topic': 'returns/cancel', 'X-Shopify-Event-Id': EVENT_ID }), [SECRET]),
    );
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/X-Shopify-Hmac-Sha256 signature does not match/);
  });

  it('refuses a missing signature', () => {
    const error = refusal(() => shopifyAdapter.read(delivery('{}', { 'X-Shopify-Topic': 'returns/cancel', 'X-Shopify-Event-Id': EVENT_ID }), [SECRET]));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/X-Shopify-Hmac-Sha256 header is missing/);
  });

  it('refuses a tampered body, even by one byte', () => {
    const body = fixture('returns_cancel.json');
    const original = signed('returns/cancel', body);
    for (const tampered of [edit(body, '"canceled"', '"cancelled"'), `${body} `]) {
      const error = refusal(() => shopifyAdapter.read({ ...original, body: Buffer.from(tampered) }, [SECRET]));
      expect(error.status).toBe(401);
    }
  });

  it('accepts any of the secrets during a rotation, and refuses when none is registered', () => {
    const body = fixture('returns_cancel.json');
    const rotated = delivery(body, { 'X-Shopify-Hmac-Sha256': hmacBase64('new secret', body), 'X-Shopify-Topic': 'returns/cancel', 'X-Shopify-Event-Id': EVENT_ID });
    expect(shopifyAdapter.read(rotated, ['old secret', 'new secret']).kind).toBe('events');
    expect(refusal(() => shopifyAdapter.read(rotated, ['old secret'])).status).toBe(401);
    expect(refusal(() => shopifyAdapter.read(rotated, [])).status).toBe(401);
  });
});

describe('Shopify delivery headers and body', () => {
  const body = fixture('returns_cancel.json');

  it('dedupes on X-Shopify-Event-Id, falling back to X-Shopify-Webhook-Id', () => {
    const both = shopifyAdapter.read(signed('returns/cancel', body, { 'X-Shopify-Webhook-Id': 'webhook-1' }), [SECRET]);
    expect(both).toMatchObject({ kind: 'events', deliveryId: EVENT_ID });
    const onlyWebhookId = delivery(body, { 'X-Shopify-Hmac-Sha256': hmacBase64(SECRET, body), 'X-Shopify-Topic': 'returns/cancel', 'X-Shopify-Webhook-Id': 'webhook-1' });
    expect(shopifyAdapter.read(onlyWebhookId, [SECRET])).toMatchObject({ kind: 'events', deliveryId: 'webhook-1' });
  });

  it('refuses a delivery with neither id', () => {
    const error = refusal(() => shopifyAdapter.read(delivery(body, { 'X-Shopify-Hmac-Sha256': hmacBase64(SECRET, body), 'X-Shopify-Topic': 'returns/cancel' }), [SECRET]));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/X-Shopify-Event-Id/);
  });

  it('refuses a signed body that is not JSON', () => {
    const error = refusal(() => readSigned('orders/paid', 'id=1'));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('refuses a payload that does not map onto a valid native event, naming the field', () => {
    const noItems = edit(ordersText, '"line_items": [', '"line_items": [], "ignored": [');
    const error = refusal(() => readSigned('orders/create', noItems));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/data\.items/);

    const badPrice = edit(ordersText, '"price": "10.00"', '"price": "10.001"');
    expect(refusal(() => readSigned('orders/create', edit(badPrice, '"price": "199.00"', '"price": "199.001"'))).message).toMatch(/line_items\.0\.price/);
  });

  it.each(['orders/updated', 'returns/reopen', 'returns/update', 'app/uninstalled'])('gives nothing for a topic it does not use: %s', (topic) => {
    const name = `${topic.replace('/', '_')}.json`;
    const text = ['orders/updated', 'returns/reopen'].includes(topic) ? fixture(name) : '{}';
    expect(readSigned(topic, text)).toEqual({ kind: 'nothing', reason: `topic ${topic} is not used` });
  });
});

describe('Shopify topics mapped from the published examples', () => {
  it('orders/create keeps ids beyond 2^53 exact and maps the order', () => {
    expect(ORDER_ID).toBe('820982911946154508');
    const events = eventsOf(readSigned('orders/create', exactOrder(ordersText)));
    // The example order is voided, so it was never paid.
    expect(events).toEqual([
      {
        id: EVENT_ID,
        type: 'order.created',
        occurredAt: '2021-12-31T19:00:00-05:00',
        data: {
          orderId: ORDER_ID,
          buyer: { id: CUSTOMER_ID, name: 'John Smith', email: 'john@example.com' },
          items: [
            { sku: 'IPOD2008PINK', name: 'IPod Nano - 8GB', quantity: 1, unitPrice: 19900 },
            { sku: 'IPOD2008PINK', name: 'IPod Nano - 8GB', quantity: 1, unitPrice: 19900 },
          ],
          total: 38800,
          placedAt: '2021-12-31T19:00:00-05:00',
        },
      },
    ]);
  });

  it('orders/create of a paid order also says it was paid, numbering the second event', () => {
    const paid = edit(exactOrder(ordersText), '"financial_status": "voided"', '"financial_status": "paid"');
    const events = eventsOf(readSigned('orders/create', paid));
    expect(events.map((event) => [event.id, event.type])).toEqual([
      [EVENT_ID, 'order.created'],
      [`${EVENT_ID}:1`, 'order.paid'],
    ]);
    expect(events[1]?.data).toEqual({ orderId: ORDER_ID, paidAt: '2021-12-31T19:00:00-05:00' });
  });

  it('orders/create of a guest checkout without SKUs uses the email and the variant id', () => {
    const guest = edit(edit(exactOrder(ordersText), '"customer": {', '"customer": null, "was_customer": {'), '"sku": "IPOD2008PINK"', '"sku": ""');
    const [created] = eventsOf(readSigned('orders/create', guest));
    expect(created?.type).toBe('order.created');
    if (created?.type !== 'order.created') return;
    expect(created.data.buyer).toEqual({ id: 'jon@example.com', email: 'jon@example.com' });
    expect(created.data.items.map((item) => item.sku)).toEqual(['808950810', '808950810']);
  });

  it('orders/paid', () => {
    expect(eventsOf(readSigned('orders/paid', exactOrder(fixture('orders_paid.json'))))).toEqual([
      { id: EVENT_ID, type: 'order.paid', occurredAt: '2021-12-31T19:00:00-05:00', data: { orderId: ORDER_ID, paidAt: '2021-12-31T19:00:00-05:00' } },
    ]);
  });

  it('orders/cancelled', () => {
    expect(eventsOf(readSigned('orders/cancelled', exactOrder(fixture('orders_cancelled.json'))))).toEqual([
      { id: EVENT_ID, type: 'order.cancelled', occurredAt: '2021-12-31T19:00:00-05:00', data: { orderId: ORDER_ID, cancelledAt: '2021-12-31T19:00:00-05:00' } },
    ]);
  });

  it('orders/fulfilled without any fulfillment (as in the example) still ships, carrier unknown', () => {
    expect(eventsOf(readSigned('orders/fulfilled', exactOrder(fixture('orders_fulfilled.json'))))).toEqual([
      {
        id: EVENT_ID,
        type: 'order.shipped',
        occurredAt: '2021-12-31T19:00:00-05:00',
        data: { orderId: ORDER_ID, carrier: 'unknown', trackingNo: ORDER_ID, shippedAt: '2021-12-31T19:00:00-05:00' },
      },
    ]);
  });

  it('orders/fulfilled uses the first fulfillment with tracking', () => {
    const untracked = '{"id": 1, "status": "success", "tracking_company": null, "tracking_number": null, "created_at": "2022-01-01T08:00:00-05:00"}';
    const withFulfillments = edit(
      exactOrder(fixture('orders_fulfilled.json')),
      '"fulfillments": [],',
      `"fulfillments": [${untracked}, ${fixture('fulfillments_create.json')}],`,
    );
    expect(eventsOf(readSigned('orders/fulfilled', withFulfillments))[0]?.data).toEqual({
      orderId: ORDER_ID,
      carrier: 'UPS',
      trackingNo: '1z827wk74630',
      shippedAt: '2021-12-31T19:00:00-05:00',
    });
    const onlyUntracked = edit(exactOrder(fixture('orders_fulfilled.json')), '"fulfillments": [],', `"fulfillments": [${untracked}],`);
    expect(eventsOf(readSigned('orders/fulfilled', onlyUntracked))[0]?.data).toEqual({
      orderId: ORDER_ID,
      carrier: 'unknown',
      trackingNo: '1',
      shippedAt: '2022-01-01T08:00:00-05:00',
    });
  });

  it.each(['fulfillments/create', 'fulfillments/update'])('%s ships with the tracking number', (topic) => {
    const text = withExactId(fixture(`${topic.replace('/', '_')}.json`), ORDER_ID);
    expect(eventsOf(readSigned(topic, text))).toEqual([
      {
        id: EVENT_ID,
        type: 'order.shipped',
        occurredAt: '2021-12-31T19:00:00-05:00',
        data: { orderId: ORDER_ID, carrier: 'UPS', trackingNo: '1z827wk74630', shippedAt: '2021-12-31T19:00:00-05:00' },
      },
    ]);
  });

  it('fulfillments/update with shipment_status delivered also says delivered (constructed: no published sample)', () => {
    const delivered = edit(withExactId(fixture('fulfillments_update.json'), ORDER_ID), '"shipment_status": null', '"shipment_status": "delivered"');
    const events = eventsOf(readSigned('fulfillments/update', delivered));
    expect(events.map((event) => [event.id, event.type])).toEqual([
      [EVENT_ID, 'order.shipped'],
      [`${EVENT_ID}:1`, 'order.delivered'],
    ]);
    expect(events[1]?.data).toEqual({ orderId: ORDER_ID, deliveredAt: '2021-12-31T19:00:00-05:00' });
  });

  it('fulfillments/update of a cancelled fulfillment ships nothing', () => {
    const cancelled = edit(fixture('fulfillments_update.json'), '"status": "pending"', '"status": "cancelled"');
    expect(readSigned('fulfillments/update', cancelled)).toEqual({ kind: 'nothing', reason: 'fulfillment 123456 is cancelled; nothing shipped' });
  });

  it('refunds/create sums the refund transactions, ids exact', () => {
    const refundText = fixture('refunds_create.json');
    const refundId = gidDigits(refundText, 'Refund');
    expect(refundId).toBe('890088186047892319');
    const exact = withExactId(withExactId(refundText, ORDER_ID), refundId);
    expect(eventsOf(readSigned('refunds/create', exact))).toEqual([
      {
        id: EVENT_ID,
        type: 'order.refunded',
        occurredAt: '2021-12-31T19:00:00-05:00',
        data: { orderId: ORDER_ID, refundId, amount: 7500 + 1000, refundedAt: '2021-12-31T19:00:00-05:00', note: 'Things were damaged' },
      },
    ]);
  });

  it('refunds/create without transactions sums the refunded lines', () => {
    const refundText = fixture('refunds_create.json');
    const noTransactions = edit(refundText, '"transactions": [', '"transactions": [], "ignored": [');
    const [event] = eventsOf(readSigned('refunds/create', noTransactions));
    expect(event?.type === 'order.refunded' && event.data.amount).toBe(19900 + 19900);
  });

  it('returns/request with no line items asks about the whole order', () => {
    expect(eventsOf(readSigned('returns/request', fixture('returns_request.json')))).toEqual([
      {
        id: EVENT_ID,
        type: 'aftersale.requested',
        occurredAt: NOW.toISOString(),
        data: { requestId: '123134564567890', orderId: '4783296544821', type: 'return_refund', reason: 'other', items: [], requestedAt: NOW.toISOString() },
      },
    ]);
  });

  it('returns/request captured from a real store: one line, reason unwanted', () => {
    expect(eventsOf(readSigned('returns/request', fixture('returns_request.real-capture-yellowai.json')))).toEqual([
      {
        id: EVENT_ID,
        type: 'aftersale.requested',
        occurredAt: NOW.toISOString(),
        data: {
          requestId: '3547267221',
          orderId: '5196695273621',
          type: 'return_refund',
          reason: 'no_reason',
          // The nested line item has no sku, so its id identifies what comes back.
          items: [{ sku: '12695210000533', quantity: 1 }],
          requestedAt: NOW.toISOString(),
        },
      },
    ]);
  });

  it.each([
    ['defective', 'quality'],
    ['NOT_AS_DESCRIBED', 'not_as_described'],
    ['wrong_item', 'wrong_item'],
    ['size_too_small', 'no_reason'],
    ['style', 'no_reason'],
    ['color', 'other'],
    ['other', 'other'],
    ['constructor', 'other'],
    ['__proto__', 'other'],
  ])('returns/request reason %s is %s, with the buyer notes', (shopifyReason, reason) => {
    let text = edit(fixture('returns_request.real-capture-yellowai.json'), '"return_reason": "unwanted"', `"return_reason": "${shopifyReason}"`);
    text = edit(text, '"customer_note": null', '"customer_note": "Seam split after one wash"');
    text = edit(text, '"return_reason_note": ""', '"return_reason_note": "See photo"');
    const [event] = eventsOf(readSigned('returns/request', text));
    expect(event?.data).toMatchObject({ reason, note: 'Seam split after one wash\nSee photo' });
  });

  it('returns/approve and returns/decline decide the request', () => {
    expect(eventsOf(readSigned('returns/approve', fixture('returns_approve.json')))).toEqual([
      { id: EVENT_ID, type: 'aftersale.decided', occurredAt: NOW.toISOString(), data: { requestId: '123134564567890', decision: 'approve', decidedAt: NOW.toISOString() } },
    ]);
    expect(eventsOf(readSigned('returns/decline', fixture('returns_decline.json')))).toEqual([
      {
        id: EVENT_ID,
        type: 'aftersale.decided',
        occurredAt: NOW.toISOString(),
        data: {
          requestId: '123134564567890',
          decision: 'reject',
          reason: 'return_period_ended: As discussed on the phone, the 30-day return window has ended.',
          decidedAt: NOW.toISOString(),
        },
      },
    ]);
  });

  it('returns/cancel and returns/close', () => {
    expect(eventsOf(readSigned('returns/cancel', fixture('returns_cancel.json')))).toEqual([
      { id: EVENT_ID, type: 'aftersale.cancelled', occurredAt: NOW.toISOString(), data: { requestId: '123134564567890', cancelledAt: NOW.toISOString() } },
    ]);
    expect(eventsOf(readSigned('returns/close', fixture('returns_close.json')))).toEqual([
      { id: EVENT_ID, type: 'aftersale.closed', occurredAt: NOW.toISOString(), data: { requestId: '123134564567890', closedAt: NOW.toISOString() } },
    ]);
  });

  it('returns/close takes its time from the payload when there is one', () => {
    const withTime = edit(fixture('returns_close.json'), '"status": "closed"', '"status": "closed", "closed_at": "2026-02-28T10:00:00+08:00"');
    expect(eventsOf(readSigned('returns/close', withTime))[0]).toMatchObject({ occurredAt: '2026-02-28T10:00:00+08:00', data: { closedAt: '2026-02-28T10:00:00+08:00' } });
  });
});

describe('invoice requests carried in a Shopify order', () => {
  it('reads a personal invoice request from the checkout’s note attributes', () => {
    const body = exactOrder(ordersText).replace('"note_attributes": []', '"note_attributes": [{ "name": "invoice_title", "value": "李雷" }, { "name": "invoice_email", "value": "lilei@example.com" }]');
    const events = eventsOf(readSigned('orders/create', body));
    expect(events.at(-1)).toMatchObject({ type: 'invoice.requested', data: { orderId: ORDER_ID, kind: 'personal', title: '李雷', email: 'lilei@example.com' } });
  });
});
