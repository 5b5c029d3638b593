import type { NativeEvent, NativeEventOf } from '../webhooks/native-events.js';

export const orderStatuses = ['created', 'paid', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

type OrderEventType = 'order.created' | 'order.paid' | 'order.shipped' | 'order.delivered' | 'order.completed' | 'order.cancelled' | 'order.refunded';
export type OrderEvent = Extract<NativeEvent, { type: OrderEventType }>;

export interface Order {
  storeId: string;
  orderId: string;
  status: OrderStatus;
  buyer?: NativeEventOf<'order.created'>['data']['buyer'];
  items?: NativeEventOf<'order.created'>['data']['items'];
  total?: number;
  shippingInsurance?: boolean;
  /** What the buyer asked before ordering, where the storefront passes it. */
  buyerQuestions?: string;
  placedAt?: string;
  paidAt?: string;
  shippedAt?: string;
  carrier?: string;
  trackingNo?: string;
  deliveredAt?: string;
  completedAt?: string;
  cancelledAt?: string;
  refunds?: Array<{ refundId: string; amount: number; refundedAt: string }>;
  /** An invoice went out with the order: a return must bring it back (set by the invoices workflow). */
  invoiceIssued?: boolean;
  /** The order's current invoice (one open invoice per order). */
  invoiceId?: string;
  /** Fulfilment is held while a bulk order is reviewed; a terminated deal stays held. */
  hold?: 'bulk_review' | 'terminated';
  /** A discount agreed in a bulk-order review, and what the buyer then pays. */
  agreedDiscount?: { amount: number; approvedBy: string; amountDue: number };
  /** What the warehouse must do when packing the parcel (the invoice goes in, on top). */
  packingInstructions?: Array<{ invoiceId: string; text: string; at: string }>;
  /** Events that arrived before the order itself (an after-sales request for an order not seen yet). */
  deferred?: NativeEvent[];
  version: number;
}

/** A projection that knows nothing yet but the ids: late facts and deferred events attach to it. */
export const emptyOrder = (storeId: string, orderId: string): Order => ({ storeId, orderId, status: 'created', version: 0 });

/** No sign at all that the parcel left; events may arrive out of order, so delivery counts as a sign too. */
export const isUnshipped = (order: Order): boolean => !order.shippedAt && !order.deliveredAt && !order.completedAt;

/** The order itself has been seen: its buyer, items and amounts are known. */
export const isKnown = (order: Order | undefined): order is Order => order?.placedAt !== undefined;

/** Which timeline field marks each status; the status is the furthest one reached, so it never moves back. */
const statusMark: Record<OrderStatus, 'placedAt' | 'paidAt' | 'shippedAt' | 'deliveredAt' | 'completedAt' | 'cancelledAt'> = {
  created: 'placedAt',
  paid: 'paidAt',
  shipped: 'shippedAt',
  delivered: 'deliveredAt',
  completed: 'completedAt',
  cancelled: 'cancelledAt',
};

export function isOrderEvent(event: { type: string }): event is OrderEvent {
  return event.type.startsWith('order.');
}

/**
 * Folds one storefront event into the order projection. Events may come late or out of order
 * (a delivery before its shipment): every fact is kept, and the status is derived from the facts.
 */
export function applyOrderEvent(storeId: string, current: Order | undefined, event: OrderEvent): Order {
  const order: Order = { ...(current ?? emptyOrder(storeId, event.data.orderId)) };
  switch (event.type) {
    case 'order.created': {
      const { buyer, items, total, shippingInsurance, placedAt, buyerQuestions } = event.data;
      Object.assign(order, { buyer, items, total, shippingInsurance: shippingInsurance ?? false, placedAt, ...(buyerQuestions ? { buyerQuestions } : {}) });
      break;
    }
    case 'order.paid':
      order.paidAt ??= event.data.paidAt;
      break;
    case 'order.shipped':
      // The first shipment recorded wins, with its own carrier and tracking number.
      if (!order.shippedAt) Object.assign(order, { shippedAt: event.data.shippedAt, carrier: event.data.carrier, trackingNo: event.data.trackingNo });
      break;
    case 'order.delivered':
      order.deliveredAt ??= event.data.deliveredAt;
      break;
    case 'order.completed':
      order.completedAt ??= event.data.completedAt;
      break;
    case 'order.cancelled':
      order.cancelledAt ??= event.data.cancelledAt;
      break;
    case 'order.refunded': {
      const { refundId, amount, refundedAt } = event.data;
      if (!order.refunds?.some((refund) => refund.refundId === refundId)) order.refunds = [...(order.refunds ?? []), { refundId, amount, refundedAt }];
      break;
    }
  }
  order.status = deriveStatus(order);
  return order;
}

export function deriveStatus(order: Order): OrderStatus {
  if (order.cancelledAt && !order.shippedAt) return 'cancelled';
  const reached = orderStatuses.filter((status) => status !== 'cancelled' && order[statusMark[status]] !== undefined);
  return reached.at(-1) ?? 'created';
}

/** Sweep indexes are split over a few partitions per store, so a large store's backlog never runs hot on one key. */
export const SWEEP_SHARDS = 4;

function shardOf(orderId: string): number {
  let hash = 0;
  for (const char of orderId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % SWEEP_SHARDS;
}

/**
 * The sparse index keys of an order: each is present only while the order is in that condition, so the
 * daily sweep reads exactly the orders that may be due (unshipped since payment, in transit since
 * shipment, delivered but not completed) and never scans the table.
 */
export interface SweepKeys {
  unshippedKey?: string;
  inTransitKey?: string;
  deliveredKey?: string;
}

export function sweepIndexKeys(order: Order): SweepKeys {
  const key = `${order.storeId}#${shardOf(order.orderId)}`;
  const open = !order.cancelledAt && !order.completedAt;
  return {
    ...(open && order.paidAt && !order.shippedAt && !order.deliveredAt ? { unshippedKey: key } : {}),
    ...(open && order.shippedAt && !order.deliveredAt ? { inTransitKey: key } : {}),
    ...(open && order.deliveredAt ? { deliveredKey: key } : {}),
  };
}
