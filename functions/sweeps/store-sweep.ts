import { listOpenCases } from '../cases/case-repository.js';
import { openFollowUp } from '../follow-ups/open-follow-up.js';
import { enqueueMessage } from '../notifications/outbox.js';
import type { TemplateId, TemplateVariables } from '../notifications/templates.js';
import type { Order } from '../orders/order.js';
import { updateOrder } from '../orders/order-repository.js';
import { recordCount } from '../shared/metrics.js';
import { policyOf } from '../stores/policy.js';
import type { Store } from '../stores/store.js';
import { listOpenTasks } from '../tasks/task-repository.js';
import { localDate } from '../shared/local-time.js';
import { buildDailyReport, type Breach, type ClosedComplaint, type DailyReport, type OrderLists } from './daily-report.js';
import { logForDay, loggedOn } from './day-log.js';
import { findDueOrders } from './due-orders.js';
import { planOrderSweep, type OrderAction } from './order-sweep.js';
import { getDailyReport, putDailyReport } from './report-repository.js';
import { followUpReviews, reviewSummary } from './review-sweep.js';

type Logged = OrderAction & { caseId?: string };
type Swept = keyof NonNullable<Order['swept']>;

/** What each action tells the buyer, and which mark on the order says it was done. */
const ACTIONS: { [A in OrderAction['action']]: { mark: Swept; message?: (action: Extract<OrderAction, { action: A }>) => { template: TemplateId; variables: Record<string, string> } } } = {
  payment_reminder: { mark: 'paymentReminderAt', message: ({ orderId }) => ({ template: 'order.payment_reminder', variables: { orderId } }) },
  late_shipment: { mark: 'lateShipmentAt' },
  stalled_parcel: { mark: 'stalledAt', message: ({ orderId, carrier, trackingNo }) => ({ template: 'order.parcel_delayed', variables: { orderId, carrier, trackingNo } }) },
  receipt_extended: { mark: 'receiptExtendedAt', message: ({ orderId, days }) => ({ template: 'order.receipt_extended', variables: { orderId, days: String(days) } satisfies TemplateVariables<'order.receipt_extended'> }) },
  confirm_reminder: { mark: 'confirmReminderAt', message: ({ orderId }) => ({ template: 'order.confirm_receipt', variables: { orderId } }) },
};

/**
 * Carries out one action: the follow-up for an agent, the message to the buyer (once per order and kind), the day's
 * log entry, then the mark on the order that takes it off its list (a late shipment stays on the unshipped list until
 * it ships, and is listed each morning). Each is keyed, so a run that stopped half-way and runs again repeats nothing.
 */
async function carryOut(store: Store, action: OrderAction, day: string, now: Date): Promise<void> {
  const { storeId } = store;
  const logged: Logged = { ...action };
  if (action.action === 'late_shipment' || action.action === 'stalled_parcel') {
    const { action: type, orderId, buyerId, ...facts } = action;
    logged.caseId = await openFollowUp(storeId, { type, key: orderId, orderId, ...(buyerId ? { buyerId } : {}), facts }, store, now);
  }
  const spec = ACTIONS[action.action] as { mark: Swept; message?: (action: OrderAction) => { template: TemplateId; variables: Record<string, string> } };
  const message = spec.message?.(action);
  if (message && action.buyerId) {
    await enqueueMessage({ storeId, buyerId: action.buyerId, ...message, locale: policyOf(store).messages.locale, dedupKey: `order:${action.orderId}:${action.action}`, now });
  }
  await logForDay(storeId, day, 'sweep', `${action.action}#${action.orderId}`, { ...logged });
  await updateOrder(storeId, action.orderId, (current) => (current && !current.swept?.[spec.mark] ? { ...current, swept: { ...current.swept, [spec.mark]: now.toISOString() } } : undefined));
}

/** The day's order lists from the log: what was done today, whichever run did it. */
function orderLists(logged: Logged[], shipSoon: OrderLists['shipSoon']): OrderLists {
  const of = <A extends OrderAction['action']>(action: A) => logged.filter((entry) => entry.action === action) as Array<Extract<OrderAction, { action: A }> & { caseId: string }>;
  return {
    shipSoon,
    lateShipments: of('late_shipment'),
    paymentReminders: of('payment_reminder'),
    stalledParcels: of('stalled_parcel'),
    receiptExtensions: of('receipt_extended'),
    confirmReminders: of('confirm_reminder'),
  };
}

/**
 * The morning's backlog as metrics: the open tasks of each kind that has any (the dashboard reads a kind missing on a
 * morning as none open). Deadline breaches are not counted here but as each happens (the complaints and follow-ups
 * steps): the report's "since yesterday" overlaps from one morning to the next, and a breach belongs on the graph at
 * the hour it happened, not at the next 09:00.
 */
function recordBacklog(report: DailyReport): void {
  for (const [kind, { open }] of Object.entries(report.openTasks.byKind)) recordCount('Backlog', { Kind: kind }, open);
}

/**
 * The morning sweep of one store (DOMAIN.md, "In-sale watch"): the due orders from the sparse indexes, each dealt
 * with once; yesterday's medium and bad reviews; the backlog of open cases and tasks; and the report of the day,
 * stored under the store's date. Running it twice the same day opens nothing new, sends nothing new, and writes the
 * same report.
 */
export async function sweepStore(store: Store, now: Date): Promise<DailyReport> {
  const policy = policyOf(store);
  const tz = store.timezone;
  const date = localDate(now, tz);
  const yesterday = localDate(new Date(now.getTime() - 86_400_000), tz);
  const due = await findDueOrders(store.storeId, now, policy.sweep);
  const plan = planOrderSweep(due.lists, now, policy.sweep);
  for (const action of plan.actions) await carryOut(store, action, date, now);
  const reviews = await followUpReviews(store, yesterday, now);
  // Since yesterday's report: what was logged for yesterday and for today so far.
  const since = async <T>(topic: 'breach' | 'complaint') => (await Promise.all([yesterday, date].map((day) => loggedOn<T>(store.storeId, day, topic)))).flat();
  const report = buildDailyReport({
    storeId: store.storeId,
    date,
    now,
    orders: orderLists(await loggedOn<Logged>(store.storeId, date, 'sweep'), plan.shipSoon),
    openCases: await listOpenCases(store.storeId),
    openTasks: await listOpenTasks(store.storeId),
    breaches: await since<Breach>('breach'),
    complaintsClosed: await since<ClosedComplaint>('complaint'),
    reviews,
    reviewMonth: await reviewSummary(store.storeId, yesterday.slice(0, 7)).then(({ month, total, byCategory }) => ({ month, total, byCategory })),
    reads: { itemsRead: due.itemsRead, ordersDue: plan.shipSoon.length + plan.actions.length, queries: due.queries },
    complaintAnswerSeconds: policy.complaints.answerSeconds,
    timezone: tz,
    ...(await getDailyReport(store.storeId, yesterday).then((report) => (report ? { yesterday: report } : {}))),
  });
  // Only the day's first report counts: the dashboard adds the stores' backlogs up, and a second run would add one again.
  const firstToday = (await getDailyReport(store.storeId, date)) === undefined;
  await putDailyReport(report);
  if (firstToday) recordBacklog(report);
  return report;
}
