import { lastMovementOf, type Order } from '../orders/order.js';
import { transitHoursOf, type Policy } from '../stores/policy.js';
import type { DueList } from './due-orders.js';

const hoursBetween = (from: string, to: Date) => Math.floor((to.getTime() - Date.parse(from)) / 3_600_000);

/** What the morning's sweep does about one due order, and what the report says of it. */
export type OrderAction =
  | { action: 'payment_reminder'; orderId: string; buyerId?: string; placedAt: string; hoursWaiting: number }
  | { action: 'late_shipment'; orderId: string; buyerId?: string; paidAt: string; hoursSincePayment: number }
  | { action: 'stalled_parcel'; orderId: string; buyerId?: string; carrier: string; trackingNo: string; lastMovementAt: string; hoursSilent: number }
  | { action: 'receipt_extended'; orderId: string; buyerId?: string; carrier: string; trackingNo: string; hoursInTransit: number; days: number }
  | { action: 'confirm_reminder'; orderId: string; buyerId?: string; deliveredAt: string; daysSinceDelivery: number };

export interface ShipSoon {
  orderId: string;
  paidAt: string;
  hoursSincePayment: number;
  /** When it becomes a late shipment. */
  lateAt: string;
}

export interface OrderSweepPlan {
  /** Paid, not shipped, not yet late: the warehouse still has time (the list is made 48 h before the deadline). */
  shipSoon: ShipSoon[];
  actions: OrderAction[];
}

/**
 * Decides, from the orders due on each list, what the sweep does (DOMAIN.md, "In-sale watch"): a payment reminder;
 * the ship-soon list, and a late shipment for an agent; a stalled parcel (no carrier update for longer than the
 * carrier's normal time) for an agent, or, for a parcel slow but still moving, more time for the buyer to confirm
 * receipt; a reminder to confirm a delivered order. Pure: the same orders at the same moment give the same plan.
 */
export function planOrderSweep(due: Record<DueList, Order[]>, now: Date, policy: Policy['sweep']): OrderSweepPlan {
  const shipSoon: ShipSoon[] = [];
  const actions: OrderAction[] = [];
  const buyer = (order: Order) => (order.buyer?.id ? { buyerId: order.buyer.id } : {});
  for (const order of due.unpaid) {
    if (order.placedAt) actions.push({ action: 'payment_reminder', orderId: order.orderId, ...buyer(order), placedAt: order.placedAt, hoursWaiting: hoursBetween(order.placedAt, now) });
  }
  for (const order of due.unshipped) {
    if (!order.paidAt) continue;
    const hoursSincePayment = hoursBetween(order.paidAt, now);
    if (hoursSincePayment >= policy.lateShipmentHours) actions.push({ action: 'late_shipment', orderId: order.orderId, ...buyer(order), paidAt: order.paidAt, hoursSincePayment });
    else shipSoon.push({ orderId: order.orderId, paidAt: order.paidAt, hoursSincePayment, lateAt: new Date(Date.parse(order.paidAt) + policy.lateShipmentHours * 3_600_000).toISOString() });
  }
  for (const order of due.inTransit) {
    const lastMovementAt = lastMovementOf(order);
    if (!lastMovementAt || !order.shippedAt) continue;
    const parcel = { orderId: order.orderId, ...buyer(order), carrier: order.carrier ?? '', trackingNo: order.trackingNo ?? '' };
    const hoursSilent = hoursBetween(lastMovementAt, now);
    if (hoursSilent >= transitHoursOf(policy, order.carrier)) actions.push({ action: 'stalled_parcel', ...parcel, lastMovementAt, hoursSilent });
    else actions.push({ action: 'receipt_extended', ...parcel, hoursInTransit: hoursBetween(order.shippedAt, now), days: policy.receiptExtensionDays });
  }
  for (const order of due.delivered) {
    if (order.deliveredAt) actions.push({ action: 'confirm_reminder', orderId: order.orderId, ...buyer(order), deliveredAt: order.deliveredAt, daysSinceDelivery: Math.floor(hoursBetween(order.deliveredAt, now) / 24) });
  }
  shipSoon.sort((a, b) => a.lateAt.localeCompare(b.lateAt));
  return { shipSoon, actions };
}
