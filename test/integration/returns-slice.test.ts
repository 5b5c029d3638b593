import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud, TERMINAL } from '../support/cloud.js';

interface CaseView {
  caseId: string;
  status: string;
  outcome?: string;
  history: Array<{ at: string; by: string; action: string; [key: string]: unknown }>;
  refund?: { amount: number };
  execution: { name: string; status: string; currentState?: string } | null;
  openTasks: Array<{ taskId: string; kind: string; actions: Array<{ decision: string; schema: { required?: string[] } }> }>;
}
interface ExecutionView {
  status: string;
  states: string[];
  currentState?: string;
}
interface TaskView {
  taskId: string;
  kind: string;
  caseId: string;
  dueAt: string;
}

const HOUR = 3_600_000;

describe('one return from webhook to refund, in the local cloud', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  let db: DynamoDBDocumentClient;

  beforeAll(async () => {
    cloud = await startTestCloud({ clockStart: new Date('2026-11-02T01:00:00Z') });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-slice');
    expect((await shop.registerStore()).status).toBe(200);
    db = DynamoDBDocumentClient.from(cloud.dynamo);
  });
  afterAll(async () => cloud?.stop());

  const caseOf = (caseId: string) => shop.adminJson<CaseView>('GET', `/admin/cases/${caseId}`);
  const executionOf = async (name: string) => {
    const view = await shop.adminJson<ExecutionView>('GET', `/admin/executions/${name}`);
    return view;
  };
  const openTaskOf = async (caseId: string) => {
    const { items } = await shop.adminJson<{ items: TaskView[] }>('GET', `/admin/tasks?storeId=${shop.storeId}&status=open`);
    return items.find((task) => task.caseId === caseId);
  };
  /** A refund-only request for a delivered order with a quality problem: the store decides, then money moves. */
  async function requestReturn(requestId: string, orderId: string): Promise<string> {
    await playDeliveredOrder(shop, { orderId, buyerId: `buyer-${orderId}`, unitPrice: 12_800 });
    const sent = await shop.send('aftersale.requested', returnRequest(requestId, orderId, { type: 'refund_only', reason: 'quality' }));
    expect(sent.status).toBe(202);
    await cloud.settle();
    return `as-${shop.storeId}-${requestId}`;
  }

  it('waits for the store in "Await store decision" with a 48 h deadline, and refunds when an agent approves', async () => {
    const caseId = await requestReturn('r-approve', 'o-approve');
    const waiting = await caseOf(caseId);
    expect(waiting.execution).toEqual({ name: caseId, status: 'RUNNING', currentState: 'Await store decision' });
    const task = await openTaskOf(caseId);
    expect(task?.kind).toBe('store_decision');
    expect(Date.parse(task?.dueAt ?? '') - Date.now()).toBeGreaterThan(47.9 * HOUR);
    expect(Date.parse(task?.dueAt ?? '') - Date.now()).toBeLessThanOrEqual(48 * HOUR);
    // The case offers what may be decided on it now, and what each decision needs.
    expect(waiting.openTasks.map(({ taskId, actions }) => ({ taskId, actions: actions.map(({ decision, schema }) => [decision, schema.required]) }))).toEqual([
      { taskId: task?.taskId, actions: [['approve', ['decision']], ['reject', ['decision', 'reason']], ['withdraw', ['decision']]] },
    ]);

    const decided = await shop.admin('POST', `/admin/tasks/${task?.taskId}`, { decision: 'approve', agentId: 'agent-li' });
    expect(decided.status).toBe(200);
    const again = await shop.admin('POST', `/admin/tasks/${task?.taskId}`, { decision: 'reject' });
    expect(again.status).toBe(409);
    await cloud.settle();

    const execution = await executionOf(caseId);
    expect(TERMINAL).toContain(execution.status);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.states).toEqual([
      'Check eligibility',
      'Eligible for after-sales?',
      'Await store decision',
      'What did the store decide?',
      'Record store agreement',
      'Do goods come back?',
      'Refund buyer',
      'Close as refunded',
      'Case closed',
    ]);
    const closed = await caseOf(caseId);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'refunded', refund: { amount: 12_800 } });
    expect(closed.history.find((entry) => entry.action === 'approve')?.by).toBe('agent:agent-li');
    expect(await openTaskOf(caseId)).toBeUndefined();

    // The buyer was told at each step, through the outbox, in the store's language (zh-CN by default).
    const { items } = await shop.adminJson<{ items: Array<{ template: string; status: string; buyerId: string; channel: string; createdAt: string; text: string }> }>(
      'GET',
      `/admin/messages?storeId=${shop.storeId}&buyerId=buyer-o-approve`,
    );
    expect(items.map((message) => [message.template, message.status])).toEqual([
      ['aftersale.received', 'sent'],
      ['aftersale.agreed', 'sent'],
      ['aftersale.refunded', 'sent'],
    ]);
    expect(items[2]?.text).toContain('¥128.00');
    expect(items[0]).toMatchObject({ buyerId: 'buyer-o-approve', channel: 'storefront', createdAt: expect.any(String) });
  });

  it('serves each workflow\'s state machine as deployed, for the console to draw executions on', async () => {
    const returns = await shop.adminJson<{ name: string; definition: { StartAt: string; States: Record<string, { Type: string }> } }>('GET', '/admin/workflows/returns');
    expect(returns.name).toBe('returns');
    expect(returns.definition.StartAt).toBe('Check eligibility');
    expect(returns.definition.States['Await store decision']?.Type).toBe('Task');
    expect((await shop.admin('GET', '/admin/workflows/no-such-workflow')).status).toBe(400);
  });

  it('agrees by itself when 48 h pass without a decision, recorded as by "timeout"', async () => {
    const caseId = await requestReturn('r-timeout', 'o-timeout');
    const task = await openTaskOf(caseId);
    expect(task).toBeDefined();

    await cloud.advance('PT47H');
    expect((await executionOf(caseId)).currentState).toBe('Await store decision');

    await cloud.advance('PT1H1S');
    const execution = await executionOf(caseId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.states).toEqual([
      'Check eligibility',
      'Eligible for after-sales?',
      'Await store decision',
      'Agree automatically after timeout',
      'Do goods come back?',
      'Refund buyer',
      'Close as refunded',
      'Case closed',
    ]);
    const closed = await caseOf(caseId);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'refunded' });
    expect(closed.history.find((entry) => entry.action === 'approve')?.by).toBe('timeout');
    expect(await openTaskOf(caseId)).toBeUndefined();
    const late = await shop.admin('POST', `/admin/tasks/${task?.taskId}`, { decision: 'approve' });
    expect(late.status).toBe(409);
  });

  it('gives the store 24 h for a refund-only request on an unshipped order, then refunds by itself', async () => {
    const placedAt = new Date(Date.now() - HOUR).toISOString();
    expect((await shop.send('order.created', { orderId: 'o-unshipped', buyer: { id: 'b-unshipped' }, items: [{ sku: 'SKU-1', name: 'Scarf', quantity: 1, unitPrice: 8_800 }], total: 8_800, placedAt })).status).toBe(202);
    expect((await shop.send('order.paid', { orderId: 'o-unshipped', paidAt: placedAt })).status).toBe(202);
    expect((await shop.send('aftersale.requested', returnRequest('r-unshipped', 'o-unshipped', { type: 'refund_only', reason: 'other' }))).status).toBe(202);
    await cloud.settle();
    const caseId = `as-${shop.storeId}-r-unshipped`;
    const task = await openTaskOf(caseId);
    expect(Date.parse(task?.dueAt ?? '') - Date.now()).toBeGreaterThan(23.9 * HOUR);
    expect(Date.parse(task?.dueAt ?? '') - Date.now()).toBeLessThanOrEqual(24 * HOUR);

    await cloud.advance('PT24H1S');
    const execution = await executionOf(caseId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.states).toContain('Agree automatically after timeout');
    expect(await caseOf(caseId)).toMatchObject({ status: 'closed', outcome: 'refunded', refund: { amount: 8_800 } });
  });

  it('rejects a no-reason return requested after the 7-day window, naming the rule', async () => {
    await playDeliveredOrder(shop, { orderId: 'o-late', buyerId: 'buyer-late' });
    await cloud.advance('P8D');
    expect((await shop.send('aftersale.requested', returnRequest('r-late', 'o-late'))).status).toBe(202);
    await cloud.settle();
    const caseId = `as-${shop.storeId}-r-late`;
    const execution = await executionOf(caseId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.states).toEqual(['Check eligibility', 'Eligible for after-sales?', 'Reject as not eligible', 'Case closed']);
    const closed = await caseOf(caseId);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'rejected' });
    expect(closed.history.find((entry) => entry.action === 'reject')).toMatchObject({ by: 'rule', rule: 'no-reason-window', reason: expect.stringMatching(/within 7 days/) });
    const { items: all } = await shop.adminJson<{ items: Array<{ template: string; text: string; caseId?: string }> }>('GET', `/admin/messages?storeId=${shop.storeId}&buyerId=buyer-late`);
    // The case's own messages (the morning sweep also reminded the buyer to confirm the delivered order).
    const items = all.filter((message) => message.caseId === caseId);
    expect(items.map((message) => message.template)).toEqual(['aftersale.received', 'aftersale.rejected']);
    // In the store's language (zh-CN by default).
    expect(items[1]?.text).toMatch(/7 天内申请/);
  });

  it('treats a duplicate delivery as already seen and changes nothing', async () => {
    const caseId = await requestReturn('r-dup', 'o-dup');
    const before = await caseOf(caseId);
    const request = returnRequest('r-dup', 'o-dup', { type: 'refund_only', reason: 'quality' });
    const duplicate = await shop.send('aftersale.requested', request, { id: 'evt-r-dup' });
    expect(duplicate.status).toBe(202);
    const again = await shop.send('aftersale.requested', request, { id: 'evt-r-dup' });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
    await cloud.settle();
    const after = await caseOf(caseId);
    expect(after.history).toEqual(before.history);
    const { items } = await shop.adminJson<{ items: Array<{ name: string }> }>('GET', '/admin/executions?workflow=returns');
    expect(items.filter((item) => item.name === caseId)).toHaveLength(1);
  });

  it('answers a bad signature with 401 and writes nothing', async () => {
    const wrongSecret = await shop.send('order.created', { orderId: 'o-forged', buyer: { id: 'x' }, items: [{ sku: 'A', name: 'A', quantity: 1, unitPrice: 1 }], total: 1, placedAt: new Date().toISOString() }, { id: 'evt-forged', secret: 'not-the-secret' });
    expect(wrongSecret.status).toBe(401);
    expect(JSON.stringify(wrongSecret.body)).toMatch(/signature does not match/);
    const stale = await shop.send('order.paid', { orderId: 'o-forged', paidAt: new Date().toISOString() }, { id: 'evt-stale', timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    await cloud.settle();
    for (const eventId of ['evt-forged', 'evt-stale']) {
      const stored = await db.send(new GetCommand({ TableName: process.env.INBOX_TABLE, Key: { storeId: shop.storeId, eventId } }));
      expect(stored.Item).toBeUndefined();
    }
    const order = await db.send(new GetCommand({ TableName: process.env.ORDERS_TABLE, Key: { storeId: shop.storeId, orderId: 'o-forged' } }));
    expect(order.Item).toBeUndefined();
  });

  it('answers other bad deliveries with a 4xx that says what is wrong', async () => {
    const invalid = await shop.send('order.paid', { orderId: 'o-x', paidAt: 'yesterday' }, { id: 'evt-invalid' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: { issues: [{ path: 'data.paidAt' }] } });
    const unknownStore = await new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'no-such-store').send('order.paid', { orderId: 'o', paidAt: new Date().toISOString() });
    expect(unknownStore.status).toBe(404);
    const huge = await shop.send('order.created', { orderId: 'o-huge', buyer: { id: 'b', name: 'x'.repeat(300 * 1024) }, items: [], total: 0, placedAt: new Date().toISOString() });
    expect(huge.status).toBe(413);
    const noToken = await shop.admin('GET', `/admin/cases?storeId=${shop.storeId}`, undefined, 'wrong-token');
    expect(noToken.status).toBe(401);
    const stored = await db.send(new GetCommand({ TableName: process.env.INBOX_TABLE, Key: { storeId: shop.storeId, eventId: 'evt-invalid' } }));
    expect(stored.Item).toBeUndefined();
  });
});
