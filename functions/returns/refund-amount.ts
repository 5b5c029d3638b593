import type { Case } from '../cases/case.js';
import type { Order } from '../orders/order.js';

/**
 * The refund amount: an agreed amount (partial refund), else what the buyer asked for, else the price of the
 * returned lines (all lines when the request names none), never more than the order's total.
 */
export function refundAmount(aCase: Case, order: Order | undefined): number {
  const items = order?.items ?? [];
  const lines = aCase.items.length ? aCase.items : items.map(({ sku, quantity }) => ({ sku, quantity }));
  const priced = lines.reduce((sum, line) => sum + (items.find((item) => item.sku === line.sku)?.unitPrice ?? 0) * line.quantity, 0);
  const amount = aCase.agreedAmount ?? aCase.amount ?? priced;
  return order?.total !== undefined ? Math.min(amount, order.total) : amount;
}
