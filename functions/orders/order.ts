import type { NativeEvent, NativeEventOf } from '../webhooks/native-events.js';

export const orderStatuses = ['created', 'paid', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

type OrderEventType = 'order.created' | 'order.paid' | 'order.shipped' | 'order.delivered' | 'order.completed' | 'order.cancelled';
export type OrderEvent = Extract<NativeEvent, { type: OrderEventType }>;

export interface Order {
  storeId: string;
  orderId: string;
  status: OrderStatus;
  buyer?: NativeEventOf<'order.created'>['data']['buyer'];
  items?: NativeEventOf<'order.created'>['data']['items'];
  total?: number;
  shippingInsurance?: boolean;
  placedAt?: string;
  paidAt?: string;
  shippedAt?: string;
  carrier?: string;
  trackingNo?: string;
  deliveredAt?: string;
  completedAt?: string;
  cancelledAt?: string;
  version: number;
}

/** Which timeline field marks each status; the status is the furthest one reached, so it never moves back. */
const statusMark: Record<OrderStatus, keyof Order> = {
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
  const order: Order = current ? { ...current } : { storeId, orderId: event.data.orderId, status: 'created', version: 0 };
  switch (event.type) {
    case 'order.created': {
      const { buyer, items, total, shippingInsurance, placedAt } = event.data;
      Object.assign(order, { buyer, items, total, shippingInsurance: shippingInsurance ?? false, placedAt });
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
  }
  order.status = deriveStatus(order);
  return order;
}

export function deriveStatus(order: Order): OrderStatus {
  if (order.cancelledAt && !order.shippedAt) return 'cancelled';
  const reached = orderStatuses.filter((status) => status !== 'cancelled' && order[statusMark[status]] !== undefined);
  return reached.at(-1) ?? 'created';
}
