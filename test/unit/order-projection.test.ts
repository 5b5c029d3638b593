import { describe, it, expect } from 'vitest';
import { applyOrderEvent, type Order, type OrderEvent } from '../../functions/orders/order.js';

const STORE = 'store-1';
const ORDER = 'order-1001';

const buyer = { id: 'buyer-7', name: 'Li Lei' };
const items = [{ sku: 'SKU-RED-M', name: 'Red shirt, M', quantity: 2, unitPrice: 9900 }];

/** An order event as the storefront sends it, occurring at the time its data names. */
function orderEvent<T extends OrderEvent['type']>(type: T, at: string, data: Omit<Extract<OrderEvent, { type: T }>['data'], 'orderId'>): OrderEvent {
  return { id: `evt-${type.slice('order.'.length)}`, type, occurredAt: at, data: { orderId: ORDER, ...data } } as unknown as OrderEvent;
}

const created = orderEvent('order.created', '2026-03-01T10:00:00+08:00', { buyer, items, total: 19800, placedAt: '2026-03-01T10:00:00+08:00' });
const paid = orderEvent('order.paid', '2026-03-01T10:05:00+08:00', { paidAt: '2026-03-01T10:05:00+08:00' });
const shipped = orderEvent('order.shipped', '2026-03-02T09:00:00+08:00', {
  carrier: 'SF Express',
  trackingNo: 'SF123456789',
  shippedAt: '2026-03-02T09:00:00+08:00',
});
const delivered = orderEvent('order.delivered', '2026-03-03T15:30:00+08:00', { deliveredAt: '2026-03-03T15:30:00+08:00' });
const completed = orderEvent('order.completed', '2026-03-10T15:30:00+08:00', { completedAt: '2026-03-10T15:30:00+08:00' });
const cancelled = orderEvent('order.cancelled', '2026-03-01T11:00:00+08:00', { cancelledAt: '2026-03-01T11:00:00+08:00' });

/** Folds events in the given order, recording the status after each one. */
function fold(events: OrderEvent[]): { order: Order; statuses: string[] } {
  let order: Order | undefined;
  const statuses: string[] = [];
  for (const event of events) {
    order = applyOrderEvent(STORE, order, event);
    statuses.push(order.status);
  }
  if (!order) throw new Error('no events');
  return { order, statuses };
}

const rank: Record<string, number> = { created: 0, paid: 1, shipped: 2, delivered: 3, completed: 4 };

describe('applyOrderEvent', () => {
  it('walks an in-order sequence through every status to completed', () => {
    const { order, statuses } = fold([created, paid, shipped, delivered, completed]);
    expect(statuses).toEqual(['created', 'paid', 'shipped', 'delivered', 'completed']);
    expect(order).toMatchObject({
      storeId: STORE,
      orderId: ORDER,
      status: 'completed',
      buyer,
      items,
      total: 19800,
      shippingInsurance: false,
      placedAt: '2026-03-01T10:00:00+08:00',
      paidAt: '2026-03-01T10:05:00+08:00',
      shippedAt: '2026-03-02T09:00:00+08:00',
      carrier: 'SF Express',
      trackingNo: 'SF123456789',
      deliveredAt: '2026-03-03T15:30:00+08:00',
      completedAt: '2026-03-10T15:30:00+08:00',
    });
    expect(order.cancelledAt).toBeUndefined();
  });

  it('keeps every fact when delivery arrives before shipment and creation, and never moves the status back', () => {
    const { order, statuses } = fold([delivered, shipped, created, paid]);
    expect(statuses).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    expect(order).toMatchObject({
      status: 'delivered',
      orderId: ORDER,
      buyer,
      items,
      total: 19800,
      placedAt: '2026-03-01T10:00:00+08:00',
      paidAt: '2026-03-01T10:05:00+08:00',
      shippedAt: '2026-03-02T09:00:00+08:00',
      carrier: 'SF Express',
      trackingNo: 'SF123456789',
      deliveredAt: '2026-03-03T15:30:00+08:00',
    });
    for (let i = 1; i < statuses.length; i += 1) {
      expect(rank[statuses[i] ?? ''] ?? -1).toBeGreaterThanOrEqual(rank[statuses[i - 1] ?? ''] ?? 99);
    }
  });

  it('leaves a delivered order delivered when a late order.paid arrives', () => {
    const { order } = fold([created, shipped, delivered]);
    expect(order.status).toBe('delivered');
    const after = applyOrderEvent(STORE, order, paid);
    expect(after.status).toBe('delivered');
    expect(after.paidAt).toBe('2026-03-01T10:05:00+08:00');
    expect(after.deliveredAt).toBe('2026-03-03T15:30:00+08:00');
  });

  it('does not replace a known fact with a redelivered, different one', () => {
    const { order } = fold([created, paid, delivered]);
    const redelivered = orderEvent('order.delivered', '2026-03-05T08:00:00+08:00', { deliveredAt: '2026-03-05T08:00:00+08:00' });
    expect(applyOrderEvent(STORE, order, redelivered).deliveredAt).toBe('2026-03-03T15:30:00+08:00');
  });

  it('does not mutate the order it is given', () => {
    const { order } = fold([created]);
    applyOrderEvent(STORE, order, paid);
    expect(order.status).toBe('created');
    expect(order.paidAt).toBeUndefined();
  });

  it('gives cancelled for a cancellation before shipment', () => {
    expect(fold([created, paid, cancelled]).order.status).toBe('cancelled');
    expect(fold([created, cancelled]).order).toMatchObject({ status: 'cancelled', cancelledAt: '2026-03-01T11:00:00+08:00' });
    // A cancellation that arrives before its order.created is still a cancellation.
    expect(fold([cancelled, created]).order.status).toBe('cancelled');
  });
});
