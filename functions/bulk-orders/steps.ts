import middy from '@middy/core';
import type { z } from 'zod';
import { applyRow, expireOpenTasks, rowStepSchema, type Decision, type RowApplier } from '../cases/apply-row.js';
import { changeCase, getCase, updateCase } from '../cases/case-repository.js';
import type { HistoryEntry } from '../cases/case.js';
import { getCustomer } from '../customers/customer-repository.js';
import { yuanOf } from '../notifications/render.js';
import { getOrder, updateOrder } from '../orders/order-repository.js';
import { notifyBuyer } from '../returns/buyer-messages.js';
import { recordCount } from '../shared/metrics.js';
import { parseWith } from '../shared/parse.js';
import { policyOf } from '../stores/policy.js';
import { getStore } from '../stores/store-repository.js';
import { APPROVAL_STEPS, decideByRule, nextApproval, type Approval } from '../approvals/approval.js';
import type { BulkReviewCase, PerkRequestCase } from './bulk-case.js';
import { screenRisk } from './risk.js';
import { bulkTransitionOf, type BulkTransition } from './transitions.js';

const stepSchema = rowStepSchema('bulk', 'approval', 'perk');
type Step = z.output<typeof stepSchema>;
type Reviewed = BulkReviewCase | PerkRequestCase;


const approvalOf = (reviewed: Reviewed): Approval | undefined => (reviewed.type === 'bulk_review' ? reviewed.discount : reviewed.approval);

/** One step of the rules-then-approval pattern, on the discount of a bulk order or on a gift / free-shipping request. */
async function applyApproval(step: Step, reviewed: Reviewed, applies: Decision, now: Date): Promise<Record<string, unknown>> {
  const store = await getStore(reviewed.storeId);
  const rules = policyOf(store).approvals;
  const approval = approvalOf(reviewed);
  if (!approval) throw new Error(`case ${reviewed.caseId} has nothing to approve`);
  if (step.state === APPROVAL_STEPS.checkRules) return { status: reviewed.status, byRule: decideByRule(approval, rules).granted ? 'granted' : 'undecided' };
  const at = now.toISOString();
  if (step.by === 'timeout') await expireOpenTasks(reviewed.caseId, at, 'refuse');
  const next = nextApproval(step.state, approval, applies, rules);
  const history: HistoryEntry = { at, by: (next.by ?? 'rule') as HistoryEntry['by'], action: `approval_${next.status}`, step: step.state, value: next.value, ...(next.granted !== undefined ? { granted: next.granted } : {}) };
  // Decided once: a retried step finds the approval no longer pending.
  const { changed } =
    reviewed.type === 'bulk_review'
      ? await changeCase<BulkReviewCase>(reviewed.caseId, (current) => (current.discount?.status === 'pending' ? { set: { discount: next }, history } : undefined))
      : await changeCase<PerkRequestCase>(reviewed.caseId, (current) => (current.approval.status === 'pending' ? { set: { approval: next }, history } : undefined));
  if (changed && next.by === 'timeout') recordCount('AutomaticDecisions', { Workflow: reviewed.type === 'bulk_review' ? 'bulk-orders' : 'perks' });
  return { status: reviewed.status, approval: next.status };
}

/** Closes a gift or free-shipping request as its approval ended, and tells the buyer. */
async function closePerk(perk: PerkRequestCase, now: Date): Promise<Record<string, unknown>> {
  const at = now.toISOString();
  const outcome = perk.approval.status === 'granted' ? 'granted' : 'refused';
  const closed = await updateCase<PerkRequestCase>(perk.caseId, (current) =>
    current.status === 'closed' ? undefined : { set: { status: 'closed', outcome }, history: { at, by: 'rule', action: 'closed', outcome } },
  );
  const store = await getStore(perk.storeId);
  const en = policyOf(store).messages.locale === 'en';
  const what = perk.type === 'gift_request' ? (en ? 'gift' : '赠品') : en ? 'free shipping' : '包邮';
  await notifyBuyer(closed, store, outcome === 'granted' ? 'perk.granted' : 'perk.refused', { orderId: perk.orderId, what }, now);
  return { status: closed.status, outcome };
}

/** The work of a review's rows: screen the risk, record the discount asked, terminate, or agree the terms. */
async function performBulk(action: string, review: BulkReviewCase, applies: Decision, now: Date): Promise<Partial<BulkReviewCase>> {
  const store = await getStore(review.storeId);
  const policy = policyOf(store);
  const order = await getOrder(review.storeId, review.orderId);
  if (action === 'screen') {
    if (!order) throw new Error(`order ${review.orderId} is not known`);
    const customer = review.buyerId ? await getCustomer(review.storeId, review.buyerId) : undefined;
    return { risk: screenRisk(order, customer, review.questions, policy.bulkOrders, now) };
  }
  if (action === 'continue' && typeof applies?.discount === 'number') {
    return { discount: { kind: 'discount', value: applies.discount, orderTotal: order?.total ?? 0, status: 'pending' } };
  }
  if (action === 'terminate') {
    await updateOrder(review.storeId, review.orderId, (current) => (current && current.hold !== 'terminated' ? { ...current, hold: 'terminated' } : undefined));
    const reason = typeof applies?.reason === 'string' ? applies.reason : '';
    await notifyBuyer(review, store, 'bulk.terminated', { orderId: review.orderId, reason }, now);
    return { terminationReason: reason };
  }
  if (action === 'agree_terms') {
    const discount = review.discount?.status === 'granted' ? (review.discount.granted ?? 0) : 0;
    const amountDue = Math.max(0, (order?.total ?? 0) - discount);
    await updateOrder(review.storeId, review.orderId, (current) =>
      current && current.hold === 'bulk_review'
        ? { ...current, hold: undefined, agreedDiscount: { amount: discount, approvedBy: review.discount?.by ?? 'none', amountDue } }
        : undefined,
    );
    await notifyBuyer(review, store, 'bulk.terms_agreed', { orderId: review.orderId, amountDue: yuanOf(amountDue), discount: yuanOf(discount) }, now);
    return { amountDue };
  }
  return {};
}

/** The review's rows, applied as every workflow applies its rows. */
const bulkRows: RowApplier<BulkReviewCase, BulkTransition> = {
  workflow: 'bulk-orders',
  rowOf: (state, review) => bulkTransitionOf(state, review.status),
  perform: (row, review, applies, now) => performBulk(row.action, review, applies, now),
  details: (_row, changes) => (changes.risk ? { score: changes.risk.score, level: changes.risk.level } : {}),
  facts: async (review) => {
    const policy = policyOf(await getStore(review.storeId)).bulkOrders;
    return {
      status: review.status,
      discountRequested: review.discount !== undefined,
      // What a passed review deadline decides: never to go on with a high-risk order.
      afterReviewTimeout: policy.onReviewTimeout === 'continue_if_low_risk' && review.risk?.level === 'low' ? 'continue' : 'escalate',
    };
  },
};

async function run(step: Step, now: Date): Promise<Record<string, unknown>> {
  if (step.step === 'bulk') return applyRow(bulkRows, step, now);
  const reviewed = await getCase<Reviewed>(step.caseId);
  if (!reviewed) throw new Error(`case ${step.caseId} does not exist`);
  if (step.step === 'perk' && reviewed.type !== 'bulk_review') return closePerk(reviewed, now);
  // The state's input keeps the last decision; only the supervisor's recording steps apply it.
  const recordsDecision = step.by === undefined && (step.state === APPROVAL_STEPS.recordGranted || step.state === APPROVAL_STEPS.recordRefused);
  return applyApproval(step, reviewed, recordsDecision ? step.decision : null, now);
}

/** The steps of the bulk-order review and of gift / free-shipping requests; each is idempotent. */
export const handler = middy<unknown, Record<string, unknown>>().handler(async (event) => run(parseWith(stepSchema, event, 'bulk-order step input'), new Date()));
