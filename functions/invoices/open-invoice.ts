import { createCase, getCase, updateCase } from '../cases/case-repository.js';
import { getOrder, updateOrder } from '../orders/order-repository.js';
import type { Order } from '../orders/order.js';
import { notifyBuyer } from '../returns/buyer-messages.js';
import { startExecutionOnce } from '../shared/executions.js';
import { ENV } from '../shared/env.js';
import { logger } from '../shared/logger.js';
import { policyOf, type Policy } from '../stores/policy.js';
import type { Store } from '../stores/store.js';
import { invoiceIdFor, type InvoiceCase, type InvoiceRequest } from './invoice.js';
import { invoiceWaits } from './transitions.js';

/** What an invoices execution starts with: the invoice, whether it is issued at once, and the policy's deadlines. */
export function buildInvoicesWorkflowInput(invoice: InvoiceCase, policy: Policy) {
  const deadlines = Object.fromEntries(Object.values(invoiceWaits).map((wait) => [wait.deadline, policy.invoices[wait.deadline]]));
  return { caseId: invoice.caseId, storeId: invoice.storeId, autoIssue: policy.invoices.autoIssue, deadlines, decision: null, case: { status: invoice.status } };
}

/** Opens an invoice case, makes it the order's current invoice, and starts its workflow named by the invoice id. */
export async function startInvoice(invoice: InvoiceCase, store: Store | undefined): Promise<void> {
  await createCase(invoice);
  await updateOrder(invoice.storeId, invoice.orderId, (current) => (current && current.invoiceId !== invoice.caseId ? { ...current, invoiceId: invoice.caseId } : undefined));
  await startExecutionOnce(ENV.invoicesWorkflow, invoice.caseId, buildInvoicesWorkflowInput(invoice, policyOf(store)));
}

export function newInvoice(storeId: string, order: Order, request: InvoiceRequest, at: string, reissue?: { of: string; number: number }): InvoiceCase {
  return {
    caseId: invoiceIdFor(storeId, order.orderId, reissue?.number ?? 0),
    storeId,
    type: 'invoice',
    status: 'requested',
    orderId: order.orderId,
    ...(order.buyer?.id ? { buyerId: order.buyer.id } : {}),
    request,
    ...(reissue ? { reissueOf: reissue.of, reissueNumber: reissue.number } : {}),
    createdAt: at,
    updatedAt: at,
    history: [{ at, by: reissue ? 'rule' : 'buyer', action: reissue ? 'reissue_requested' : 'requested', ...(reissue ? { reissueOf: reissue.of } : {}) }],
    version: 1,
  };
}

/**
 * `invoice.requested`: one open invoice per order. A request for an order whose invoice is not issued yet updates
 * it (title, tax id, e-mail); once issued, a second request is refused, with the reason told to the buyer.
 */
export async function requestInvoice(storeId: string, orderId: string, request: InvoiceRequest, store: Store | undefined, now: Date): Promise<void> {
  const at = now.toISOString();
  const order = await getOrder(storeId, orderId);
  if (!order) throw new Error(`order ${orderId} is not known`);
  const current = order.invoiceId ? await getCase<InvoiceCase>(order.invoiceId) : undefined;
  if (!current) return startInvoice(newInvoice(storeId, order, request, at), store);
  if (JSON.stringify(current.request) === JSON.stringify(request)) return;
  if (current.status === 'requested') {
    await updateCase<InvoiceCase>(current.caseId, (latest) =>
      latest.status === 'requested' ? { set: { request }, history: { at, by: 'buyer', action: 'request_updated', title: request.title } } : undefined,
    );
    return;
  }
  const reason = policyOf(store).messages.locale === 'en' ? 'an invoice was already issued for this order' : '该订单的发票已开具，无法重复申请';
  logger.info('second invoice request refused', { invoiceId: current.caseId });
  const refused = await updateCase<InvoiceCase>(current.caseId, (latest) =>
    latest.history.some((entry) => entry.action === 'second_request_refused' && entry.requestedAt === request.requestedAt)
      ? undefined
      : { history: { at, by: 'rule', action: 'second_request_refused', requestedAt: request.requestedAt, reason } },
  );
  await notifyBuyer(refused, store, 'invoice.request_refused', { orderId, reason }, now, request.requestedAt);
}
