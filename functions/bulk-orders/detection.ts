import type { Order } from '../orders/order.js';
import type { Policy } from '../stores/policy.js';

/**
 * Why an order is a bulk order under the store's thresholds (DOMAIN.md, "Bulk (large) orders"): many units of one
 * SKU, a large amount, or many lines. Empty when it is not.
 */
export function bulkSignals(order: Pick<Order, 'items' | 'total'>, policy: Policy['bulkOrders']): string[] {
  const items = order.items ?? [];
  const signals: string[] = [];
  const most = items.reduce((best, item) => (item.quantity > (best?.quantity ?? 0) ? item : best), items[0]);
  if (most && most.quantity >= policy.minQuantityOfOneSku) signals.push(`${most.quantity} × ${most.sku} (threshold ${policy.minQuantityOfOneSku})`);
  if ((order.total ?? 0) >= policy.minTotal) signals.push(`total ${(order.total ?? 0) / 100} CNY (threshold ${policy.minTotal / 100})`);
  if (items.length >= policy.minLines) signals.push(`${items.length} lines (threshold ${policy.minLines})`);
  return signals;
}
