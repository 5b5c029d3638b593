import type { Case } from '../cases/case.js';
import { isUnshipped, type Order } from '../orders/order.js';
import type { Policy } from '../stores/policy.js';

export type Eligibility = { eligible: true; rule: string } | { eligible: false; rule: string; reason: string };

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: Date) => (to.getTime() - new Date(from).getTime()) / DAY_MS;

/**
 * Whether a request may go to the store at all, from the store's policy (DOMAIN.md, "Eligibility").
 * The answer names the rule that decided, so a refusal can be explained to the buyer.
 */
export function assessEligibility(aCase: Pick<Case, 'type' | 'reason' | 'requestedAt'>, order: Order | undefined, policy: Policy): Eligibility {
  if (!order) return { eligible: false, rule: 'order-known', reason: 'the order is not known to the store' };
  if (order.status === 'cancelled') return { eligible: false, rule: 'order-active', reason: 'the order was cancelled' };
  const requestedAt = new Date(aCase.requestedAt);
  if (aCase.type === 'refund_only' && isUnshipped(order)) return { eligible: true, rule: 'unshipped-refund' };
  if (aCase.reason === 'no_reason') {
    if (!order.deliveredAt) return { eligible: false, rule: 'no-reason-window', reason: 'a no-reason return starts once the order is delivered' };
    const days = daysBetween(order.deliveredAt, requestedAt);
    return days <= policy.returns.noReasonReturnDays
      ? { eligible: true, rule: 'no-reason-window' }
      : {
          eligible: false,
          rule: 'no-reason-window',
          reason: `requested ${Math.floor(days)} days after delivery; no-reason returns are accepted within ${policy.returns.noReasonReturnDays} days`,
        };
  }
  const start = order.completedAt ?? order.deliveredAt;
  if (!start) return { eligible: true, rule: 'quality-window' };
  const days = daysBetween(start, requestedAt);
  return days <= policy.returns.qualityReturnDays
    ? { eligible: true, rule: 'quality-window' }
    : {
        eligible: false,
        rule: 'quality-window',
        reason: `requested ${Math.floor(days)} days after receipt; quality claims are accepted within ${policy.returns.qualityReturnDays} days`,
      };
}
