import middy from '@middy/core';
import { z } from 'zod';
import { getCase, updateCase, type CaseChange } from '../cases/case-repository.js';
import type { Case, CaseOutcome, HistoryEntry } from '../cases/case.js';
import { recordDispute } from '../customers/customer-repository.js';
import { getOrder } from '../orders/order-repository.js';
import { parseWith } from '../shared/parse.js';
import { getStore } from '../stores/store-repository.js';
import { policyOf } from '../stores/policy.js';
import { factsOf } from '../tasks/decisions.js';
import { closeTask, listTasksOfCase } from '../tasks/task-repository.js';
import { tellBuyerAbout } from './buyer-messages.js';
import { refundAmount } from './refund-amount.js';
import { assessEligibility, mustComeBack, returnShippingPayer } from './eligibility.js';
import { fulfilmentFromEnv } from './fulfilment.js';
import { invoiceIssuerFromEnv } from '../invoices/invoice-issuer.js';
import { settleInvoiceAfterRefund } from '../invoices/void-on-refund.js';
import { paymentProviderFromEnv } from './payment-provider.js';
import { matches, STEPS, transitionOf, type Transition } from './transitions.js';

/** A decision as a waiting state received it (functions/tasks/task.ts, TaskOutcome); null before the first. */
const decisionSchema = z.looseObject({ decision: z.string(), by: z.string(), at: z.string() }).nullable();
type Decision = z.output<typeof decisionSchema>;

const stepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('checkEligibility'), caseId: z.string() }),
  z.object({ step: z.literal('transition'), caseId: z.string(), state: z.string(), decision: decisionSchema, by: z.literal('timeout').optional() }),
  z.object({ step: z.literal('recordFailedRefund'), caseId: z.string(), error: z.looseObject({ Error: z.string().optional(), Cause: z.string().optional() }) }),
  z.object({ step: z.literal('recordRefundRetry'), caseId: z.string(), decision: decisionSchema.optional(), by: z.literal('timeout').optional() }),
]);
type Step = z.output<typeof stepSchema>;

const payments = paymentProviderFromEnv();
const fulfilment = fulfilmentFromEnv();
const invoices = invoiceIssuerFromEnv();

async function mustGetCase(caseId: string): Promise<Case> {
  const aCase = await getCase(caseId);
  if (!aCase) throw new Error(`case ${caseId} does not exist`);
  return aCase;
}

/** What a case must show a Choice state of the workflow after a transition. */
const facts = (aCase: Case) => ({ status: aCase.status, partialRefund: aCase.partialRefund === true, replacementShipped: aCase.replacement !== undefined });

/** A deadline decided: the task nobody completed is closed as expired, so the backlog shows what happened. */
async function expireOpenTasks(caseId: string, at: string, decision: string): Promise<void> {
  const open = (await listTasksOfCase(caseId)).filter((task) => task.status === 'open');
  await Promise.all(open.map((task) => closeTask(task.taskId, 'expired', { at, decision, decidedBy: 'timeout' })));
}

/** The details a decision carries onto the case and into its history. */
function changesOf(row: Transition, aCase: Case, decision: Decision, at: string): { set: CaseChange['set']; details: Record<string, unknown> } {
  const { decision: _action, by: _by, at: _at, ...details } = decision ?? { decision: '', by: '', at: '' };
  const set: CaseChange['set'] = {};
  const amount = typeof details.amount === 'number' ? details.amount : undefined;
  switch (row.action) {
    case 'approve':
      if (amount !== undefined && aCase.type === 'partial_refund') set.agreedAmount = amount;
      break;
    case 'revise':
      if (amount !== undefined) set.amount = amount;
      if (typeof details.note === 'string') set.note = details.note;
      break;
    case 'ship_return': {
      const trackingNo = String(details.trackingNo);
      set.returnShipment = { carrier: String(details.carrier), trackingNo, shippedAt: typeof details.shippedAt === 'string' ? details.shippedAt : at };
      set.returnTrackingKey = `${aCase.storeId}#${trackingNo}`;
      break;
    }
    case 'partial_refund':
      Object.assign(set, { agreedAmount: amount, partialRefund: true });
      break;
  }
  // A refusal by the eligibility rules says which rule refused and why.
  if (row.step === STEPS.rejectIneligible) {
    const checked = aCase.history.find((entry) => entry.action === 'eligibility_checked');
    Object.assign(details, { rule: checked?.rule, reason: checked?.reason, reasonZh: checked?.reasonZh });
  }
  // Once the parcel is back (or the case is over) carrier updates no longer concern the case.
  if (row.to !== 'buyer_shipped' && aCase.returnTrackingKey && row.action !== 'first_scan') set.returnTrackingKey = undefined;
  if (row.to === 'closed') set.returnTrackingKey = undefined;
  return { set, details };
}

/** How a closing row ends the case: refunds in part or in full are told apart by what was agreed. */
function outcomeOf(row: Transition, aCase: Case): CaseOutcome | undefined {
  if (row.step === STEPS.closeRefunded) return aCase.type === 'partial_refund' || aCase.partialRefund ? 'partially_refunded' : 'refunded';
  return row.outcome;
}

/** The work some transitions do before they are recorded; each is keyed by the case, so a retry repeats nothing. */
async function perform(row: Transition, aCase: Case, at: string): Promise<CaseChange['set']> {
  if (row.to === 'refunded') {
    const paid = aCase.refund?.status === 'succeeded' ? aCase.refund : undefined;
    const amount = paid?.amount ?? refundAmount(aCase, await getOrder(aCase.storeId, aCase.orderId));
    const reference = paid?.reference ?? (await payments.refund({ idempotencyKey: `refund-${aCase.caseId}`, orderId: aCase.orderId, amount, currency: 'CNY' })).reference;
    // The order's invoice is voided, and reissued for what is left (a retry repeats none of it).
    await settleInvoiceAfterRefund(invoices, { storeId: aCase.storeId, orderId: aCase.orderId, caseId: aCase.caseId, amount, at }, new Date(at));
    return paid ? {} : { refund: { status: 'succeeded', amount, reference: reference ?? '', at } };
  }
  if (row.action === 'ship_replacement' && !aCase.replacement) {
    const { shipmentId } = await fulfilment.shipReplacement({ idempotencyKey: `replacement-${aCase.caseId}`, orderId: aCase.orderId, items: aCase.items });
    return { replacement: { shipmentId, at } };
  }
  if (row.action === 'escalate' && aCase.buyerId) await recordDispute(aCase.storeId, aCase.buyerId, aCase.caseId);
  return {};
}

/**
 * Applies the row of the transition table that this workflow state stands for. A retried step finds its row
 * already applied (the case left the row's state, or its condition no longer holds) and changes nothing.
 */
async function applyTransition(step: Extract<Step, { step: 'transition' }>, now: Date): Promise<ReturnType<typeof facts>> {
  const at = now.toISOString();
  const aCase = await mustGetCase(step.caseId);
  const row = transitionOf(step.state, aCase.status, factsOf(aCase));
  if (!row) {
    if (aCase.lastStep === step.state) return facts(aCase);
    throw new Error(`"${step.state}" does not apply to case ${aCase.caseId} in state ${aCase.status}`);
  }
  // The state's input keeps the last decision; it is this row's only when the row is someone's decision.
  const applies = step.by === undefined && row.actor !== 'rule' ? step.decision : null;
  const by = step.by ?? (row.actor === 'rule' ? 'rule' : (applies?.by ?? row.actor));
  if (step.by === 'timeout') await expireOpenTasks(aCase.caseId, at, row.action);
  const done = await perform(row, aCase, at);
  const { set, details } = changesOf(row, aCase, applies, at);
  const outcome = outcomeOf(row, { ...aCase, ...set });
  let applied = false;
  const updated = await updateCase(step.caseId, (current) => {
    if (current.status !== row.from || !matches(row.when, factsOf(current))) return undefined;
    applied = true;
    const entry: HistoryEntry = { at, by: by as HistoryEntry['by'], action: row.action, step: row.step, from: row.from, to: row.to, ...details };
    if (done?.refund) Object.assign(entry, { amount: done.refund.amount, reference: done.refund.reference });
    if (done?.replacement) entry.shipmentId = done.replacement.shipmentId;
    if (outcome) entry.outcome = outcome;
    return { set: { ...set, ...done, status: row.to, lastStep: row.step, ...(outcome ? { outcome } : {}) }, history: entry };
  });
  if (applied) await tellBuyerAbout(row, updated, await getStore(updated.storeId), now);
  return facts(updated);
}

async function run(step: Step, now: Date): Promise<Record<string, unknown>> {
  const at = now.toISOString();
  switch (step.step) {
    case 'checkEligibility': {
      const aCase = await mustGetCase(step.caseId);
      const [order, store] = await Promise.all([getOrder(aCase.storeId, aCase.orderId), getStore(aCase.storeId)]);
      const verdict = assessEligibility(aCase, order, policyOf(store));
      const shippingPaidBy = returnShippingPayer(aCase, order);
      await updateCase(step.caseId, (current) =>
        current.history.some((entry) => entry.action === 'eligibility_checked')
          ? undefined
          : { set: { eligible: verdict.eligible, shippingPaidBy, mustReturn: mustComeBack(aCase, order) }, history: { at, by: 'rule', action: 'eligibility_checked', ...verdict, shippingPaidBy } },
      );
      return verdict;
    }
    case 'transition':
      return applyTransition(step, now);
    case 'recordFailedRefund': {
      const aCase = await mustGetCase(step.caseId);
      const amount = refundAmount(aCase, await getOrder(aCase.storeId, aCase.orderId));
      const error = [step.error.Error, step.error.Cause].filter(Boolean).join(': ') || 'the refund failed';
      await updateCase(step.caseId, (current) =>
        current.history.at(-1)?.action === 'refund_failed' ? undefined : { set: { refund: { status: 'failed' as const, amount, at, error } }, history: { at, by: 'system', action: 'refund_failed', amount, error } },
      );
      return { status: aCase.status };
    }
    case 'recordRefundRetry': {
      if (step.by === 'timeout') await expireOpenTasks(step.caseId, at, 'retry_refund');
      const by = step.by ?? step.decision?.by ?? 'finance';
      await updateCase(step.caseId, (current) => (current.history.at(-1)?.action === 'refund_retried' ? undefined : { history: { at, by: by as HistoryEntry['by'], action: 'refund_retried' } }));
      return {};
    }
  }
}

/** The returns workflow's Lambda steps; each is idempotent, because Step Functions may run a step twice. */
export const handler = middy<unknown, Record<string, unknown>>().handler(async (event) => run(parseWith(stepSchema, event, 'returns step input'), new Date()));
