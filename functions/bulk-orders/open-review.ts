import { createCase } from '../cases/case-repository.js';
import { updateOrder } from '../orders/order-repository.js';
import type { Order } from '../orders/order.js';
import { startExecutionOnce } from '../shared/executions.js';
import { ENV } from '../shared/env.js';
import { policyOf } from '../stores/policy.js';
import type { Store } from '../stores/store.js';
import { APPROVAL_WAIT } from '../approvals/approval.js';
import { bulkReviewIdFor, perkRequestIdFor, type BulkReviewCase, type PerkRequestCase } from './bulk-case.js';
import { bulkWaits } from './transitions.js';

/** The deadlines of every wait of a workflow, from the policy section that holds them. */
const deadlinesOf = (section: Record<string, unknown>, names: string[]) => Object.fromEntries(names.map((name) => [name, section[name]]));

/**
 * Opens the review of a bulk order (flagged by the thresholds or by an agent), holds its fulfilment, and starts the
 * review workflow named by the case. Repeating it changes nothing.
 */
export async function openBulkReview(order: Order, signals: string[], flaggedBy: string, questions: string, store: Store | undefined, now: Date): Promise<BulkReviewCase> {
  const at = now.toISOString();
  const policy = policyOf(store);
  const review: BulkReviewCase = {
    caseId: bulkReviewIdFor(order.storeId, order.orderId),
    storeId: order.storeId,
    type: 'bulk_review',
    status: 'detected',
    orderId: order.orderId,
    ...(order.buyer?.id ? { buyerId: order.buyer.id } : {}),
    signals,
    flaggedBy,
    questions,
    createdAt: at,
    updatedAt: at,
    history: [{ at, by: flaggedBy === 'rule' ? 'rule' : (`agent:${flaggedBy}` as const), action: 'detected', signals }],
    version: 1,
  };
  await createCase(review);
  await updateOrder(order.storeId, order.orderId, (current) => (current && !current.hold && !current.agreedDiscount ? { ...current, hold: 'bulk_review' } : undefined));
  const deadlines = { ...deadlinesOf(policy.bulkOrders, Object.values(bulkWaits).map((wait) => wait.deadline)), [APPROVAL_WAIT.deadline]: policy.approvals.approvalSeconds };
  await startExecutionOnce(ENV.bulkOrdersWorkflow, review.caseId, { caseId: review.caseId, storeId: review.storeId, deadlines, decision: null, case: { status: review.status } });
  return review;
}

/** Opens a gift or free-shipping request and starts its rules-then-approval workflow. */
export async function openPerkRequest(
  storeId: string,
  request: { requestId: string; orderId: string; kind: 'gift' | 'free_shipping'; item?: string; value: number },
  order: Order | undefined,
  store: Store | undefined,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const perk: PerkRequestCase = {
    caseId: perkRequestIdFor(storeId, request.requestId),
    storeId,
    type: request.kind === 'gift' ? 'gift_request' : 'free_shipping_request',
    status: 'requested',
    orderId: request.orderId,
    ...(order?.buyer?.id ? { buyerId: order.buyer.id } : {}),
    requestId: request.requestId,
    ...(request.item ? { item: request.item } : {}),
    approval: { kind: request.kind, value: request.value, orderTotal: order?.total ?? 0, status: 'pending' },
    createdAt: at,
    updatedAt: at,
    history: [{ at, by: 'buyer', action: 'requested', kind: request.kind, value: request.value }],
    version: 1,
  };
  await createCase(perk);
  await startExecutionOnce(ENV.perksWorkflow, perk.caseId, { caseId: perk.caseId, storeId, deadlines: { [APPROVAL_WAIT.deadline]: policyOf(store).approvals.approvalSeconds }, decision: null, case: { status: perk.status } });
}
