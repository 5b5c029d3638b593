import type { Task } from '../tasks/task.js';

export interface DailyReport {
  storeId: string;
  date: string;
  generatedAt: string;
  openTasks: { total: number; overdue: number; byKind: Record<string, { open: number; overdue: number }> };
  overdueTasks: Array<{ taskId: string; kind: string; caseId: string; dueAt: string; hoursOverdue: number }>;
  /** Service promises broken since yesterday's report: complaints not answered in time, call-backs missed. */
  breaches: Array<{ caseId: string; kind: string; at: string; dueAt?: string }>;
  /** Complaints closed since yesterday's report, with their category, handling time and outcome. */
  complaintsClosed: Array<{ caseId: string; category?: string; solution?: string; outcome?: string; handlingMinutes?: number; severity?: string; breaches?: number }>;
}

/** The date of `now` in the store's time zone: "daily" means the store's day, not UTC's. */
export function localDate(now: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The month (YYYY-MM) it is in the store's time zone: a monthly batch or summary is the store's month. */
export function localMonth(at: Date, timezone: string): string {
  return localDate(at, timezone).slice(0, 7);
}

/** Counts the open human tasks by kind and lists the ones whose deadline has passed, most overdue first. */
export function buildDailyReport(
  storeId: string,
  date: string,
  openTasks: Task[],
  now: Date,
  breaches: DailyReport['breaches'] = [],
  complaintsClosed: DailyReport['complaintsClosed'] = [],
): DailyReport {
  const byKind: DailyReport['openTasks']['byKind'] = {};
  const overdueTasks: DailyReport['overdueTasks'] = [];
  for (const task of openTasks) {
    const bucket = (byKind[task.kind] ??= { open: 0, overdue: 0 });
    bucket.open += 1;
    const overdueMs = now.getTime() - new Date(task.dueAt).getTime();
    if (overdueMs > 0) {
      bucket.overdue += 1;
      overdueTasks.push({ taskId: task.taskId, kind: task.kind, caseId: task.caseId, dueAt: task.dueAt, hoursOverdue: Math.floor(overdueMs / 3_600_000) });
    }
  }
  overdueTasks.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return {
    storeId,
    date,
    generatedAt: now.toISOString(),
    openTasks: { total: openTasks.length, overdue: overdueTasks.length, byKind },
    overdueTasks,
    breaches: [...breaches].sort((a, b) => a.at.localeCompare(b.at)),
    complaintsClosed,
  };
}
