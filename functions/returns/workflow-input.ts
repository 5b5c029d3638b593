import type { Case } from '../cases/case.js';
import { isUnshipped, type Order } from '../orders/order.js';
import type { Policy } from '../stores/policy.js';

/** What a returns execution starts with: the case id and the deadlines in force when it was requested. */
export interface ReturnsWorkflowInput {
  caseId: string;
  storeId: string;
  type: Case['type'];
  deadlines: {
    storeDecisionSeconds: number;
  };
}

/**
 * The store's time to decide: 24 h for a refund-only request on an order that has not shipped (then it is
 * refunded automatically), 48 h for everything else (then it is agreed automatically) — both from the policy.
 */
export function buildReturnsWorkflowInput(aCase: Case, policy: Policy, order: Order | undefined): ReturnsWorkflowInput {
  const unshippedRefund = aCase.type === 'refund_only' && order !== undefined && isUnshipped(order);
  return {
    caseId: aCase.caseId,
    storeId: aCase.storeId,
    type: aCase.type,
    deadlines: { storeDecisionSeconds: unshippedRefund ? policy.returns.unshippedRefundSeconds : policy.returns.storeDecisionSeconds },
  };
}
