import { enqueueMessage } from '../notifications/outbox.js';
import type { Order } from '../orders/order.js';
import { policyOf } from '../stores/policy.js';
import { getStoreCached } from '../stores/store-repository.js';
import { updateCustomer } from './customer-repository.js';
import { netSpendOf, recountSpend, spendCause, tierChangedVariables } from './membership.js';

/**
 * An order's spend counted on its buyer's file, after whatever changed it: its completion (`order.completed`, or its
 * `order.created` arriving after that) or a refund (`order.refunded`, or the returns workflow's refund). Both refund
 * paths record the refund on the order first, so the order's own net is what counts: a redelivery or a retried step
 * recounts the same amount and changes nothing. A tier change is told to the buyer, once for the spend change that
 * caused it — also when an earlier attempt changed the tier and failed before the message was queued.
 */
export async function recordOrderSpend(order: Order, now: Date): Promise<void> {
  const net = netSpendOf(order);
  const buyerId = order.buyer?.id;
  if (net === undefined || !buyerId) return;
  const policy = policyOf(await getStoreCached(order.storeId, now));
  const customer = await updateCustomer(order.storeId, buyerId, (current) => recountSpend(current, order.orderId, net, policy.membership, now.toISOString()));
  const change = customer.tierChange;
  if (!change || change.cause !== spendCause(order.orderId, net)) return;
  await enqueueMessage({
    storeId: order.storeId,
    buyerId,
    template: 'membership.tier_changed',
    locale: policy.messages.locale,
    variables: tierChangedVariables(change.to, policy.messages.locale, policy.membership),
    dedupKey: `membership#${buyerId}#${change.to}#${change.cause}`,
    now,
  });
}
