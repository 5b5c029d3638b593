import middy from '@middy/core';
import { getCase } from '../cases/case-repository.js';
import { listStores } from '../stores/store-repository.js';
import { putReport } from '../sweeps/report-repository.js';
import { localMonth } from '../shared/local-time.js';
import { completeTaskUnlessDecided } from '../tasks/complete-task.js';
import { listOpenTasks } from '../tasks/task-repository.js';
import type { InvoiceCase } from './invoice.js';
import { invoiceWaits } from './transitions.js';

/**
 * The month a batch closing at `at` covers: the one that just ended (the schedule fires on the 1st at 00:00),
 * or the current one when an admin closes it by hand during the month.
 */
export const batchMonthAt = (at: Date, timezone: string): string => localMonth(new Date(at.getTime() - 60_000), timezone);

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
  const stores = await listStores();
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
    // An invoice voided by a refund a moment ago has nothing left to mail.
    for (const task of waiting) await completeTaskUnlessDecided(task, { decision: 'mail', by: 'rule', at: now.toISOString(), batchMonth: month });
    invoices += items.length;
  }
  return { stores: stores.length, invoices };
}

export const handler = middy<unknown, { stores: number; invoices: number }>().handler(async () => closePostalBatches(new Date()));
