import middy from '@middy/core';
import { applyRow, rowStepSchema, type Decision, type RowApplier } from '../cases/apply-row.js';
import { getOrder, updateOrder } from '../orders/order-repository.js';
import { yuanOf } from '../notifications/render.js';
import { localTime, notifyBuyer } from '../returns/buyer-messages.js';
import { parseWith } from '../shared/parse.js';
import { policyOf } from '../stores/policy.js';
import { getStore } from '../stores/store-repository.js';
import { invoiceAmount, type InvoiceCase } from './invoice.js';
import { invoiceIssuerFromEnv } from './invoice-issuer.js';
import { localMonth } from '../shared/local-time.js';
import { invoiceTransitionOf, type InvoiceTransition } from './transitions.js';

const stepSchema = rowStepSchema('transition');

const issuer = invoiceIssuerFromEnv();


/** What a transition does besides moving the invoice: issue it, pack it, or note its batch. */
async function perform(row: InvoiceTransition, invoice: InvoiceCase, decision: Decision, now: Date): Promise<Partial<InvoiceCase>> {
  const at = now.toISOString();
  if (row.to === 'issued') {
    const order = await getOrder(invoice.storeId, invoice.orderId);
    const amount = invoiceAmount(order);
    const given = typeof decision?.invoiceNo === 'string' && row.actor === 'finance' ? decision.invoiceNo : undefined;
    const invoiceNo = given ?? (await issuer.issue({ idempotencyKey: `issue-${invoice.caseId}`, orderId: invoice.orderId, request: invoice.request, amount })).invoiceNo;
    // Before the parcel leaves the invoice goes inside; after, by post.
    const shipped = Boolean(order?.shippedAt ?? order?.deliveredAt ?? order?.completedAt);
    return { amount, invoiceNo, delivery: shipped ? 'postal_batch' : 'in_parcel' };
  }
  if (row.action === 'pack') {
    const text = `Put invoice ${invoice.invoiceNo} (${invoice.request.title}) in an envelope on top of the goods`;
    await updateOrder(invoice.storeId, invoice.orderId, (order) =>
      !order || order.packingInstructions?.some((instruction) => instruction.invoiceId === invoice.caseId)
        ? undefined
        : { ...order, invoiceIssued: true, packingInstructions: [...(order.packingInstructions ?? []), { invoiceId: invoice.caseId, text, at }] },
    );
  }
  if (row.action === 'post') return { batchMonth: localMonth(now, (await getStore(invoice.storeId))?.timezone ?? 'Asia/Shanghai') };
  if (row.action === 'mail' || row.action === 'delivered') {
    await updateOrder(invoice.storeId, invoice.orderId, (order) => (order && !order.invoiceIssued ? { ...order, invoiceIssued: true } : undefined));
  }
  return {};
}

/** Tells the buyer: issued (and how it comes), then asked to confirm once it has arrived. */
async function tellBuyer(row: InvoiceTransition, invoice: InvoiceCase, now: Date): Promise<void> {
  const store = await getStore(invoice.storeId);
  const locale = policyOf(store).messages.locale;
  const en = locale === 'en';
  if (row.action === 'pack' || row.action === 'post') {
    const delivery = row.action === 'pack' ? (en ? 'it will be in your parcel' : '将随包裹一起寄出') : en ? 'it will be posted to you with this month’s invoices' : '将于本月统一邮寄给您';
    await notifyBuyer(invoice, store, 'invoice.issued', { orderId: invoice.orderId, title: invoice.request.title, amount: yuanOf(invoice.amount ?? 0), delivery }, now);
  }
  if (row.to === 'delivered') {
    const dueAt = localTime(new Date(now.getTime() + policyOf(store).invoices.receiptConfirmSeconds * 1000), store, locale);
    await notifyBuyer(invoice, store, 'invoice.confirm_receipt', { orderId: invoice.orderId, dueAt }, now);
  }
}

/** The invoice's rows, applied as every workflow applies its rows. */
const invoiceRows: RowApplier<InvoiceCase, InvoiceTransition> = {
  workflow: 'invoices',
  rowOf: (state, invoice) => invoiceTransitionOf(state, invoice.status, invoice.delivery),
  perform: (row, invoice, applies, now) => perform(row, invoice, applies, now),
  details: (_row, changes) => changes,
  afterwards: (row, invoice, _applies, now) => tellBuyer(row, invoice, now),
  facts: (invoice) => ({ status: invoice.status, ...(invoice.delivery ? { delivery: invoice.delivery } : {}) }),
};

/** The invoices workflow's Lambda steps; each is idempotent, because Step Functions may run a step twice. */
export const handler = middy<unknown, Record<string, unknown>>().handler(async (event) => applyRow(invoiceRows, parseWith(stepSchema, event, 'invoice step input'), new Date()));
