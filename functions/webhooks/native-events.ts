import { z } from 'zod';
import { taxIdProblem } from '../invoices/tax-id.js';
import { BIRTHDAY_PROBLEM, monthDayOf } from '../customers/birthday.js';

/** ISO-8601 with an explicit offset, as CONTRACT.md requires for every time a storefront sends. */
const isoTime = z.iso.datetime({ offset: true });
/** Money is integer fen (CNY). */
const fen = z.number().int().min(0);
const id = z.string().min(1).max(128);

const buyer = z.object({
  id,
  name: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  registeredAt: isoTime.optional(),
});

const orderItem = z.object({
  sku: id,
  name: z.string(),
  quantity: z.number().int().min(1),
  unitPrice: fen,
  gift: z.boolean().optional(),
});

export const aftersaleTypes = ['refund_only', 'return_refund', 'exchange', 'partial_refund'] as const;
export const aftersaleReasons = ['no_reason', 'quality', 'not_as_described', 'wrong_item', 'damaged', 'not_received', 'other'] as const;

/** The `data` of every native event type, by type (CONTRACT.md, "Native event types and their data"). */
export const nativeEventData = {
  'order.created': z.object({
    orderId: id,
    buyer,
    items: z.array(orderItem).min(1),
    total: fen,
    shippingInsurance: z.boolean().optional(),
    placedAt: isoTime,
    /** Extension: what the buyer asked before ordering, where the storefront passes it (read by bulk-order screening). */
    buyerQuestions: z.string().max(4000).optional(),
  }),
  'order.paid': z.object({ orderId: id, paidAt: isoTime }),
  'order.shipped': z.object({ orderId: id, carrier: z.string().min(1), trackingNo: z.string().min(1), shippedAt: isoTime }),
  'order.delivered': z.object({ orderId: id, deliveredAt: isoTime }),
  'order.completed': z.object({ orderId: id, completedAt: isoTime }),
  'order.cancelled': z.object({ orderId: id, cancelledAt: isoTime }),
  /** Extension: money the store returned through its own platform (Shopify refunds/create, WooCommerce "refunded"). */
  'order.refunded': z.object({ orderId: id, refundId: id, amount: fen, refundedAt: isoTime, note: z.string().optional() }),
  'logistics.updated': z.object({
    trackingNo: z.string().min(1),
    status: z.enum(['in_transit', 'exception', 'delivered', 'returned']),
    at: isoTime,
    detail: z.string().optional(),
  }),
  'aftersale.requested': z.object({
    requestId: id,
    orderId: id,
    type: z.enum(aftersaleTypes),
    reason: z.enum(aftersaleReasons),
    /** Empty means the whole order (a platform may not say which lines). */
    items: z.array(z.object({ sku: id, quantity: z.number().int().min(1) })),
    amount: fen.optional(),
    note: z.string().max(2000).optional(),
    evidence: z.array(z.url()).optional(),
    requestedAt: isoTime,
  }),
  'aftersale.return_shipped': z.object({ requestId: id, carrier: z.string().min(1), trackingNo: z.string().min(1), shippedAt: isoTime }),
  'aftersale.cancelled': z.object({ requestId: id, cancelledAt: isoTime }),
  /** Extension: the store decided a request on its own platform (Shopify returns/approve, returns/decline). */
  'aftersale.decided': z.object({ requestId: id, decision: z.enum(['approve', 'reject']), reason: z.string().optional(), decidedAt: isoTime }),
  /** Extension: the buyer revised a rejected request (within the revision deadline). */
  'aftersale.revised': z.object({ requestId: id, amount: fen.optional(), note: z.string().max(2000).optional(), revisedAt: isoTime }),
  /** Extension: the buyer asked the platform to step in on a rejected request. */
  'aftersale.escalated': z.object({ requestId: id, note: z.string().max(2000).optional(), escalatedAt: isoTime }),
  /** Extension: the platform's ruling on an escalated request. */
  'aftersale.ruled': z.object({ requestId: id, ruling: z.enum(['for_buyer', 'for_store']), note: z.string().max(2000).optional(), ruledAt: isoTime }),
  /** Extension: the platform closed a request (Shopify returns/close). */
  'aftersale.closed': z.object({ requestId: id, closedAt: isoTime }),
  'invoice.requested': z
    .object({
      orderId: id,
      kind: z.enum(['personal', 'company']),
      title: z.string().trim().min(1, 'an invoice needs a title (the person or company name)').max(200),
      taxId: z.string().optional(),
      email: z.string().optional(),
      requestedAt: isoTime,
    })
    .superRefine((request, ctx) => {
      // A company invoice carries the company's unified social credit code, and it must be a valid one.
      if (request.kind !== 'company') return;
      const problem = request.taxId === undefined ? 'a company invoice needs the company\'s tax id (unified social credit code)' : taxIdProblem(request.taxId);
      if (problem) ctx.addIssue({ code: 'custom', path: ['taxId'], message: problem });
    }),
  /** Extension: the buyer asks for a gift or free shipping with an order; rules decide, otherwise a supervisor. */
  'perk.requested': z.object({ requestId: id, orderId: id, kind: z.enum(['gift', 'free_shipping']), item: z.string().max(200).optional(), value: fen, requestedAt: isoTime }),
  /** Extension: the buyer confirmed that the invoice of an order arrived. */
  'invoice.confirmed': z.object({ orderId: id, confirmedAt: isoTime }),
  'review.posted': z.object({ reviewId: id, orderId: id, rating: z.number().int().min(1).max(5), text: z.string(), postedAt: isoTime }),
  'complaint.opened': z.object({
    complaintId: id,
    buyerId: id,
    orderId: id.optional(),
    severity: z.enum(['normal', 'major']),
    text: z.string(),
    openedAt: isoTime,
  }),
  /** Extension: the buyer wrote to the store (a reply to a message): an opt-out keyword, or a 1–5 satisfaction score. */
  'message.received': z.object({ buyerId: id, text: z.string().max(2000), receivedAt: isoTime }),
  /** Extension: the buyer scored the store's after-sales service (a survey form); without an order, their latest case asked about. */
  'satisfaction.rated': z.object({ buyerId: id, orderId: id.optional(), score: z.number().int().min(1).max(5), comment: z.string().max(2000).optional(), ratedAt: isoTime }),
  'customer.updated': z.object({
    buyerId: id,
    /** 'YYYY-MM-DD' or 'MM-DD'; the customer file keeps the month and day. */
    birthday: z
      .string()
      .regex(/^(\d{4}-)?\d{2}-\d{2}$/, BIRTHDAY_PROBLEM)
      .refine((birthday) => monthDayOf(birthday) !== undefined, BIRTHDAY_PROBLEM)
      .optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
    consent: z.object({ marketing: z.boolean() }).optional(),
  }),
} as const;

export type NativeEventType = keyof typeof nativeEventData;
export const nativeEventTypes = Object.keys(nativeEventData) as NativeEventType[];

export type NativeEventOf<T extends NativeEventType> = {
  id: string;
  type: T;
  occurredAt: string;
  data: z.output<(typeof nativeEventData)[T]>;
};
export type NativeEvent = { [T in NativeEventType]: NativeEventOf<T> }[NativeEventType];

const envelope = z.object({
  id: z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
  type: z.enum(nativeEventTypes as [NativeEventType, ...NativeEventType[]]),
  occurredAt: isoTime,
  data: z.unknown(),
});

/** Validates the envelope, then the `data` of its type; the issue paths point at the field to fix. */
export const nativeEventSchema = envelope.transform((value, ctx): NativeEvent => {
  const parsed = nativeEventData[value.type].safeParse(value.data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['data', ...issue.path] });
    }
    return z.NEVER;
  }
  return { ...value, data: parsed.data } as NativeEvent;
});
