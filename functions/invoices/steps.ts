import middy from '@middy/core';
import { z } from 'zod';
import { getCase, updateCase } from '../cases/case-repository.js';
import type { HistoryEntry } from '../cases/case.js';
import { getOrder, updateOrder } from '../orders/order-repository.js';
import { yuanOf } from '../notifications/render.js';
import { localTime, notifyBuyer } from '../returns/buyer-messages.js';
import { parseWith } from '../shared/parse.js';
import { closeTask, listTasksOfCase } from '../tasks/task-repository.js';
import { policyOf } from '../stores/policy.js';
import { getStore } from '../stores/store-repository.js';
import { invoiceAmount, type InvoiceCase } from './invoice.js';
import { invoiceIssuerFromEnv } from './invoice-issuer.js';
import { invoiceTransitionOf, type InvoiceTransition } from './transitions.js';

const stepSchema = z.object({
  step: z.literal('transition'),
  caseId: z.string(),
  state: z.string(),
  decision: z.looseObject({ decision: z.string(), by: z.string(), at: z.string() }).nullable(),
  by: z.literal('timeout').optional(),
});
type Step = z.output<typeof stepSchema>;

const issuer = invoiceIssuerFromEnv();

/** The month (YYYY-MM) it is in the store's time zone: the postal batch an invoice joins. */
const monthIn = (at: Date, timezone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit' }).format(at).slice(0, 7);

/** What a transition does besides moving the invoice: issue it, pack it, or note its batch. */
async function perform(row: InvoiceTransition, invoice: InvoiceCase, decision: Step['decision'], now: Date): Promise<Partial<InvoiceCase>> {
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
  if (row.action === 'post') return { batchMonth: monthIn(now, (await getStore(invoice.storeId))?.timezone ?? 'Asia/Shanghai') };
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

/** Applies the invoice transition this workflow state stands for; a retried step finds it applied and does nothing. */
async function applyTransition(step: Step, now: Date): Promise<{ status: string; delivery?: string }> {
  const at = now.toISOString();
  const invoice = await getCase<InvoiceCase>(step.caseId);
  if (!invoice) throw new Error(`invoice ${step.caseId} does not exist`);
  const row = invoiceTransitionOf(step.state, invoice.status, invoice.delivery);
  // A refund may have voided the invoice while it waited: the workflow only closes what is already closed.
  if (!row || (invoice.status === 'closed' && invoice.outcome === 'voided')) {
    if (invoice.lastStep === step.state || invoice.status === 'closed') return { status: invoice.status, ...(invoice.delivery ? { delivery: invoice.delivery } : {}) };
    throw new Error(`"${step.state}" does not apply to invoice ${invoice.caseId} in state ${invoice.status}`);
  }
  if (step.by === 'timeout') {
    const open = (await listTasksOfCase(invoice.caseId)).filter((task) => task.status === 'open');
    await Promise.all(open.map((task) => closeTask(task.taskId, 'expired', { at, decision: row.action, decidedBy: 'timeout' })));
  }
  // The state's input keeps the last decision; it is this row's only when the row is someone's decision.
  const applies = step.by === undefined && row.actor !== 'rule' ? step.decision : null;
  const by = step.by ?? (row.actor === 'rule' ? 'rule' : (applies?.by ?? row.actor));
  const done = await perform(row, invoice, applies, now);
  let applied = false;
  const updated = await updateCase<InvoiceCase>(invoice.caseId, (current) => {
    if (current.status !== row.from) return undefined;
    applied = true;
    const entry: HistoryEntry = { at, by: by as HistoryEntry['by'], action: row.action, step: row.step, from: row.from, to: row.to, ...done };
    return { set: { ...done, status: row.to, lastStep: row.step, ...(row.outcome ? { outcome: row.outcome } : {}) }, history: entry };
  });
  if (applied) await tellBuyer(row, updated, now);
  return { status: updated.status, ...(updated.delivery ? { delivery: updated.delivery } : {}) };
}

/** The invoices workflow's Lambda steps; each is idempotent, because Step Functions may run a step twice. */
export const handler = middy<unknown, Record<string, unknown>>().handler(async (event) => applyTransition(parseWith(stepSchema, event, 'invoice step input'), new Date()));
