import { createCase } from '../cases/case-repository.js';
import type { Order } from '../orders/order.js';
import { caseIdFor, type Case } from '../cases/case.js';
import { startExecutionOnce } from '../shared/executions.js';
import { ENV } from '../shared/env.js';
import { policyOf } from '../stores/policy.js';
import type { Store } from '../stores/store.js';
import { localTime, notifyBuyer } from './buyer-messages.js';
import type { NativeEventOf } from '../webhooks/native-events.js';
import { buildReturnsWorkflowInput } from './workflow-input.js';
import { getCustomer, recordCase } from '../customers/customer-repository.js';
import { trustScore } from '../customers/trust.js';

export function buildCase(storeId: string, request: NativeEventOf<'aftersale.requested'>['data'], order: Order | undefined, now: Date): Case {
  const at = now.toISOString();
  return {
    caseId: caseIdFor('as', storeId, request.requestId),
    storeId,
    type: request.type,
    status: 'requested',
    orderId: request.orderId,
    ...(order?.buyer?.id ? { buyerId: order.buyer.id } : {}),
    requestId: request.requestId,
    reason: request.reason,
    items: request.items,
    ...(request.amount !== undefined ? { amount: request.amount } : {}),
    ...(request.note !== undefined ? { note: request.note } : {}),
    requestedAt: request.requestedAt,
    createdAt: at,
    updatedAt: at,
    history: [{ at, by: 'buyer', action: 'requested', type: request.type, reason: request.reason }],
    version: 1,
  };
}

/**
 * Opens the case for an after-sales request and starts its workflow, named by the case id.
 * Both steps tolerate repetition, so a redelivered or retried event converges on one case and one execution.
 */
export async function openAftersaleCase(
  storeId: string,
  request: NativeEventOf<'aftersale.requested'>['data'],
  store: Store | undefined,
  order: Order | undefined,
  now: Date,
): Promise<Case> {
  const buyerId = order?.buyer?.id;
  const opened = buildCase(storeId, request, order, now);
  // Trust is judged on the record without this request (a redelivery finds it recorded), and fixed for the case.
  const customer = buyerId ? await getCustomer(storeId, buyerId) : undefined;
  customer?.caseIds.delete(opened.caseId);
  const trust = trustScore(customer, policyOf(store).returns.trust, now);
  const aCase = { ...opened, trusted: trust.trusted, trustScore: trust.score };
  if (buyerId) await recordCase(storeId, buyerId, aCase.caseId);
  const input = buildReturnsWorkflowInput(aCase, policyOf(store), order);
  await createCase(aCase);
  // The outbox keeps one message per case and template, so a retry after a failure here sends nothing twice.
  const dueAt = new Date(now.getTime() + input.deadlines.storeDecisionSeconds * 1000);
  const locale = policyOf(store).messages.locale;
  await notifyBuyer(aCase, store, 'aftersale.received', { orderId: aCase.orderId, dueAt: localTime(dueAt, store, locale) }, now);
  await startExecutionOnce(ENV.returnsWorkflow, aCase.caseId, input);
  return aCase;
}
