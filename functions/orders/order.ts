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
  /** The carrier's last update of the parcel (the daily sweep tells a slow parcel from a stalled one by it). */
  lastTrackingAt?: string;
  trackingStatus?: 'in_transit' | 'exception' | 'delivered' | 'returned';
  /** What the daily sweep did about the order, each once: which also takes it off that sweep list. */
  swept?: { paymentReminderAt?: string; lateShipmentAt?: string; receiptExtendedAt?: string; stalledAt?: string; confirmReminderAt?: string };
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

/**
 * A carrier's update of the order's parcel: the latest update is kept (updates may arrive out of order), a parcel
 * moving again after a stall is back on the sweep's transit list, and "signed for" is a delivery.
 */
export function applyTrackingUpdate(order: Order, update: { status: NonNullable<Order['trackingStatus']>; at: string }): Order | undefined {
  if (order.lastTrackingAt && Date.parse(order.lastTrackingAt) >= Date.parse(update.at)) return undefined;
  const { stalledAt: _stalled, ...swept } = order.swept ?? {};
  const next: Order = { ...order, lastTrackingAt: update.at, trackingStatus: update.status, swept };
  if (update.status === 'delivered') next.deliveredAt ??= update.at;
  next.status = deriveStatus(next);
  return next;
}

export function deriveStatus(order: Order): OrderStatus {
  if (order.cancelledAt && !order.shippedAt) return 'cancelled';
  const reached = orderStatuses.filter((status) => status !== 'cancelled' && order[statusMark[status]] !== undefined);
  return reached.at(-1) ?? 'created';
}

/** Sweep indexes are split over a few partitions per store, so a large store's backlog never runs hot on one key. */
export const SWEEP_SHARDS = 4;

/** The shard of a store's index key an id falls on (orders by order id, customers by buyer id). */
export function shardOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % SWEEP_SHARDS;
}

export const sweepShardKeys = (storeId: string): string[] => Array.from({ length: SWEEP_SHARDS }, (_, shard) => `${storeId}#${shard}`);

/**
 * The sparse index keys of an order: each is present only while the order is on that sweep list and the sweep
 * has not yet dealt with it, so the daily sweep reads the orders that may be due and never scans the table.
 * Sort keys are UTC (storefront times carry their own offsets, which do not sort): unpaid since placing, unshipped
 * since payment, in transit until due, delivered since delivery.
 */
export interface SweepKeys {
  unpaidKey?: string;
  unpaidSince?: string;
  unshippedKey?: string;
  unshippedSince?: string;
  inTransitKey?: string;
  transitDueAt?: string;
  deliveredKey?: string;
  deliveredSince?: string;
}
export const sweepKeyNames = ['unpaidKey', 'unpaidSince', 'unshippedKey', 'unshippedSince', 'inTransitKey', 'transitDueAt', 'deliveredKey', 'deliveredSince'] as const satisfies ReadonlyArray<keyof SweepKeys>;

/** Storefront times carry their own offsets, which do not sort as strings: index sort keys are UTC. */
export const utc = (at: string) => new Date(at).toISOString();
const hoursAfter = (at: string, hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();

/**
 * When a parcel in transit is next due for the sweep: once the carrier's normal time since shipping has passed
 * (stalled, or slow but moving: extend the buyer's receipt time), then, after an extension, once the carrier has
 * been silent for its normal time.
 */
export function transitDueAt(order: Order, transitHours: number): string | undefined {
  if (!order.shippedAt) return undefined;
  const lastMove = lastMovementOf(order);
  return hoursAfter(order.swept?.receiptExtendedAt && lastMove ? lastMove : order.shippedAt, transitHours);
}

/** The parcel's last sign of life: the carrier's last update, or the shipment itself. */
export function lastMovementOf(order: Order): string | undefined {
  if (!order.shippedAt) return undefined;
  return order.lastTrackingAt && Date.parse(order.lastTrackingAt) > Date.parse(order.shippedAt) ? order.lastTrackingAt : order.shippedAt;
}

export function sweepIndexKeys(order: Order, transitHours: number): SweepKeys {
  const key = `${order.storeId}#${shardOf(order.orderId)}`;
  const open = !order.cancelledAt && !order.completedAt;
  const swept = order.swept ?? {};
  const keys: SweepKeys = {};
  if (open && order.placedAt && !order.paidAt && !order.shippedAt && !swept.paymentReminderAt) Object.assign(keys, { unpaidKey: key, unpaidSince: utc(order.placedAt) });
  if (open && order.paidAt && !order.shippedAt && !order.deliveredAt) Object.assign(keys, { unshippedKey: key, unshippedSince: utc(order.paidAt) });
  if (open && order.shippedAt && !order.deliveredAt && !swept.stalledAt) Object.assign(keys, { inTransitKey: key, transitDueAt: transitDueAt(order, transitHours) });
  if (open && order.deliveredAt && !swept.confirmReminderAt) Object.assign(keys, { deliveredKey: key, deliveredSince: utc(order.deliveredAt) });
  return keys;
}

/**
 * The index key of a delivered order for the revisit campaigns ("N days after delivery"): sharded per store, sorted
 * by the delivery's UTC time, so one local day is one key range. A cancelled order is not revisited.
 */
export function campaignIndexKeys(order: Order): { deliveredOnKey?: string; deliveredUtc?: string } {
  if (!order.deliveredAt || order.cancelledAt) return {};
  return { deliveredOnKey: `${order.storeId}#${shardOf(order.orderId)}`, deliveredUtc: utc(order.deliveredAt) };
}

/** Every derived index attribute of an order: recomputed on each write, so one whose condition ended disappears. */
export const orderIndexKeyNames = [...sweepKeyNames, 'deliveredOnKey', 'deliveredUtc'] as const;

