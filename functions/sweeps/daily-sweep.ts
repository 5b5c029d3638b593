import middy from '@middy/core';
import { z } from 'zod';
import { parseWith } from '../shared/parse.js';
import { coveringSchema, storesCovered } from '../stores/covered-stores.js';
import { getStore } from '../stores/store-repository.js';
import { sweepStore } from './store-sweep.js';

/** The sweep state machine's two steps: which stores this run covers, then one store (run for each, side by side). */
const stepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('list-stores'), covering: coveringSchema }),
  z.object({ step: z.literal('sweep-store'), storeId: z.string().min(1) }),
]);

export interface StoreSweepSummary {
  storeId: string;
  date: string;
  openCases: number;
  openTasks: number;
  overdue: number;
  ordersDue: number;
  itemsRead: number;
  reviews: number;
}

/**
 * The daily backlog sweep, run by a schedule at 09:00 in its time zone: the stores it covers, then each store's sweep
 * (functions/sweeps/store-sweep.ts) as one iteration of the state machine's map.
 */
export const handler = middy<unknown, { stores: Array<{ storeId: string }> } | StoreSweepSummary>().handler(async (event) => {
  const step = parseWith(stepSchema, event, 'sweep step input');
  if (step.step === 'list-stores') return { stores: await storesCovered(step.covering) };
  const store = await getStore(step.storeId);
  if (!store) throw new Error(`store ${step.storeId} is not registered`);
  const report = await sweepStore(store, new Date());
  return {
    storeId: report.storeId,
    date: report.date,
    openCases: report.openCases.total,
    openTasks: report.openTasks.total,
    overdue: report.openTasks.overdue,
    ordersDue: report.reads.ordersDue,
    itemsRead: report.reads.itemsRead,
    reviews: report.reviews.length,
  };
});
