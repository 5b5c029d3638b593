import middy from '@middy/core';
import { scanAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { Store } from '../stores/store.js';
import { listOpenTasks } from '../tasks/task-repository.js';
import { buildDailyReport, localDate } from './daily-report.js';
import { putDailyReport } from './report-repository.js';

/** The registered stores; the stores table holds one small item per store, so reading it whole is cheap. */
const listStores = () => scanAll<Store>({ TableName: requiredEnv(ENV.storesTable) });

/**
 * The daily backlog sweep, run by the schedule each morning: for every store, the open human tasks from the
 * sparse index of open tasks (its cost follows the backlog), summarised into that store's report of the day.
 * Re-running it the same day rewrites the same report.
 */
export const handler = middy<unknown, { reports: Array<{ storeId: string; date: string; openTasks: number; overdue: number }> }>().handler(
  async () => {
    const now = new Date();
    const reports = [];
    for (const store of await listStores()) {
      const report = buildDailyReport(store.storeId, localDate(now, store.timezone), await listOpenTasks(store.storeId), now);
      await putDailyReport(report);
      reports.push({ storeId: store.storeId, date: report.date, openTasks: report.openTasks.total, overdue: report.openTasks.overdue });
    }
    return { reports };
  },
);
