import { getCase, updateCase } from '../cases/case-repository.js';
import { getOrder, updateOrder } from '../orders/order-repository.js';
import { yuanOf } from '../notifications/render.js';
import { notifyBuyer } from '../returns/buyer-messages.js';
import { policyOf } from '../stores/policy.js';
import { getStore } from '../stores/store-repository.js';
import { completeTaskUnlessDecided } from '../tasks/complete-task.js';
import { listTasksOfCase } from '../tasks/task-repository.js';
import { invoiceAmount, type InvoiceCase } from './invoice.js';
import type { InvoiceIssuer } from './invoice-issuer.js';
import { newInvoice, startInvoice } from './open-invoice.js';

/**
 * A refund of an order closed (the returns workflow calls this from its refund step): the refund is counted on
 * the order; an issued invoice is voided with a red-letter reversal and, when something is left to pay for,
 * reissued for the rest (DOMAIN.md, "Invoices"). Every part is keyed, so the refund step may run it again.
 */
export async function settleInvoiceAfterRefund(
  issuer: InvoiceIssuer,
  refund: { storeId: string; orderId: string; caseId: string; amount: number; at: string },
  now: Date,
): Promise<void> {
  const order = await updateOrder(refund.storeId, refund.orderId, (current) =>
    !current || current.refunds?.some((counted) => counted.refundId === refund.caseId)
      ? undefined
      : { ...current, refunds: [...(current.refunds ?? []), { refundId: refund.caseId, amount: refund.amount, refundedAt: refund.at }] },
  );
  const invoice = order?.invoiceId ? await getCase<InvoiceCase>(order.invoiceId) : undefined;
  // Not issued yet: it will be issued for what is left. Voided by this very refund: only the reissue may be missing.
  if (!invoice || !order || invoice.status === 'requested' || invoice.status === 'issued') return;
  if (invoice.outcome === 'voided' && invoice.voided?.refundCaseId !== refund.caseId) return;
  const at = now.toISOString();
  const amount = invoice.amount ?? 0;
  const { invoiceNo: redInvoiceNo } = await issuer.reverse({
    idempotencyKey: `red-${invoice.caseId}`,
    orderId: invoice.orderId,
    request: invoice.request,
    amount,
    invoiceNo: invoice.invoiceNo ?? '',
  });
  const voided = await updateCase<InvoiceCase>(invoice.caseId, (current) =>
    current.outcome === 'voided'
      ? undefined
      : {
          set: { status: 'closed', outcome: 'voided', voided: { at, redInvoiceNo, refundCaseId: refund.caseId } },
          history: { at, by: 'rule', action: 'void', refundCaseId: refund.caseId, redInvoiceNo, amount: -amount },
        },
  );
  // The invoice's workflow, if it still waits, ends as voided.
  for (const task of (await listTasksOfCase(invoice.caseId)).filter((candidate) => candidate.status === 'open')) {
    await completeTaskUnlessDecided(task, { decision: 'void', by: 'rule', at });
  }
  const store = await getStore(refund.storeId);
  const left = invoiceAmount(await getOrder(refund.storeId, refund.orderId));
  const en = policyOf(store).messages.locale === 'en';
  if (left > 0) {
    const number = (invoice.reissueNumber ?? 0) + 1;
    await startInvoice(newInvoice(refund.storeId, order, invoice.request, at, { of: invoice.caseId, number }), store);
  }
  const next = left > 0 ? (en ? `; a new invoice for the remaining ¥${yuanOf(left)} will be issued` : `，剩余金额 ¥${yuanOf(left)} 的发票将重新开具`) : '';
  await notifyBuyer(voided, store, 'invoice.voided', { orderId: refund.orderId, next }, now);
}
