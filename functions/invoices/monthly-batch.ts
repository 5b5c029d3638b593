import middy from '@middy/core';
import { getCase } from '../cases/case-repository.js';
import { scanAll } from '../shared/aws.js';
import { putReport } from '../sweeps/report-repository.js';
import { AppError } from '../shared/errors.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { Store } from '../stores/store.js';
import { completeTask } from '../tasks/complete-task.js';
import { listOpenTasks } from '../tasks/task-repository.js';
import type { InvoiceCase } from './invoice.js';
import { invoiceWaits } from './transitions.js';

/**
 * The month (YYYY-MM, store time) a batch closing at `at` covers: the one that ended (the schedule fires on the
 * 1st at 00:00), or the current one when an admin closes it by hand during the month.
 */
export function batchMonthAt(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit' }).format(new Date(at.getTime() - 60_000)).slice(0, 7);
}

export interface PostalBatch {
  storeId: string;
  date: string;
  month: string;
  closedAt: string;
  items: Array<{ invoiceId: string; orderId: string; invoiceNo?: string; title: string; amount?: number; buyerId?: string }>;
}

/**
 * Closes each store's monthly postal batch (scheduled on the 1st at 00:00 in the store's time zone): the
 * invoices waiting to be posted become the month's mailing list, kept with the store's reports, and each
 * invoice's wait ends as mailed. Postage is the store's.
 */
export async function closePostalBatches(now: Date): Promise<{ stores: number; invoices: number }> {
  const stores = await scanAll<Store>({ TableName: requiredEnv(ENV.storesTable) });
  let invoices = 0;
  for (const store of stores) {
    const waiting = (await listOpenTasks(store.storeId)).filter((task) => task.kind === invoiceWaits.in_batch.kind);
    if (waiting.length === 0) continue;
    const month = batchMonthAt(now, store.timezone);
    const items: PostalBatch['items'] = [];
    for (const task of waiting) {
      const invoice = await getCase<InvoiceCase>(task.caseId);
      if (!invoice) continue;
      items.push({ invoiceId: invoice.caseId, orderId: invoice.orderId, invoiceNo: invoice.invoiceNo, title: invoice.request.title, amount: invoice.amount, buyerId: invoice.buyerId });
    }
    const batch: PostalBatch = { storeId: store.storeId, date: `postal-batch#${month}`, month, closedAt: now.toISOString(), items };
    // The list is written first: a batch is never mailed without its list.
    await putReport(batch);
    for (const task of waiting) {
      await completeTask(task, { decision: 'mail', by: 'rule', at: now.toISOString(), batchMonth: month }).catch((error: unknown) => {
        // Voided by a refund a moment ago: nothing to mail for it.
        if (!(error instanceof AppError && error.status === 409)) throw error;
      });
    }
    invoices += items.length;
  }
  return { stores: stores.length, invoices };
}

export const handler = middy<unknown, { stores: number; invoices: number }>().handler(async () => closePostalBatches(new Date()));
