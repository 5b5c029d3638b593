import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { playDeliveredOrder, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud, TERMINAL } from '../support/cloud.js';
import { decideOpenTask, openTasksOf } from '../support/tasks.js';

/**
 * Complaints end to end in the local cloud: answered within 48 hours or taken by the supervisor (a breach), major
 * ones to the supervisor at once, promised call-backs as due tasks (kept, or missed and reported), and a solution
 * that opens a return.
 */

interface ComplaintView {
  status: string;
  outcome?: string;
  owner?: string;
  aftersaleCaseId?: string;
  breaches: Array<{ kind: string }>;
  handlingMinutes?: number;
  history: Array<{ action: string; by: string }>;
}

const HOUR = 3_600_000;
const now = () => new Date().toISOString();
const answer = { category: 'product_quality', facts: 'the seam opened after one wash; photos checked', solution: 'coupon', message: '非常抱歉给您带来不便，我们已为您补发一张 20 元优惠券，请您放心。' };

describe('complaints', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  let sequence = 0;

  beforeAll(async () => {
    cloud = await startTestCloud({ clockStart: new Date('2026-11-23T02:00:00Z') });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-complaints');
    expect((await shop.registerStore({ agents: ['li', 'wang'], supervisors: ['boss-zhang'] })).status).toBe(200);
  });
  afterAll(async () => cloud?.stop());

  const complaintOf = (caseId: string) => shop.adminJson<ComplaintView>('GET', `/admin/cases/${caseId}`);
  const statesOf = async (caseId: string) => shop.adminJson<{ status: string; states: string[]; currentState?: string }>('GET', `/admin/executions/${caseId}`);
  const openTasks = (caseId: string) => openTasksOf(shop, caseId);

  async function complain(severity: 'normal' | 'major' = 'normal', orderId?: string): Promise<string> {
    const complaintId = `c-${++sequence}`;
    expect((await shop.send('complaint.opened', { complaintId, buyerId: `buyer-c${sequence}`, ...(orderId ? { orderId } : {}), severity, text: '衣服洗一次就开线了', openedAt: now() })).status).toBe(202);
    await cloud.settle();
    return `cp-${shop.storeId}-${complaintId}`;
  }
  async function decide(caseId: string, kind: string, body: Record<string, unknown>, status = 200): Promise<void> {
    await decideOpenTask(shop, caseId, kind, body, status);
    await cloud.settle();
  }
  const dailyReport = async (date: string) => {
    await fetch(`${cloud.baseUrl}/local/schedules/daily-sweep/run`, { method: 'POST' });
    return shop.adminJson<{ breaches: Array<{ caseId: string; kind: string }> }>('GET', `/admin/reports/daily?storeId=${shop.storeId}&date=${date}`);
  };

  it('answers a normal complaint in time: the agent who takes it owns it, the buyer is told, the case closes solved', async () => {
    const caseId = await complain();
    const [task] = await openTasks(caseId);
    expect(task).toMatchObject({ kind: 'complaint_answer' });
    expect(Date.parse(task?.dueAt ?? '') - Date.now()).toBeGreaterThan(47.9 * HOUR);

    // A message with a forbidden phrase is refused before anything moves.
    await decide(caseId, 'complaint_answer', { decision: 'close', outcome: 'solved', ...answer, message: '这不关我的事' }, 400);
    await decide(caseId, 'complaint_answer', { decision: 'close', outcome: 'solved', ...answer, agentId: 'wang' });

    const execution = await statesOf(caseId);
    expect(TERMINAL).toContain(execution.status);
    expect(execution.states).toEqual(['Major complaint?', 'Await answer', 'How did the agent answer?', 'Close as solved', 'Case closed']);
    const closed = await complaintOf(caseId);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'solved', owner: task?.assignee, breaches: [] });
    expect(closed.handlingMinutes).toBeGreaterThanOrEqual(0);
    const { items } = await shop.adminJson<{ items: Array<{ template: string; text: string }> }>('GET', `/admin/messages?storeId=${shop.storeId}&buyerId=buyer-c${sequence}`);
    expect(items.map((message) => message.template)).toEqual(['complaint.received', 'complaint.reply']);
    expect(items[1]?.text).toContain('优惠券');

    // The daily report lists it with its category, handling time and outcome; the customer file keeps a tag.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await fetch(`${cloud.baseUrl}/local/schedules/daily-sweep/run`, { method: 'POST' });
    const report = await shop.adminJson<{ complaintsClosed: Array<Record<string, unknown>> }>('GET', `/admin/reports/daily?storeId=${shop.storeId}&date=${today}`);
    expect(report.complaintsClosed).toContainEqual(expect.objectContaining({ caseId, category: 'product_quality', outcome: 'solved', handlingMinutes: expect.any(Number) }));
    const { DynamoDBDocumentClient, GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { Item } = await DynamoDBDocumentClient.from(cloud.dynamo).send(new GetCommand({ TableName: process.env.CUSTOMERS_TABLE, Key: { storeId: shop.storeId, buyerId: `buyer-c${sequence}` } }));
    expect(Item?.tags).toEqual(new Set(['complaint', 'enquiry']));
    expect(Item?.openComplaintIds).toBeUndefined();
  });

  it('gives the supervisor a complaint not answered in 48 hours, and reports the breach', async () => {
    const caseId = await complain();
    await cloud.advance('PT48H1S');
    const [task] = await openTasks(caseId);
    expect(task).toMatchObject({ kind: 'complaint_supervisor', assignee: 'boss-zhang' });
    expect((await complaintOf(caseId)).breaches.map((breach) => breach.kind)).toEqual(['answer_deadline']);
    const report = await dailyReport('2026-11-25');
    expect(report.breaches).toContainEqual(expect.objectContaining({ caseId, kind: 'answer_deadline' }));

    await decide(caseId, 'complaint_supervisor', { decision: 'close', outcome: 'solved', ...answer, agentId: 'boss-zhang' });
    expect((await statesOf(caseId)).states).toEqual(['Major complaint?', 'Await answer', 'Record missed answer deadline', 'Await supervisor', 'How did the supervisor answer?', 'Close as solved', 'Case closed']);
  });

  it('sends a major complaint to the supervisor at once', async () => {
    const caseId = await complain('major');
    expect((await statesOf(caseId)).currentState).toBe('Await supervisor');
    expect((await openTasks(caseId))[0]).toMatchObject({ kind: 'complaint_supervisor', assignee: 'boss-zhang' });
    await decide(caseId, 'complaint_supervisor', { decision: 'close', outcome: 'not_solved', ...answer, agentId: 'boss-zhang' });
    expect(await complaintOf(caseId)).toMatchObject({ status: 'closed', outcome: 'not_solved' });
  });

  it('keeps a promised call-back: the task appears an hour before the promised time and is closed in time', async () => {
    const caseId = await complain();
    const callbackAt = new Date(Date.now() + 6 * HOUR).toISOString();
    await decide(caseId, 'complaint_answer', { decision: 'promise_callback', ...answer, callbackAt, agentId: 'li' });
    expect((await statesOf(caseId)).currentState).toBe('Wait until the call-back reminder');
    expect(await openTasks(caseId)).toEqual([]);

    await cloud.advance('PT5H1S');
    const [reminder] = await openTasks(caseId);
    expect(reminder).toMatchObject({ kind: 'complaint_callback', assignee: 'li' });
    // Due at the promised time (deadlines are whole seconds).
    expect(Math.abs(Date.parse(reminder?.dueAt ?? '') - Date.parse(callbackAt))).toBeLessThan(1_000);
    await decide(caseId, 'complaint_callback', { decision: 'close', outcome: 'solved', ...answer, agentId: 'li' });
    const closed = await complaintOf(caseId);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'solved', owner: 'li', breaches: [] });
  });

  it('records a missed call-back as a breach on the daily report and hands the complaint to the supervisor', async () => {
    const caseId = await complain();
    await decide(caseId, 'complaint_answer', { decision: 'promise_callback', ...answer, callbackAt: new Date(Date.now() + 2 * HOUR).toISOString() });
    await cloud.advance('PT2H1S');
    expect((await complaintOf(caseId)).breaches.map((breach) => breach.kind)).toEqual(['callback_missed']);
    expect((await openTasks(caseId))[0]).toMatchObject({ kind: 'complaint_supervisor' });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect((await dailyReport(today)).breaches).toContainEqual(expect.objectContaining({ caseId, kind: 'callback_missed' }));
    expect((await statesOf(caseId)).states).toContain('Record missed call-back');
  });

  it('opens a return for the order when the solution offered is a return', async () => {
    await playDeliveredOrder(shop, { orderId: 'o-complaint', buyerId: 'buyer-return' });
    await cloud.settle();
    const caseId = await complain('normal', 'o-complaint');
    await decide(caseId, 'complaint_answer', { decision: 'close', outcome: 'solved', ...answer, solution: 'return' });
    const closed = await complaintOf(caseId);
    expect(closed.aftersaleCaseId).toBe(`as-${shop.storeId}-complaint-c-${sequence}`);
    const aftersale = await shop.adminJson<{ type: string; reason: string; execution: { currentState?: string } }>('GET', `/admin/cases/${closed.aftersaleCaseId}`);
    expect(aftersale).toMatchObject({ type: 'return_refund', reason: 'quality', execution: { currentState: 'Await store decision' } });
    // A later complaint about the same order is linked to its after-sales case.
    const again = await complain('normal', 'o-complaint');
    expect((await shop.adminJson<{ relatedCaseIds: string[] }>('GET', `/admin/cases/${again}`)).relatedCaseIds).toEqual([closed.aftersaleCaseId]);
  });

  it('lets an agent open a complaint taken by phone', async () => {
    const opened = await shop.admin('POST', '/admin/complaints', { storeId: shop.storeId, complaintId: 'phone-1', buyerId: 'buyer-phone', severity: 'normal', text: '快递一直没到', channel: 'phone' });
    expect(opened.status).toBe(201);
    await cloud.settle();
    expect((await statesOf(`cp-${shop.storeId}-phone-1`)).currentState).toBe('Await answer');
    const invalid = await shop.admin('POST', '/admin/complaints', { storeId: shop.storeId, complaintId: 'phone-2', buyerId: 'b', severity: 'urgent', text: 'x', channel: 'phone' });
    expect(invalid.status).toBe(400);
  });
});
