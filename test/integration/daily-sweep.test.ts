import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud, TERMINAL } from '../support/cloud.js';
import { decideOpenTask, openTasksOf } from '../support/tasks.js';

/**
 * The daily backlog sweep end to end in the local cloud: a store's day is built (orders in every condition the sweep
 * watches, reviews, complaints), the 09:00 schedule runs the sweep's state machine, and the report, the follow-ups,
 * their tasks and the buyers' messages are checked; a second run the same day changes nothing; the follow-ups then
 * end as the facts, an agent, or their deadlines decide.
 */

const HOUR = 3_600_000;
// 09:00 on 10 November in Shanghai: the morning the sweep is checked.
const MORNING = Date.parse('2026-11-10T01:00:00Z');
const before = (hours: number) => new Date(MORNING - hours * HOUR).toISOString();

interface ReportView {
  date: string;
  orders: Record<'shipSoon' | 'lateShipments' | 'paymentReminders' | 'stalledParcels' | 'receiptExtensions' | 'confirmReminders', Array<{ orderId: string; caseId?: string }>>;
  openCases: { total: number; byType: Record<string, { open: number }> };
  openTasks: { total: number; byKind: Record<string, { open: number }> };
  complaints: Record<'unansweredOver48h' | 'majorNotWithSupervisor' | 'callbacksDueToday', Array<{ caseId: string }>>;
  reviews: Array<{ reviewId: string; category: string; reasons: string[]; caseId: string; draftReply: string }>;
  reviewMonth: { month: string; total: number; byCategory: Record<string, number> };
  breaches: Array<{ caseId: string; kind: string }>;
  reads: { itemsRead: number; ordersDue: number };
  changes: Record<string, { today: number; yesterday?: number; change?: number }>;
}
interface CaseView {
  caseId: string;
  type: string;
  status: string;
  outcome?: string;
  history: Array<{ action: string; by: string; note?: string }>;
}
interface MessageView {
  buyerId: string;
  template: string;
}

/** An order up to where the story needs it, each step a signed storefront event with its own time. */
async function playOrder(
  shop: StorefrontClient,
  orderId: string,
  steps: { placed: number; paid?: number; shipped?: { at: number; carrier: string }; tracked?: number; delivered?: number; completed?: number },
): Promise<void> {
  const events: Array<[string, Record<string, unknown>]> = [
    ['order.created', { orderId, buyer: { id: `buyer-${orderId}` }, items: [{ sku: 'SKU-1', name: 'Linen shirt', quantity: 1, unitPrice: 9_900 }], total: 9_900, placedAt: before(steps.placed) }],
  ];
  if (steps.paid !== undefined) events.push(['order.paid', { orderId, paidAt: before(steps.paid) }]);
  if (steps.shipped) events.push(['order.shipped', { orderId, carrier: steps.shipped.carrier, trackingNo: `T-${orderId}`, shippedAt: before(steps.shipped.at) }]);
  if (steps.tracked !== undefined) events.push(['logistics.updated', { trackingNo: `T-${orderId}`, status: 'in_transit', at: before(steps.tracked) }]);
  if (steps.delivered !== undefined) events.push(['order.delivered', { orderId, deliveredAt: before(steps.delivered) }]);
  if (steps.completed !== undefined) events.push(['order.completed', { orderId, completedAt: before(steps.completed) }]);
  for (const [type, data] of events) expect((await shop.send(type, data)).status, `${type} of ${orderId}`).toBe(202);
}

describe('the daily backlog sweep', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  let report: ReportView;

  const orderIds = (list: Array<{ orderId: string }>) => list.map((entry) => entry.orderId).sort();
  const caseOf = (caseId: string) => shop.adminJson<CaseView>('GET', `/admin/cases/${caseId}`);
  const reportOn = (date: string) => shop.adminJson<ReportView>('GET', `/admin/reports/daily?storeId=${shop.storeId}&date=${date}`);
  const messages = async () => (await shop.adminJson<{ items: MessageView[] }>('GET', `/admin/messages?storeId=${shop.storeId}`)).items;
  const openTasks = async () => (await shop.adminJson<{ items: Array<{ taskId: string; kind: string; caseId: string; assignee?: string }> }>('GET', `/admin/tasks?storeId=${shop.storeId}&status=open`)).items;
  const casesOfType = async (type: string) => (await shop.adminJson<{ items: CaseView[] }>('GET', `/admin/cases?storeId=${shop.storeId}&type=${type}`)).items;

  beforeAll(async () => {
    // 07:00 in Shanghai two days before the morning.
    cloud = await startTestCloud({ clockStart: new Date(MORNING - 50 * HOUR) });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-day');
    const registered = await shop.registerStore({ agents: ['ann', 'bob'], supervisors: ['sue'], policy: { sweep: { transitHours: { default: 72, SF: 48 } } } });
    expect(registered.status).toBe(200);

    // A complaint nobody answers: after 48 h the supervisor has it, still unanswered.
    expect((await shop.send('complaint.opened', { complaintId: 'c-old', buyerId: 'buyer-c-old', severity: 'normal', text: '客服一直不回复', openedAt: new Date().toISOString() })).status).toBe(202);
    await cloud.advance('PT24H');

    // The day before: reviews come in (two medium or bad, one good), and a call-back is promised for this afternoon.
    const review = (reviewId: string, orderId: string, rating: number, text: string) => shop.send('review.posted', { reviewId, orderId, rating, text, postedAt: new Date().toISOString() });
    // The slow one's parcel left four days after payment; the other's went out on time.
    await playOrder(shop, 'o-reviewed-slow', { placed: 200, paid: 199, shipped: { at: 100, carrier: 'YTO' }, delivered: 50, completed: 40 });
    await playOrder(shop, 'o-reviewed-wrong', { placed: 200, paid: 199, shipped: { at: 190, carrier: 'YTO' }, delivered: 150, completed: 140 });
    expect((await review('rv-slow', 'o-reviewed-slow', 2, '快递太慢了，包装也破损了')).status).toBe(202);
    expect((await review('rv-wrong', 'o-reviewed-wrong', 1, '发错货了，我买的是黑色，收到的是白色')).status).toBe(202);
    expect((await review('rv-good', 'o-reviewed-wrong', 5, '很好，物流很快')).status).toBe(202);
    expect((await shop.send('complaint.opened', { complaintId: 'c-call', buyerId: 'buyer-c-call', severity: 'normal', text: '衬衫开线了', openedAt: new Date().toISOString() })).status).toBe(202);
    await cloud.settle();
    await decideOpenTask(shop, 'cp-shop-day-c-call', 'complaint_answer', {
      decision: 'promise_callback',
      category: 'product_quality',
      facts: 'the seam opened; photos checked',
      solution: 'replacement',
      message: '非常抱歉给您带来不便，我们今天下午会给您回电，请您放心。',
      callbackAt: new Date(MORNING + 6 * HOUR).toISOString(),
    });

    // Just before the morning: the orders, each in one condition the sweep watches (or just short of it).
    await cloud.advance('PT25H50M');
    await playOrder(shop, 'o-unpaid', { placed: 20 });
    await playOrder(shop, 'o-unpaid-fresh', { placed: 2 });
    await playOrder(shop, 'o-ship-soon', { placed: 31, paid: 30 });
    await playOrder(shop, 'o-late', { placed: 81, paid: 80 });
    await playOrder(shop, 'o-paid-fresh', { placed: 4, paid: 3 });
    await playOrder(shop, 'o-stalled', { placed: 120, paid: 119, shipped: { at: 100, carrier: 'YTO' }, tracked: 90 });
    await playOrder(shop, 'o-sf-stalled', { placed: 60, paid: 59, shipped: { at: 50, carrier: 'SF' } });
    await playOrder(shop, 'o-slow', { placed: 90, paid: 89, shipped: { at: 80, carrier: 'YTO' }, tracked: 5 });
    await playOrder(shop, 'o-transit-fresh', { placed: 20, paid: 19, shipped: { at: 10, carrier: 'YTO' } });
    await playOrder(shop, 'o-delivered', { placed: 200, paid: 199, shipped: { at: 150, carrier: 'YTO' }, delivered: 96 });
    await playOrder(shop, 'o-delivered-fresh', { placed: 100, paid: 99, shipped: { at: 60, carrier: 'YTO' }, delivered: 24 });
    await playOrder(shop, 'o-completed', { placed: 200, paid: 199, shipped: { at: 150, carrier: 'YTO' }, delivered: 96, completed: 90 });
    await cloud.settle();

    // 09:00: the schedule runs the sweep.
    await cloud.advance('PT10M');
    report = await reportOn('2026-11-10');
  }, 120_000);
  afterAll(async () => cloud?.stop());

  it('lists each order where it belongs: reminders, ship soon, late, stalled (per carrier), extended, delivered not confirmed', () => {
    expect(orderIds(report.orders.paymentReminders)).toEqual(['o-unpaid']);
    expect(orderIds(report.orders.shipSoon)).toEqual(['o-ship-soon']);
    expect(orderIds(report.orders.lateShipments)).toEqual(['o-late']);
    // YTO's parcel has been silent 90 h (normal 72 h); SF's 50 h (the store's 48 h for SF).
    expect(orderIds(report.orders.stalledParcels)).toEqual(['o-sf-stalled', 'o-stalled']);
    expect(orderIds(report.orders.receiptExtensions)).toEqual(['o-slow']);
    expect(orderIds(report.orders.confirmReminders)).toEqual(['o-delivered']);
  });

  it('finds the due orders reading only them from the indexes', () => {
    expect(report.reads.ordersDue).toBe(7);
    expect(report.reads.itemsRead).toBe(report.reads.ordersDue);
  });

  it('runs as an execution of the sweep state machine, one map iteration per store', async () => {
    const { items } = await shop.adminJson<{ items: Array<{ name: string; status: string }> }>('GET', '/admin/executions?workflow=daily-sweep');
    expect(items.length).toBeGreaterThan(0);
    const latest = await shop.adminJson<{ status: string; states: string[] }>('GET', `/admin/executions/${items[0]?.name}`);
    expect(TERMINAL).toContain(latest.status);
    expect(latest.status).toBe('SUCCEEDED');
    expect(latest.states).toEqual(['List the stores to sweep', 'Sweep each store', 'Sweep the store', 'Sweep done']);
  });

  it('opens a follow-up for an agent for each late shipment, stalled parcel and medium or bad review', async () => {
    const late = report.orders.lateShipments[0]?.caseId ?? '';
    expect(await caseOf(late)).toMatchObject({ type: 'late_shipment', status: 'opened', orderId: 'o-late' });
    expect((await casesOfType('stalled_parcel')).map((c) => c.caseId).sort()).toEqual(report.orders.stalledParcels.map((p) => p.caseId).sort());
    const followUps = (await openTasks()).filter((task) => task.kind === 'follow_up');
    expect(followUps).toHaveLength(5);
    for (const task of followUps) expect(['ann', 'bob']).toContain(task.assignee);
    expect(report.openCases.byType).toMatchObject({ late_shipment: { open: 1 }, stalled_parcel: { open: 2 }, review_follow_up: { open: 2 }, complaint: { open: 2 } });
  });

  it('tells the buyers: payment reminder, parcel delayed, more time to confirm, please confirm receipt', async () => {
    const sent = (await messages()).filter((message) => message.template.startsWith('order.'));
    expect(sent.map((message) => `${message.buyerId} ${message.template}`).sort()).toEqual([
      'buyer-o-delivered order.confirm_receipt',
      'buyer-o-sf-stalled order.parcel_delayed',
      'buyer-o-slow order.receipt_extended',
      'buyer-o-stalled order.parcel_delayed',
      'buyer-o-unpaid order.payment_reminder',
    ]);
  });

  it("classifies yesterday's medium and bad reviews, drafts a reply for each and registers them in the month's summary", async () => {
    const byReview = Object.fromEntries(report.reviews.map((review) => [review.reviewId, review]));
    expect(Object.keys(byReview).sort()).toEqual(['rv-slow', 'rv-wrong']);
    expect(byReview['rv-slow']).toMatchObject({ category: 'logistics' });
    expect(byReview['rv-wrong']).toMatchObject({ category: 'wrong_item' });
    for (const review of report.reviews) {
      expect(review.reasons.length).toBeGreaterThan(0);
      expect(review.draftReply).toMatch(/^您好/);
      expect(await caseOf(review.caseId)).toMatchObject({ type: 'review_follow_up', status: 'opened' });
    }
    const summary = await shop.adminJson<{ total: number; byCategory: Record<string, number> }>('GET', `/admin/reports/reviews?storeId=${shop.storeId}&month=2026-11`);
    expect(summary.total).toBe(2);
    expect(summary.byCategory).toMatchObject({ logistics: 1, wrong_item: 1, service: 0, product_quality: 0, buyers_own_reason: 0 });
    expect(report.reviewMonth).toEqual({ month: '2026-11', total: 2, byCategory: summary.byCategory });
    // A month that does not exist is refused, naming the field, rather than answered with an empty month.
    for (const wrong of ['2026-13', '2026-00', '2026-1']) {
      const refused = await shop.admin('GET', `/admin/reports/reviews?storeId=${shop.storeId}&month=${wrong}`);
      expect(refused.status, wrong).toBe(400);
      expect(await refused.text(), wrong).toMatch(/month/);
    }
  });

  it('lists the complaint left unanswered for 48 h and the call-back promised for today', () => {
    expect(report.complaints.unansweredOver48h.map((c) => c.caseId)).toEqual(['cp-shop-day-c-old']);
    expect(report.complaints.callbacksDueToday.map((c) => c.caseId)).toEqual(['cp-shop-day-c-call']);
    expect(report.complaints.majorNotWithSupervisor).toEqual([]);
  });

  it('serves a readable Markdown rendering of the report', async () => {
    const response = await shop.admin('GET', `/admin/reports/daily?storeId=${shop.storeId}&date=2026-11-10&format=markdown`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
    const text = await response.text();
    expect(text).toMatch(/^# Daily report · shop-day · 2026-11-10/);
    expect(text).toMatch(/### Late shipments.*\(1\)/);
    expect(text).toContain('| o-late |');
    expect(text).toContain('Draft reply: 您好');
    expect(text).toMatch(/### Medium and bad reviews in 2026-11, by category \(2\)/);
    expect(text).not.toContain('undefined');
    expect((await shop.admin('GET', `/admin/reports/daily?storeId=${shop.storeId}&date=2026-11-10&format=pdf`)).status).toBe(400);
  });

  it('changes nothing when run a second time the same day', async () => {
    const countsBefore = { messages: (await messages()).length, tasks: (await openTasks()).length, followUps: (await casesOfType('review_follow_up')).length };
    const run = await fetch(`${cloud.baseUrl}/local/schedules/daily-sweep/run`, { method: 'POST' });
    expect(run.status).toBe(200);
    await cloud.settle();
    expect({ messages: (await messages()).length, tasks: (await openTasks()).length, followUps: (await casesOfType('review_follow_up')).length }).toEqual(countsBefore);
    const again = await reportOn('2026-11-10');
    expect(again.orders).toEqual(report.orders);
    expect(again.reviews).toEqual(report.reviews);
    expect(again.openCases).toEqual(report.openCases);
  });

  it('ends follow-ups as the facts, an agent or the deadlines decide, and the next morning compares with today', async () => {
    const late = report.orders.lateShipments[0]?.caseId ?? '';
    const stalled = report.orders.stalledParcels.find((parcel) => parcel.orderId === 'o-stalled')?.caseId ?? '';
    const [slowReview, wrongReview] = ['rv-slow', 'rv-wrong'].map((id) => report.reviews.find((review) => review.reviewId === id)?.caseId ?? '');

    // The late order ships; the stalled parcel moves again: both follow-ups close by themselves.
    expect((await shop.send('order.shipped', { orderId: 'o-late', carrier: 'YTO', trackingNo: 'T-o-late', shippedAt: new Date().toISOString() })).status).toBe(202);
    expect((await shop.send('logistics.updated', { trackingNo: 'T-o-stalled', status: 'in_transit', at: new Date().toISOString() })).status).toBe(202);
    // An agent calls the buyer of the wrong item and says what was done; a reply with a forbidden phrase is refused.
    await decideOpenTask(shop, wrongReview ?? '', 'follow_up', { decision: 'done', note: 'called the buyer', reply: '这不关我的事' }, 400);
    await decideOpenTask(shop, wrongReview ?? '', 'follow_up', { decision: 'done', note: 'called the buyer; the right colour is on its way', agentId: 'ann' });
    await cloud.settle();
    expect(await caseOf(late)).toMatchObject({ status: 'closed', outcome: 'resolved' });
    expect(await caseOf(stalled)).toMatchObject({ status: 'closed', outcome: 'resolved' });
    const done = await caseOf(wrongReview ?? '');
    expect(done).toMatchObject({ status: 'closed', outcome: 'done' });
    expect(done.history.at(-1)).toMatchObject({ by: 'agent:ann', note: 'called the buyer; the right colour is on its way' });
    const resolvedStates = await shop.adminJson<{ status: string; states: string[] }>('GET', `/admin/executions/${late}`);
    expect(resolvedStates).toMatchObject({ status: 'SUCCEEDED', states: ['Await agent follow-up', 'Await agent follow-up: what was done?', 'Close as resolved by itself', 'Follow-up closed'] });

    // Nobody looks at the slow-delivery review: 24 h later the supervisor has it, 24 h after that it closes unresolved.
    await cloud.advance('PT24H');
    expect((await openTasksOf(shop, slowReview ?? '')).map((task) => task.kind)).toEqual(['follow_up_supervisor']);
    expect((await reportOn('2026-11-11')).changes.lateShipments).toEqual({ today: 0, yesterday: 1, change: -1 });
    await cloud.advance('PT24H');
    // The deadline passed at 09:00, as the sweep ran: the broken promise is in the morning after's report at the latest.
    expect((await reportOn('2026-11-12')).breaches).toContainEqual(expect.objectContaining({ caseId: slowReview, kind: 'follow_up_deadline' }));
    const unresolved = await shop.adminJson<{ status: string; states: string[] }>('GET', `/admin/executions/${slowReview}`);
    expect(unresolved).toMatchObject({ status: 'SUCCEEDED', states: ['Await agent follow-up', 'Hand over to the supervisor', 'Await supervisor follow-up', 'Close unresolved after timeout', 'Follow-up closed'] });
    expect(await caseOf(slowReview ?? '')).toMatchObject({ status: 'closed', outcome: 'unresolved' });
  });
});
