import type { CaseRecord } from '../cases/case.js';
import { localDate } from '../shared/local-time.js';
import type { ComplaintCase } from '../complaints/complaint.js';
import type { Task } from '../tasks/task.js';
import type { OrderAction, ShipSoon } from './order-sweep.js';
import type { ReviewFollowUp } from './review-sweep.js';


/** How long something has been open, in the buckets a morning meeting talks in. */
export const ageBuckets = ['under_1_day', '1_to_3_days', '3_to_7_days', 'over_7_days'] as const;
export type AgeBucket = (typeof ageBuckets)[number];

export function ageBucketOf(since: string, now: Date): AgeBucket {
  const days = (now.getTime() - Date.parse(since)) / 86_400_000;
  if (days < 1) return 'under_1_day';
  if (days < 3) return '1_to_3_days';
  if (days < 7) return '3_to_7_days';
  return 'over_7_days';
}

type Ages = Record<AgeBucket, number>;
const noAges = (): Ages => ({ under_1_day: 0, '1_to_3_days': 0, '3_to_7_days': 0, over_7_days: 0 });

export interface Breach {
  caseId: string;
  kind: string;
  at: string;
  dueAt?: string;
}

export interface ClosedComplaint {
  caseId: string;
  category?: string;
  solution?: string;
  outcome?: string;
  handlingMinutes?: number;
  severity?: string;
  breaches?: number;
}

/** What the sweep did about orders today, list by list (from the day's log, so a second run reports the same). */
export type OrderLists = {
  shipSoon: ShipSoon[];
  lateShipments: Array<Extract<OrderAction, { action: 'late_shipment' }> & { caseId: string }>;
  paymentReminders: Array<Extract<OrderAction, { action: 'payment_reminder' }>>;
  stalledParcels: Array<Extract<OrderAction, { action: 'stalled_parcel' }> & { caseId: string }>;
  receiptExtensions: Array<Extract<OrderAction, { action: 'receipt_extended' }>>;
  confirmReminders: Array<Extract<OrderAction, { action: 'confirm_reminder' }>>;
};

export interface DailyReport {
  storeId: string;
  date: string;
  /** The store's time zone: the report's day and the times it shows are the store's. */
  timezone: string;
  generatedAt: string;
  orders: OrderLists;
  /** After-sales cases, follow-ups and every other case not yet closed, by type and age. */
  openCases: { total: number; byType: Record<string, { open: number; ages: Ages }> };
  openTasks: { total: number; overdue: number; byKind: Record<string, { open: number; overdue: number; ages: Ages }> };
  overdueTasks: Array<{ taskId: string; kind: string; caseId: string; assignee?: string; dueAt: string; hoursOverdue: number }>;
  /** Service promises broken since yesterday's report: complaints not answered in time, call-backs missed, follow-ups left. */
  breaches: Breach[];
  complaints: {
    unansweredOver48h: Array<{ caseId: string; openedAt: string; severity: string; status: string }>;
    majorNotWithSupervisor: Array<{ caseId: string; openedAt: string; status: string }>;
    callbacksDueToday: Array<{ caseId: string; callbackAt: string }>;
  };
  /** Complaints closed since yesterday's report, with their category, handling time and outcome. */
  complaintsClosed: ClosedComplaint[];
  /** Yesterday's new medium and bad reviews, classified, each with its follow-up and a drafted reply. */
  reviews: ReviewFollowUp[];
  /** The month's medium and bad reviews so far, by category (the month of yesterday's reviews). */
  reviewMonth: { month: string; total: number; byCategory: Record<string, number> };
  /** What finding the due orders cost: items read from the indexes against the orders due. */
  reads: { itemsRead: number; ordersDue: number; queries: number };
  /** The headline counts beside yesterday's. */
  changes: Record<string, { today: number; yesterday?: number; change?: number }>;
}

export interface DailyReportInputs {
  storeId: string;
  date: string;
  now: Date;
  orders: OrderLists;
  openCases: CaseRecord[];
  openTasks: Task[];
  breaches: Breach[];
  complaintsClosed: ClosedComplaint[];
  reviews: ReviewFollowUp[];
  reviewMonth: DailyReport['reviewMonth'];
  reads: DailyReport['reads'];
  /** Answer deadline of a complaint (policy) and the store's time zone, for the complaint lists. */
  complaintAnswerSeconds: number;
  timezone: string;
  yesterday?: DailyReport;
}

/** The headline numbers, compared day to day. */
function headline(report: Omit<DailyReport, 'changes'>): Record<string, number> {
  return {
    openCases: report.openCases.total,
    openTasks: report.openTasks.total,
    overdueTasks: report.openTasks.overdue,
    shipSoon: report.orders.shipSoon.length,
    lateShipments: report.orders.lateShipments.length,
    stalledParcels: report.orders.stalledParcels.length,
    breaches: report.breaches.length,
    badReviews: report.reviews.length,
  };
}

function complaintLists(open: CaseRecord[], now: Date, answerSeconds: number, today: string, timezone: string): DailyReport['complaints'] {
  const complaints = open.filter((aCase): aCase is ComplaintCase => aCase.type === 'complaint');
  const answerDue = (complaint: ComplaintCase) => Date.parse(complaint.openedAt) + answerSeconds * 1000;
  return {
    unansweredOver48h: complaints
      .filter((complaint) => !complaint.category && answerDue(complaint) <= now.getTime())
      .map(({ caseId, openedAt, severity, status }) => ({ caseId, openedAt, severity, status })),
    majorNotWithSupervisor: complaints.filter((complaint) => complaint.severity === 'major' && complaint.status === 'opened').map(({ caseId, openedAt, status }) => ({ caseId, openedAt, status })),
    callbacksDueToday: complaints
      .filter((complaint) => complaint.status === 'callback_promised' && complaint.callbackAt && localDate(new Date(complaint.callbackAt), timezone) === today)
      .map((complaint) => ({ caseId: complaint.caseId, callbackAt: complaint.callbackAt ?? '' }))
      .sort((a, b) => a.callbackAt.localeCompare(b.callbackAt)),
  };
}

/** The morning's report of one store: the day's lists, the backlog by kind and age, breaches, and the change since yesterday. */
export function buildDailyReport(input: DailyReportInputs): DailyReport {
  const { now } = input;
  const byKind: DailyReport['openTasks']['byKind'] = {};
  const overdueTasks: DailyReport['overdueTasks'] = [];
  for (const task of input.openTasks) {
    const bucket = (byKind[task.kind] ??= { open: 0, overdue: 0, ages: noAges() });
    bucket.open += 1;
    bucket.ages[ageBucketOf(task.createdAt, now)] += 1;
    const overdueMs = now.getTime() - Date.parse(task.dueAt);
    if (overdueMs > 0) {
      bucket.overdue += 1;
      overdueTasks.push({ taskId: task.taskId, kind: task.kind, caseId: task.caseId, ...(task.assignee ? { assignee: task.assignee } : {}), dueAt: task.dueAt, hoursOverdue: Math.floor(overdueMs / 3_600_000) });
    }
  }
  overdueTasks.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const byType: DailyReport['openCases']['byType'] = {};
  for (const aCase of input.openCases) {
    const bucket = (byType[aCase.type] ??= { open: 0, ages: noAges() });
    bucket.open += 1;
    bucket.ages[ageBucketOf(aCase.createdAt, now)] += 1;
  }
  const report = {
    storeId: input.storeId,
    date: input.date,
    timezone: input.timezone,
    generatedAt: now.toISOString(),
    orders: input.orders,
    openCases: { total: input.openCases.length, byType },
    openTasks: { total: input.openTasks.length, overdue: overdueTasks.length, byKind },
    overdueTasks,
    breaches: [...input.breaches].sort((a, b) => a.at.localeCompare(b.at)),
    complaints: complaintLists(input.openCases, now, input.complaintAnswerSeconds, input.date, input.timezone),
    complaintsClosed: input.complaintsClosed,
    reviews: input.reviews,
    reviewMonth: input.reviewMonth,
    reads: input.reads,
  };
  // A report from before the day's lists existed has nothing to compare with.
  const before = input.yesterday?.orders ? headline(input.yesterday) : undefined;
  const changes = Object.fromEntries(
    Object.entries(headline(report)).map(([name, today]) => {
      const yesterday = before?.[name];
      return [name, yesterday === undefined ? { today } : { today, yesterday, change: today - yesterday }];
    }),
  );
  return { ...report, changes };
}
