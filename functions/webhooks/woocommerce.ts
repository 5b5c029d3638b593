import { z } from 'zod';
import { badRequest } from '../shared/errors.js';
import { parseWith } from '../shared/parse.js';
import { decimalFen, decimalToFen } from './money.js';
import type { PlatformAdapter } from './platform.js';
import { readJsonBody, toEvents, verifyBase64Hmac, type Draft } from './platform-delivery.js';
import { invoiceRequestFrom } from './invoice-attributes.js';

/** What WooCommerce posts, unsigned and form-encoded, when a webhook is saved; it only wants a 2xx. */
const PING = /^webhook_id=\d+$/;

const wooId = z.union([z.number().int(), z.string().min(1)]).transform(String);
const text = z.string().nullish();
/** WooCommerce's `*_gmt` times are UTC but carry no zone designator ("2017-03-22T19:28:02"). */
const gmtTime = z.string().transform((value) => (/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`));

/**
 * WooCommerce computes a line's `price` as its total divided by its quantity, a float that may not be a
 * whole fen (10.00 for 3 → 3.3333333333333335); only then is it rounded to the nearest fen.
 */
function unitPriceFen(price: number | string): number {
  try {
    return decimalToFen(price);
  } catch {
    return Math.round(Number(price) * 100);
  }
}

const lineItem = z.object({
  id: wooId,
  name: z.string(),
  product_id: z.number().int().nullish(),
  variation_id: z.number().int().nullish(),
  quantity: z.number().int(),
  sku: text,
  price: z.union([z.number(), z.string()]),
});

/** The order as the REST API (wp_api_v3) shows it; webhooks send exactly that. Only the fields we read. */
const order = z.object({
  id: wooId,
  status: z.string(),
  total: decimalFen,
  customer_id: z.number().int().nullish(),
  billing: z.object({ first_name: text, last_name: text, email: text, phone: text }).nullish(),
  line_items: z.array(lineItem),
  date_created_gmt: gmtTime,
  date_modified_gmt: gmtTime,
  date_paid_gmt: gmtTime.nullish(),
  date_completed_gmt: gmtTime.nullish(),
  /** Custom order fields: where a checkout plugin puts an invoice request. */
  meta_data: z.array(z.object({ key: z.string(), value: z.unknown() })).nullish(),
});
type Order = z.output<typeof order>;

/**
 * order.created and order.updated both carry the whole order, so both are read as a snapshot of its state:
 * the order itself, plus every milestone it has reached. Re-sent milestones are harmless, since applying
 * an event to an order is idempotent.
 */
function snapshot(o: Order): Draft[] {
  const orderId = o.id;
  const billing = o.billing;
  const name = [billing?.first_name, billing?.last_name].filter(Boolean).join(' ');
  // customer_id 0 is a guest checkout; its billing contact is the best buyer identity there is.
  const buyerId = o.customer_id ? String(o.customer_id) : billing?.email || billing?.phone || '';
  const drafts: Draft[] = [
    {
      type: 'order.created',
      occurredAt: o.date_created_gmt,
      data: {
        orderId,
        buyer: { id: buyerId, name: name || undefined, email: billing?.email || undefined, phone: billing?.phone || undefined },
        items: o.line_items.map((item) => ({
          // Products without SKUs are common in WooCommerce; the variation (or product) still identifies them.
          sku: item.sku || String(item.variation_id || item.product_id || item.id),
          name: item.name,
          quantity: item.quantity,
          unitPrice: unitPriceFen(item.price),
        })),
        total: o.total,
        placedAt: o.date_created_gmt,
      },
    },
  ];
  if (o.date_paid_gmt) drafts.push({ type: 'order.paid', occurredAt: o.date_paid_gmt, data: { orderId, paidAt: o.date_paid_gmt } });
  const attributes = (o.meta_data ?? []).flatMap((meta) => (typeof meta.value === 'string' ? [{ name: meta.key, value: meta.value }] : []));
  drafts.push(...invoiceRequestFrom(orderId, attributes, o.date_created_gmt));
  const modified = o.date_modified_gmt;
  if (o.status === 'completed') {
    const at = o.date_completed_gmt ?? modified;
    drafts.push({ type: 'order.completed', occurredAt: at, data: { orderId, completedAt: at } });
  }
  if (o.status === 'cancelled') drafts.push({ type: 'order.cancelled', occurredAt: modified, data: { orderId, cancelledAt: modified } });
  // WooCommerce has no refund webhook; a fully refunded order keeps its total, which is what went back.
  if (o.status === 'refunded') {
    drafts.push({ type: 'order.refunded', occurredAt: modified, data: { orderId, refundId: `${orderId}-refund`, amount: o.total, refundedAt: modified } });
  }
  return drafts;
}

const orderTopics = new Set(['order.created', 'order.updated']);

/** WooCommerce webhooks (woocommerce-rest-api-docs, "Webhooks"): signature, topic and delivery id headers. */
export const woocommerceAdapter: PlatformAdapter = {
  read(delivery, secrets) {
    if (PING.test(delivery.body.toString('utf8').trim())) return { kind: 'nothing', reason: 'ping' };
    verifyBase64Hmac(delivery, 'X-WC-Webhook-Signature', secrets);
    const deliveryId = delivery.header('X-WC-Webhook-Delivery-ID');
    if (!deliveryId) throw badRequest('the X-WC-Webhook-Delivery-ID header is missing, so a redelivery could not be recognised');
    const topic = delivery.header('X-WC-Webhook-Topic');
    if (!topic) throw badRequest('the X-WC-Webhook-Topic header is missing');
    if (!orderTopics.has(topic)) return { kind: 'nothing', reason: `topic ${topic} is not used` };
    return toEvents(deliveryId, snapshot(parseWith(order, readJsonBody(delivery), `the ${topic} body`)));
  },
};
