import type { Case } from '../cases/case.js';
import { isUnshipped, type Order } from '../orders/order.js';
import type { Policy } from '../stores/policy.js';
import { REFUND_FAILURE_WAIT, waits } from './transitions.js';

type DeadlineName = (typeof waits)[keyof typeof waits]['deadline'] | typeof REFUND_FAILURE_WAIT.deadline;

/**
 * What a returns execution starts with: the case, the facts its Choice states read, and the deadlines in force
 * when it was requested (a policy change does not move the deadlines of cases already open).
 */
export interface ReturnsWorkflowInput {
  caseId: string;
  storeId: string;
  type: Case['type'];
  trusted: boolean;
  deadlines: Record<DeadlineName, number>;
  /** The last decision a wait received (none yet) and the case's facts after the last transition. */
  decision: null;
  case: { status: Case['status']; partialRefund: false; replacementShipped: false };
}

/**
 * The store's time to decide is 24 h for a refund-only request on an order that has not shipped (then it is
 * refunded automatically) and 48 h for everything else (then it is agreed automatically); the other waits
 * take their deadlines from the policy as they are.
 */
export function buildReturnsWorkflowInput(aCase: Case, policy: Policy, order: Order | undefined): ReturnsWorkflowInput {
  const unshippedRefund = aCase.type === 'refund_only' && order !== undefined && isUnshipped(order);
  const rules = policy.returns;
  return {
    caseId: aCase.caseId,
    storeId: aCase.storeId,
    type: aCase.type,
    trusted: aCase.trusted === true,
    deadlines: {
      storeDecisionSeconds: unshippedRefund ? rules.unshippedRefundSeconds : rules.storeDecisionSeconds,
      buyerReviseSeconds: rules.buyerReviseSeconds,
      platformRulingSeconds: rules.platformRulingSeconds,
      buyerShipReturnSeconds: rules.buyerShipReturnSeconds,
      returnTransitSeconds: rules.returnTransitSeconds,
      storeConfirmReceiptSeconds: rules.storeConfirmReceiptSeconds,
      refundFailureSeconds: rules.refundFailureSeconds,
    },
    decision: null,
    case: { status: 'requested', partialRefund: false, replacementShipped: false },
  };
}
