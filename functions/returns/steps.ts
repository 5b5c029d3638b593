import middy from '@middy/core';
import { z } from 'zod';
import { getCase, updateCase } from '../cases/case-repository.js';
import { caseOutcomes, type Actor, type Case } from '../cases/case.js';
import { getOrder } from '../orders/order-repository.js';
import { parseWith } from '../shared/parse.js';
import { getStore } from '../stores/store-repository.js';
import { policyOf } from '../stores/policy.js';
import { closeTask, listTasksOfCase } from '../tasks/task-repository.js';
import { assessEligibility } from './eligibility.js';
import { paymentProviderFromEnv } from './payment-provider.js';
import { notifyBuyer } from './buyer-messages.js';
import { yuanOf } from '../notifications/render.js';
import type { Store } from '../stores/store.js';

const actor = z.custom<Actor>((value) => typeof value === 'string' && /^(buyer|store|platform|rule|timeout|system|agent:.+)$/.test(value), 'not a known actor');

const stepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('checkEligibility'), caseId: z.string() }),
  z.object({
    step: z.literal('recordStoreDecision'),
    caseId: z.string(),
    outcome: z.object({ decision: z.enum(['approve', 'reject']), by: actor, reason: z.string().optional() }),
  }),
  z.object({ step: z.literal('refund'), caseId: z.string() }),
  z.object({ step: z.literal('close'), caseId: z.string(), outcome: z.enum(caseOutcomes), reason: z.string().optional() }),
]);
type Step = z.output<typeof stepSchema>;

const payments = paymentProviderFromEnv();

/** Why the buyer was refused: the rule's or the store's own words, else a polite general reason. */
function rejectionReason(aCase: Case, store: Store | undefined): string {
  const stated = [...aCase.history].reverse().find((entry) => (entry.action === 'closed' || entry.action === 'rejected') && typeof entry.reason === 'string');
  if (stated) return String(stated.reason);
  return policyOf(store).messages.locale === 'en' ? 'it does not meet the after-sales conditions' : '不符合售后条件';
}

async function mustGetCase(caseId: string): Promise<Case> {
  const aCase = await getCase(caseId);
  if (!aCase) throw new Error(`case ${caseId} does not exist`);
  return aCase;
}

/** The refund amount: what the buyer asked for, else the price of the returned items. */
function refundAmount(aCase: Case, items: Array<{ sku: string; unitPrice: number }> | undefined): number {
  if (aCase.amount !== undefined) return aCase.amount;
  return aCase.items.reduce((sum, line) => sum + (items?.find((item) => item.sku === line.sku)?.unitPrice ?? 0) * line.quantity, 0);
}

async function run(step: Step, now: Date): Promise<Record<string, unknown>> {
  const at = now.toISOString();
  switch (step.step) {
    case 'checkEligibility': {
      const aCase = await mustGetCase(step.caseId);
      const [order, store] = await Promise.all([getOrder(aCase.storeId, aCase.orderId), getStore(aCase.storeId)]);
      const verdict = assessEligibility(aCase, order, policyOf(store));
      await updateCase(step.caseId, (current) =>
        current.history.some((entry) => entry.action === 'eligibility_checked')
          ? undefined
          : { history: { at, by: 'rule', action: 'eligibility_checked', ...verdict } },
      );
      return verdict;
    }
    case 'recordStoreDecision': {
      const { decision, by, reason } = step.outcome;
      if (by === 'timeout') {
        const open = (await listTasksOfCase(step.caseId)).filter((task) => task.status === 'open' && task.kind === 'store_decision');
        await Promise.all(open.map((task) => closeTask(task.taskId, 'expired', { at, decision, decidedBy: 'timeout' })));
      }
      const status = decision === 'approve' ? 'store_agreed' : 'store_rejected';
      const updated = await updateCase(step.caseId, (current) =>
        current.status === status
          ? undefined
          : { set: { status }, history: { at, by, action: decision === 'approve' ? 'agreed' : 'rejected', ...(reason ? { reason } : {}) } },
      );
      // A rejection is told to the buyer when the case closes, with its reason.
      if (decision === 'approve') await notifyBuyer(updated, await getStore(updated.storeId), 'aftersale.agreed', { orderId: updated.orderId }, now);
      return { status: updated.status };
    }
    case 'refund': {
      let aCase = await mustGetCase(step.caseId);
      // A retried step finds the refund recorded and only makes sure the buyer was told.
      if (!aCase.refund) {
        const order = await getOrder(aCase.storeId, aCase.orderId);
        const amount = refundAmount(aCase, order?.items);
        const { reference } = await payments.refund({ idempotencyKey: `refund-${aCase.caseId}`, orderId: aCase.orderId, amount, currency: 'CNY' });
        const refund = { status: 'succeeded' as const, amount, reference, at };
        aCase = await updateCase(step.caseId, (current) =>
          current.refund ? undefined : { set: { refund, status: 'refunded' }, history: { at, by: 'system', action: 'refunded', amount, reference } },
        );
      }
      const paid = aCase.refund;
      if (!paid) throw new Error(`case ${aCase.caseId} has no refund after paying it`);
      await notifyBuyer(aCase, await getStore(aCase.storeId), 'aftersale.refunded', { orderId: aCase.orderId, amount: yuanOf(paid.amount) }, now);
      return paid;
    }
    case 'close': {
      const updated = await updateCase(step.caseId, (current) =>
        current.status === 'closed'
          ? undefined
          : {
              set: { status: 'closed', outcome: step.outcome },
              history: { at, by: 'system', action: 'closed', outcome: step.outcome, ...(step.reason ? { reason: step.reason } : {}) },
            },
      );
      if (updated.outcome === 'rejected') {
        const store = await getStore(updated.storeId);
        await notifyBuyer(updated, store, 'aftersale.rejected', { orderId: updated.orderId, reason: rejectionReason(updated, store) }, now);
      }
      return { status: updated.status, outcome: updated.outcome };
    }
  }
}

/** The returns workflow's Lambda steps; each is idempotent, because Step Functions may run a step twice. */
export const handler = middy<unknown, Record<string, unknown>>().handler(async (event) =>
  run(parseWith(stepSchema, event, 'returns step input'), new Date()),
);
