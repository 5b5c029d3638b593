import { z } from 'zod';
import { badRequest } from '../shared/errors.js';
import { parseWith } from '../shared/parse.js';
import { decimalFen } from './money.js';
import type { aftersaleReasons } from './native-events.js';
import type { PlatformAdapter } from './platform.js';
import { readJsonBody, toEvents, verifyBase64Hmac, type Draft } from './platform-delivery.js';
import { invoiceRequestFrom } from './invoice-attributes.js';

// ---- Shopify's payloads (only the fields we read). ----

/** Big ids arrive as strings from parseJsonKeepingBigIntegers, small ones as numbers: always a string here. */
const shopifyId = z.union([z.string().min(1), z.number().int()]).transform(String);
/** Shopify sends absent values as null. */
const text = z.string().nullish();

const customer = z.object({ id: shopifyId, first_name: text, last_name: text, phone: text, email: text, created_at: text });
const lineItem = z.object({ id: shopifyId, variant_id: shopifyId.nullish(), sku: text, title: z.string(), quantity: z.number().int(), price: decimalFen });
const fulfillment = z.object({
  id: shopifyId,
  order_id: shopifyId.nullish(),
  status: text,
  shipment_status: text,
  tracking_company: text,
  tracking_number: text,
  tracking_numbers: z.array(z.string()).nullish(),
  created_at: z.string(),
  updated_at: text,
});
type Fulfillment = z.output<typeof fulfillment>;

const orderTimes = z.object({ id: shopifyId, created_at: z.string(), updated_at: text, processed_at: text, cancelled_at: text });
const order = orderTimes.extend({
  email: text,
  phone: text,
  financial_status: text,
  total_price: decimalFen,
  customer: customer.nullish(),
  line_items: z.array(lineItem),
  fulfillments: z.array(fulfillment).nullish(),
  /** The checkout's custom attributes: where a store's checkout puts an invoice request. */
  note_attributes: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number()]).transform(String) })).nullish(),
});
type Order = z.output<typeof order>;

const refund = z.object({
  id: shopifyId,
  order_id: shopifyId,
  created_at: z.string(),
  note: text,
  transactions: z.array(z.object({ kind: text, status: text, amount: decimalFen })).nullish(),
  refund_line_items: z.array(z.object({ subtotal: decimalFen })).nullish(),
});

const lineItemRef = z.object({ id: shopifyId, sku: text, variant_id: shopifyId.nullish() });
const returnLineItem = z.object({
  id: shopifyId,
  quantity: z.number().int(),
  return_reason: text,
  return_reason_note: text,
  customer_note: text,
  line_item: lineItemRef.nullish(),
  fulfillment_line_item: z.object({ line_item: lineItemRef.nullish() }).nullish(),
});
/** The order is nested (`order.id`) in returns/request and approve, flat (`order_id`) in cancel and close. */
const returnRequest = z.object({
  id: shopifyId,
  order: z.object({ id: shopifyId }).nullish(),
  order_id: shopifyId.nullish(),
  created_at: text,
  return_line_items: z.array(returnLineItem).nullish(),
});
const returnChange = z.object({
  id: shopifyId,
  updated_at: text,
  closed_at: text,
  decline: z.object({ reason: text, note: text }).nullish(),
});

// ---- Mapping. ----

type Reason = (typeof aftersaleReasons)[number];
/** Shopify's ReturnReason values; size and style are the buyer changing their mind. */
const returnReasons: Record<string, Reason> = {
  unwanted: 'no_reason',
  size_too_small: 'no_reason',
  size_too_large: 'no_reason',
  style: 'no_reason',
  defective: 'quality',
  not_as_described: 'not_as_described',
  wrong_item: 'wrong_item',
};

/** Only the table's own entries: a reason Shopify sends as "constructor" is no reason of ours. */
const reasonOf = (given: string | null | undefined): Reason => {
  const key = given?.toLowerCase() ?? '';
  return Object.hasOwn(returnReasons, key) ? (returnReasons[key] as Reason) : 'other';
};

/** A fulfillment in one of these states shipped nothing. */
const failedFulfillment = new Set(['cancelled', 'error', 'failure']);
/** A refund transaction in one of these states returned no money. */
const failedTransaction = new Set(['error', 'failure']);

type Context = { topic: string; now: string };
/** The events a topic means, or why it means nothing. */
type Mapping = (body: unknown, context: Context) => Draft[] | string;

const read = <S extends z.ZodType>(schema: S, body: unknown, { topic }: Context) => parseWith(schema, body, `the ${topic} body`);

function orderCreated(o: Order): Draft {
  const c = o.customer;
  const name = [c?.first_name, c?.last_name].filter(Boolean).join(' ');
  // A guest checkout has no customer record; its contact is the best buyer identity there is.
  const buyer = c
    ? { id: c.id, name: name || undefined, phone: c.phone || undefined, email: c.email || undefined, registeredAt: c.created_at || undefined }
    : { id: o.email || o.phone || '', email: o.email || undefined, phone: o.phone || undefined };
  return {
    type: 'order.created',
    occurredAt: o.created_at,
    data: {
      orderId: o.id,
      buyer,
      items: o.line_items.map((item) => ({
        // Custom items and products without SKUs exist; the variant (or the line) still identifies them.
        sku: item.sku || item.variant_id || item.id,
        name: item.title,
        quantity: item.quantity,
        unitPrice: item.price,
      })),
      total: o.total_price,
      placedAt: o.created_at,
    },
  };
}

function shipped(orderId: string, f: Fulfillment): Draft {
  const trackingNo = f.tracking_number || f.tracking_numbers?.[0] || f.id;
  return { type: 'order.shipped', occurredAt: f.created_at, data: { orderId, carrier: f.tracking_company || 'unknown', trackingNo, shippedAt: f.created_at } };
}

const hasTracking = (f: Fulfillment) => Boolean(f.tracking_number || f.tracking_numbers?.[0]);

const ordersFulfilled: Mapping = (body, context) => {
  const o = read(order, body, context);
  const usable = (o.fulfillments ?? []).filter((f) => !failedFulfillment.has(f.status ?? ''));
  const chosen = usable.find(hasTracking) ?? usable[0];
  if (chosen) return [shipped(o.id, chosen)];
  // Shopify's own example has no fulfillment at all; the order still left, and ignoring that would make it "late".
  const at = o.updated_at ?? context.now;
  return [{ type: 'order.shipped', occurredAt: at, data: { orderId: o.id, carrier: 'unknown', trackingNo: o.id, shippedAt: at } }];
};

const fulfillmentChanged: Mapping = (body, context) => {
  const f = read(fulfillment.extend({ order_id: shopifyId }), body, context);
  if (failedFulfillment.has(f.status ?? '')) return `fulfillment ${f.id} is ${f.status ?? ''}; nothing shipped`;
  const drafts = [shipped(f.order_id, f)];
  if (f.shipment_status === 'delivered') {
    const at = f.updated_at ?? context.now;
    drafts.push({ type: 'order.delivered', occurredAt: at, data: { orderId: f.order_id, deliveredAt: at } });
  }
  return drafts;
};

const refundCreated: Mapping = (body, context) => {
  const r = read(refund, body, context);
  const transactions = r.transactions ?? [];
  // Money moved is what the refund transactions say; a failed one returned nothing.
  const amount =
    transactions.length > 0
      ? transactions.filter((t) => t.kind === 'refund' && !failedTransaction.has(t.status ?? '')).reduce((sum, t) => sum + t.amount, 0)
      : (r.refund_line_items ?? []).reduce((sum, line) => sum + line.subtotal, 0);
  return [
    {
      type: 'order.refunded',
      occurredAt: r.created_at,
      data: { orderId: r.order_id, refundId: r.id, amount, refundedAt: r.created_at, note: r.note || undefined },
    },
  ];
};

const returnRequested: Mapping = (body, context) => {
  const r = read(returnRequest, body, context);
  const orderId = r.order?.id ?? r.order_id;
  if (!orderId) throw badRequest(`the ${context.topic} body has neither order.id nor order_id`);
  const lines = r.return_line_items ?? [];
  const notes = [...new Set(lines.flatMap((line) => [line.customer_note, line.return_reason_note]).filter((note): note is string => Boolean(note)))];
  const at = r.created_at ?? context.now;
  return [
    {
      type: 'aftersale.requested',
      occurredAt: at,
      data: {
        requestId: r.id,
        orderId,
        type: 'return_refund',
        reason: reasonOf(lines[0]?.return_reason),
        items: lines.map((line) => {
          const item = line.fulfillment_line_item?.line_item ?? line.line_item;
          // Same identity as order.created's items, so a return line can be matched to what was ordered.
          return { sku: item?.sku || item?.variant_id || item?.id || line.id, quantity: line.quantity };
        }),
        note: notes.length > 0 ? notes.join('\n').slice(0, 2000) : undefined,
        requestedAt: at,
      },
    },
  ];
};

const returnDecided =
  (decision: 'approve' | 'reject'): Mapping =>
  (body, context) => {
    const r = read(returnChange, body, context);
    const at = r.updated_at ?? context.now;
    const reason = [r.decline?.reason, r.decline?.note].filter(Boolean).join(': ') || undefined;
    return [{ type: 'aftersale.decided', occurredAt: at, data: { requestId: r.id, decision, reason, decidedAt: at } }];
  };

const ordersCreated: Mapping = (body, context) => {
  const o = read(order, body, context);
  const drafts = [orderCreated(o)];
  // A checkout paid at once sends no separate orders/paid for the same moment.
  if (o.financial_status === 'paid') {
    const at = o.processed_at ?? o.created_at;
    drafts.push({ type: 'order.paid', occurredAt: at, data: { orderId: o.id, paidAt: at } });
  }
  return [...drafts, ...invoiceRequestFrom(o.id, o.note_attributes ?? [], o.created_at)];
};

const ordersPaid: Mapping = (body, context) => {
  const o = read(orderTimes, body, context);
  const at = o.processed_at ?? o.updated_at ?? context.now;
  return [{ type: 'order.paid', occurredAt: at, data: { orderId: o.id, paidAt: at } }];
};

const ordersCancelled: Mapping = (body, context) => {
  const o = read(orderTimes, body, context);
  const at = o.cancelled_at ?? o.updated_at ?? context.now;
  return [{ type: 'order.cancelled', occurredAt: at, data: { orderId: o.id, cancelledAt: at } }];
};

const returnCancelled: Mapping = (body, context) => {
  const r = read(returnChange, body, context);
  const at = r.updated_at ?? context.now;
  return [{ type: 'aftersale.cancelled', occurredAt: at, data: { requestId: r.id, cancelledAt: at } }];
};

const returnClosed: Mapping = (body, context) => {
  const r = read(returnChange, body, context);
  const at = r.closed_at ?? r.updated_at ?? context.now;
  return [{ type: 'aftersale.closed', occurredAt: at, data: { requestId: r.id, closedAt: at } }];
};

const mappings = new Map<string, Mapping>([
  ['orders/create', ordersCreated],
  ['orders/paid', ordersPaid],
  ['orders/cancelled', ordersCancelled],
  ['orders/fulfilled', ordersFulfilled],
  ['fulfillments/create', fulfillmentChanged],
  ['fulfillments/update', fulfillmentChanged],
  ['refunds/create', refundCreated],
  ['returns/request', returnRequested],
  ['returns/approve', returnDecided('approve')],
  ['returns/decline', returnDecided('reject')],
  ['returns/cancel', returnCancelled],
  ['returns/close', returnClosed],
]);

/** Shopify webhooks (https://shopify.dev/docs/apps/build/webhooks): HMAC header, topic header, the resource as JSON. */
export const shopifyAdapter: PlatformAdapter = {
  read(delivery, secrets) {
    verifyBase64Hmac(delivery, 'X-Shopify-Hmac-Sha256', secrets);
    // Shopify's docs dedupe on the event id; older deliveries only carry the webhook id.
    const deliveryId = delivery.header('X-Shopify-Event-Id') || delivery.header('X-Shopify-Webhook-Id');
    if (!deliveryId) throw badRequest('neither X-Shopify-Event-Id nor X-Shopify-Webhook-Id is present, so a redelivery could not be recognised');
    const topic = delivery.header('X-Shopify-Topic');
    if (!topic) throw badRequest('the X-Shopify-Topic header is missing');
    const mapping = mappings.get(topic);
    if (!mapping) return { kind: 'nothing', reason: `topic ${topic} is not used` };
    const result = mapping(readJsonBody(delivery), { topic, now: delivery.now.toISOString() });
    return typeof result === 'string' ? { kind: 'nothing', reason: result } : toEvents(deliveryId, result);
  },
};
