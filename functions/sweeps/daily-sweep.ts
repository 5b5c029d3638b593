import middy from '@middy/core';
import { scanAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { Store } from '../stores/store.js';
import { listOpenTasks } from '../tasks/task-repository.js';
import { buildDailyReport, localDate } from './daily-report.js';
import { putDailyReport } from './report-repository.js';
import { loggedOn } from './day-log.js';
import type { DailyReport } from './daily-report.js';

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
      const date = localDate(now, store.timezone);
      const yesterday = localDate(new Date(now.getTime() - 86_400_000), store.timezone);
      // Since yesterday's report: what it logged for yesterday and for today so far.
      const since = async <T>(topic: 'breach' | 'complaint') => (await Promise.all([yesterday, date].map((day) => loggedOn<T>(store.storeId, day, topic)))).flat();
      const breaches = (await since<DailyReport['breaches'][number]>('breach')).map(({ caseId, kind, at, dueAt }) => ({ caseId, kind, at, ...(dueAt ? { dueAt } : {}) }));
      const complaints = (await since<DailyReport['complaintsClosed'][number]>('complaint')).map(({ caseId, category, solution, outcome, handlingMinutes, severity, breaches: count }) => ({ caseId, category, solution, outcome, handlingMinutes, severity, breaches: count }));
      const report = buildDailyReport(store.storeId, date, await listOpenTasks(store.storeId), now, breaches, complaints);
      await putDailyReport(report);
      reports.push({ storeId: store.storeId, date: report.date, openTasks: report.openTasks.total, overdue: report.openTasks.overdue });
    }
    return { reports };
  },
);
