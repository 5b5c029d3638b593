import middy from '@middy/core';
import { z } from 'zod';
import { applyRow, decisionSchema, expireOpenTasks, rowStepSchema, type Decision, type RowApplier } from '../cases/apply-row.js';
import { changeCase, getCase, updateCase } from '../cases/case-repository.js';
import { keepReport } from '../cases/pending-reports.js';
import { parcelReportOf, registerReturnParcel } from '../cases/return-parcel.js';
import type { Case, CaseOutcome, HistoryEntry } from '../cases/case.js';
import { recordDispute } from '../customers/customer-repository.js';
import { recordOrderSpend } from '../customers/spend.js';
import { getOrder } from '../orders/order-repository.js';
import { recordCount } from '../shared/metrics.js';
import { parseWith } from '../shared/parse.js';
import { getStore } from '../stores/store-repository.js';
import { policyOf } from '../stores/policy.js';
import { factsOf } from '../tasks/decisions.js';
import { tellBuyerAbout } from './buyer-messages.js';
import { refundAmount } from './refund-amount.js';
import { assessEligibility, mustComeBack, returnShippingPayer } from './eligibility.js';
import { fulfilmentFromEnv } from './fulfilment.js';
import { invoiceIssuerFromEnv } from '../invoices/invoice-issuer.js';
import { settleInvoiceAfterRefund } from '../invoices/void-on-refund.js';
import { paymentProviderFromEnv } from './payment-provider.js';
import { STEPS, transitionOf, type Transition } from './transitions.js';

const stepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('checkEligibility'), caseId: z.string() }),
  rowStepSchema('transition'),
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


/** The details a decision carries into the case's history (and, for a refusal by rule, which rule and why). */
function detailsOf(row: Transition, aCase: Case, decision: Decision): Record<string, unknown> {
  const { decision: _action, by: _by, at: _at, ...details } = decision ?? { decision: '', by: '', at: '' };
  if (row.step !== STEPS.rejectIneligible) return details;
  const checked = aCase.history.find((entry) => entry.action === 'eligibility_checked');
  return { ...details, rule: checked?.rule, reason: checked?.reason, reasonZh: checked?.reasonZh };
}

/** What a decision sets on the case: an agreed amount, a revised request, the return parcel. */
function changesOf(row: Transition, aCase: Case, decision: Decision, at: string): Partial<Case> {
  const details = detailsOf(row, aCase, decision);
  const set: Partial<Case> = {};
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
  // Once the parcel is back (or the case is over) carrier updates no longer concern the case.
  if (row.to !== 'buyer_shipped' && aCase.returnTrackingKey && row.action !== 'first_scan') set.returnTrackingKey = undefined;
  if (row.to === 'closed') set.returnTrackingKey = undefined;
  return set;
}

/** How a closing row ends the case: refunds in part or in full are told apart by what was agreed. */
function outcomeOf(row: Transition, aCase: Case): CaseOutcome | undefined {
  if (row.step === STEPS.closeRefunded) return aCase.type === 'partial_refund' || aCase.partialRefund ? 'partially_refunded' : 'refunded';
  return row.outcome;
}

/** The work some transitions do before they are recorded; each is keyed by the case, so a retry repeats nothing. */
async function perform(row: Transition, aCase: Case, applies: Decision, at: string): Promise<Partial<Case>> {
  if (row.to === 'refunded') {
    const paid = aCase.refund?.status === 'succeeded' ? aCase.refund : undefined;
    const amount = paid?.amount ?? refundAmount(aCase, await getOrder(aCase.storeId, aCase.orderId));
    const reference = paid?.reference ?? (await payments.refund({ idempotencyKey: `refund-${aCase.caseId}`, orderId: aCase.orderId, amount, currency: 'CNY' })).reference;
    // The order's invoice is voided, and reissued for what is left (a retry repeats none of it).
    await settleInvoiceAfterRefund(invoices, { storeId: aCase.storeId, orderId: aCase.orderId, caseId: aCase.caseId, amount, at }, new Date(at));
    // The refund is on the order now: what the order counts towards the buyer's membership is recounted from it.
    const refunded = await getOrder(aCase.storeId, aCase.orderId);
    if (refunded) await recordOrderSpend(refunded, new Date(at));
    return paid ? {} : { refund: { status: 'succeeded', amount, reference: reference ?? '', at } };
  }
  if (row.action === 'ship_replacement' && !aCase.replacement) {
    const { shipmentId } = await fulfilment.shipReplacement({ idempotencyKey: `replacement-${aCase.caseId}`, orderId: aCase.orderId, items: aCase.items });
    return { replacement: { shipmentId, at } };
  }
  if (row.action === 'escalate' && aCase.buyerId) await recordDispute(aCase.storeId, aCase.buyerId, aCase.caseId);
  if (row.action === 'ship_return' && typeof applies?.trackingNo === 'string') {
    // A shipment an agent recorded (not reported by the storefront) must be findable by the carrier's updates too; what
    // the carrier said before anyone named the parcel waits on the case for the parcel's wait, which takes it at once.
    const early = await registerReturnParcel(aCase.caseId, aCase.storeId, applies.trackingNo);
    for (const report of early.flatMap((update) => parcelReportOf(update) ?? [])) await keepReport(aCase.caseId, report);
  }
  return {};
}

/** The after-sales rows, applied as every workflow applies its rows. */
const caseRows: RowApplier<Case, Transition> = {
  workflow: 'returns',
  rowOf: (state, aCase) => transitionOf(state, aCase.status, factsOf(aCase)),
  perform: async (row, aCase, applies, now) => ({ ...changesOf(row, aCase, applies, now.toISOString()), ...(await perform(row, aCase, applies, now.toISOString())) }),
  details: (row, changes, applies, aCase) => ({
    ...detailsOf(row, aCase, applies),
    ...(changes.refund ? { amount: changes.refund.amount, reference: changes.refund.reference } : {}),
    ...(changes.replacement ? { shipmentId: changes.replacement.shipmentId } : {}),
  }),
  outcome: (row, changed) => outcomeOf(row, changed),
  afterwards: async (row, updated, _applies, now) => tellBuyerAbout(row, updated, await getStore(updated.storeId), now),
  facts,
};

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
      return applyRow(caseRows, step, now);
    case 'recordFailedRefund': {
      const aCase = await mustGetCase(step.caseId);
      const amount = refundAmount(aCase, await getOrder(aCase.storeId, aCase.orderId));
      const error = [step.error.Error, step.error.Cause].filter(Boolean).join(': ') || 'the refund failed';
      const { changed } = await changeCase(step.caseId, (current) =>
        current.history.at(-1)?.action === 'refund_failed' ? undefined : { set: { refund: { status: 'failed' as const, amount, at, error } }, history: { at, by: 'system', action: 'refund_failed', amount, error } },
      );
      if (changed) recordCount('RefundFailures');
      return { status: aCase.status };
    }
    case 'recordRefundRetry': {
      if (step.by === 'timeout') await expireOpenTasks(step.caseId, at, 'retry_refund');
      const by = step.by ?? step.decision?.by ?? 'finance';
      const { changed } = await changeCase(step.caseId, (current) => (current.history.at(-1)?.action === 'refund_retried' ? undefined : { history: { at, by: by as HistoryEntry['by'], action: 'refund_retried' } }));
      // Finance's deadline decides too: the refund is tried again.
      if (changed && step.by === 'timeout') recordCount('AutomaticDecisions', { Workflow: 'returns' });
      return {};
    }
  }
}

/** The returns workflow's Lambda steps; each is idempotent, because Step Functions may run a step twice. */
export const handler = middy<unknown, Record<string, unknown>>().handler(async (event) => run(parseWith(stepSchema, event, 'returns step input'), new Date()));
