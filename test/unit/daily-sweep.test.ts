import { describe, expect, it } from 'vitest';
import { sweepIndexKeys, transitDueAt, applyTrackingUpdate, type Order } from '../../functions/orders/order.js';
import { defaultPolicy, policySchema, transitHoursOf } from '../../functions/stores/policy.js';
import { planOrderSweep } from '../../functions/sweeps/order-sweep.js';
import { ageBucketOf, buildDailyReport, type DailyReportInputs, type OrderLists } from '../../functions/sweeps/daily-report.js';
import { renderDailyReport } from '../../functions/sweeps/report-markdown.js';
import type { Task } from '../../functions/tasks/task.js';

const NOW = new Date('2026-11-10T01:00:00Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();
const order = (orderId: string, facts: Partial<Order>): Order => ({ storeId: 's1', orderId, status: 'created', version: 1, buyer: { id: `b-${orderId}` }, placedAt: hoursAgo(300), ...facts });
const sweep = defaultPolicy().sweep;
const none = { unpaid: [], unshipped: [], inTransit: [], delivered: [] };

describe('the sweep index keys of an order', () => {
  it('puts an order on exactly the list of its condition, with UTC sort keys whatever the storefront offset', () => {
    expect(sweepIndexKeys(order('o1', { placedAt: '2026-11-10T08:00:00+08:00' }), 72)).toEqual({ unpaidKey: expect.stringMatching(/^s1#[0-3]$/), unpaidSince: '2026-11-10T00:00:00.000Z' });
    expect(Object.keys(sweepIndexKeys(order('o2', { paidAt: hoursAgo(5) }), 72))).toEqual(['unshippedKey', 'unshippedSince']);
    expect(Object.keys(sweepIndexKeys(order('o3', { paidAt: hoursAgo(50), shippedAt: hoursAgo(40) }), 72))).toEqual(['inTransitKey', 'transitDueAt']);
    expect(Object.keys(sweepIndexKeys(order('o4', { paidAt: hoursAgo(90), shippedAt: hoursAgo(80), deliveredAt: hoursAgo(5) }), 72))).toEqual(['deliveredKey', 'deliveredSince']);
    expect(sweepIndexKeys(order('o5', { paidAt: hoursAgo(90), shippedAt: hoursAgo(80), deliveredAt: hoursAgo(5), completedAt: hoursAgo(1) }), 72)).toEqual({});
    expect(sweepIndexKeys(order('o6', { cancelledAt: hoursAgo(1) }), 72)).toEqual({});
  });

  it('takes an order off a list once the sweep dealt with it', () => {
    expect(sweepIndexKeys(order('o1', { swept: { paymentReminderAt: hoursAgo(1) } }), 72)).toEqual({});
    expect(sweepIndexKeys(order('o2', { paidAt: hoursAgo(90), shippedAt: hoursAgo(80), swept: { stalledAt: hoursAgo(1) } }), 72)).toEqual({});
    expect(sweepIndexKeys(order('o3', { paidAt: hoursAgo(90), shippedAt: hoursAgo(80), deliveredAt: hoursAgo(80), swept: { confirmReminderAt: hoursAgo(1) } }), 72)).toEqual({});
  });

  it('makes a parcel due when the carrier time since shipping passes, then, once extended, when the carrier has been silent that long', () => {
    const shipped = order('o1', { paidAt: hoursAgo(90), shippedAt: hoursAgo(80), lastTrackingAt: hoursAgo(5) });
    expect(transitDueAt(shipped, 72)).toBe(hoursAgo(8));
    expect(transitDueAt({ ...shipped, swept: { receiptExtendedAt: hoursAgo(1) } }, 72)).toBe(new Date(NOW.getTime() + 67 * 3_600_000).toISOString());
  });

  it('keeps the latest carrier update, and a parcel moving again after a stall is back on the transit list', () => {
    const stalled = order('o1', { paidAt: hoursAgo(90), shippedAt: hoursAgo(80), lastTrackingAt: hoursAgo(5), swept: { stalledAt: hoursAgo(1) } });
    expect(applyTrackingUpdate(stalled, { status: 'in_transit', at: hoursAgo(6) })).toBeUndefined();
    const moved = applyTrackingUpdate(stalled, { status: 'in_transit', at: hoursAgo(0) });
    expect(moved?.swept).toEqual({});
    expect(Object.keys(sweepIndexKeys(moved ?? stalled, 72))).toContain('inTransitKey');
    expect(applyTrackingUpdate(stalled, { status: 'delivered', at: hoursAgo(0) })).toMatchObject({ deliveredAt: hoursAgo(0), status: 'delivered' });
  });
});

describe('planning the orders of the sweep', () => {
  it('puts an unshipped order on the ship-soon list before 72 h and makes it a late shipment from 72 h', () => {
    const plan = planOrderSweep({ ...none, unshipped: [order('soon', { paidAt: hoursAgo(71) }), order('late', { paidAt: hoursAgo(72) })] }, NOW, sweep);
    expect(plan.shipSoon).toEqual([{ orderId: 'soon', paidAt: hoursAgo(71), hoursSincePayment: 71, lateAt: hoursAgo(-1) }]);
    expect(plan.actions).toEqual([{ action: 'late_shipment', orderId: 'late', buyerId: 'b-late', paidAt: hoursAgo(72), hoursSincePayment: 72 }]);
  });

  it("tells a stalled parcel from a slow one by the carrier's own normal time", () => {
    const policy = policySchema.parse({ sweep: { transitHours: { default: 72, SF: 48 } } }).sweep;
    const parcels = [
      order('sf-silent', { shippedAt: hoursAgo(60), carrier: 'SF', trackingNo: 'SF1' }),
      order('yto-moving', { shippedAt: hoursAgo(80), carrier: 'YTO', trackingNo: 'Y1', lastTrackingAt: hoursAgo(71) }),
      order('yto-silent', { shippedAt: hoursAgo(80), carrier: 'YTO', trackingNo: 'Y2', lastTrackingAt: hoursAgo(72) }),
    ];
    const actions = planOrderSweep({ ...none, inTransit: parcels }, NOW, policy).actions.map((action) => `${action.orderId} ${action.action}`);
    expect(actions).toEqual(['sf-silent stalled_parcel', 'yto-moving receipt_extended', 'yto-silent stalled_parcel']);
  });

  it('takes a carrier named like a property of every object for an unlisted one', () => {
    const policy = policySchema.parse({ sweep: { transitHours: { default: 72, SF: 48 } } }).sweep;
    for (const carrier of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(transitHoursOf(policy, carrier)).toBe(72);
  });
});

const emptyLists: OrderLists = { shipSoon: [], lateShipments: [], paymentReminders: [], stalledParcels: [], receiptExtensions: [], confirmReminders: [] };
const task = (taskId: string, kind: Task['kind'], createdHoursAgo: number, dueHoursAgo: number): Task => ({
  taskId, kind, caseId: `case-${taskId}`, storeId: 's1', status: 'open', role: 'store', taskToken: 't', createdAt: hoursAgo(createdHoursAgo), dueAt: hoursAgo(dueHoursAgo),
});
const inputs = (overrides: Partial<DailyReportInputs> = {}): DailyReportInputs => ({
  storeId: 's1', date: '2026-11-10', now: NOW, orders: emptyLists, openCases: [], openTasks: [], breaches: [], complaintsClosed: [], reviews: [], reviewMonth: { month: '2026-11', total: 0, byCategory: {} },
  reads: { itemsRead: 0, ordersDue: 0, queries: 16 }, complaintAnswerSeconds: 48 * 3600, timezone: 'Asia/Shanghai', ...overrides,
});

describe('the daily report', () => {
  it('groups open tasks by kind and age and lists the overdue ones, most overdue first', () => {
    const report = buildDailyReport(inputs({ openTasks: [task('a', 'store_decision', 2, -46), task('b', 'store_decision', 100, 52), task('c', 'follow_up', 30, 6)] }));
    expect(report.openTasks.byKind.store_decision).toEqual({ open: 2, overdue: 1, ages: { under_1_day: 1, '1_to_3_days': 0, '3_to_7_days': 1, over_7_days: 0 } });
    expect(report.overdueTasks.map((overdue) => [overdue.taskId, overdue.hoursOverdue])).toEqual([['b', 52], ['c', 6]]);
    expect(ageBucketOf(hoursAgo(24 * 7), NOW)).toBe('over_7_days');
  });

  it('compares its headline numbers with yesterday, and says nothing about a day without a report', () => {
    const yesterday = buildDailyReport(inputs({ date: '2026-11-09', openTasks: [task('a', 'follow_up', 2, -20)] }));
    expect(buildDailyReport(inputs()).changes.openTasks).toEqual({ today: 0 });
    expect(buildDailyReport(inputs({ yesterday })).changes.openTasks).toEqual({ today: 0, yesterday: 1, change: -1 });
  });

  it('renders an empty day as good news, with no gaps', () => {
    const text = renderDailyReport(buildDailyReport(inputs()));
    expect(text).toContain('# Daily report · s1 · 2026-11-10');
    expect(text).toMatch(/### Late shipments[^\n]*\(0\)\n\nNone\./);
    expect(text).not.toMatch(/undefined|NaN|\[object/);
  });
});
