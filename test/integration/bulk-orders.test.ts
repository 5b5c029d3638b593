import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud, TERMINAL } from '../support/cloud.js';
import { decideOpenTask } from '../support/tasks.js';

/**
 * Bulk-order review and gift / free-shipping requests end to end in the local cloud: detection by the store's
 * thresholds, risk screening, the manager's review and its deadline, a discount by rule or supervisor, the buyer's
 * receipt followed to the end; and requests granted by rule or sent to a supervisor.
 */

interface ReviewView {
  status: string;
  outcome?: string;
  risk?: { score: number; level: string; reasons: Array<{ rule: string }> };
  discount?: { status: string; by: string; granted?: number };
  amountDue?: number;
  history: Array<{ action: string; by: string }>;
  execution: { status: string; currentState?: string } | null;
}

const DAY = 86_400_000;
const now = () => new Date().toISOString();

describe('bulk orders and perk requests', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  let db: DynamoDBDocumentClient;

  beforeAll(async () => {
    cloud = await startTestCloud({ clockStart: new Date('2026-11-23T02:00:00Z') });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-bulk');
    expect((await shop.registerStore({ agents: ['li'], supervisors: ['boss-zhang'] })).status).toBe(200);
    db = DynamoDBDocumentClient.from(cloud.dynamo);
  });
  afterAll(async () => cloud?.stop());

  const reviewOf = (orderId: string) => shop.adminJson<ReviewView>('GET', `/admin/cases/bulk-${shop.storeId}-${orderId}`);
  const statesOf = async (caseId: string) => shop.adminJson<{ status: string; states: string[]; currentState?: string }>('GET', `/admin/executions/${caseId}`);
  const orderOf = async (orderId: string) =>
    (await db.send(new GetCommand({ TableName: process.env.ORDERS_TABLE, Key: { storeId: shop.storeId, orderId } }))).Item as { hold?: string; agreedDiscount?: { amount: number; amountDue: number; approvedBy: string } } | undefined;
  async function decide(caseId: string, kind: string, body: Record<string, unknown>): Promise<void> {
    await decideOpenTask(shop, caseId, kind, body);
    await cloud.settle();
  }
  /** An order of `quantity` shirts at ¥99; a known buyer has an old account and earlier orders. */
  async function order(orderId: string, quantity: number, buyer: { id: string; known?: boolean }, buyerQuestions?: string): Promise<void> {
    const registeredAt = new Date(Date.now() - (buyer.known ? 800 : 3) * DAY).toISOString();
    if (buyer.known) {
      for (const earlier of ['a', 'b']) {
        await shop.send('order.created', { orderId: `${orderId}-${earlier}`, buyer: { id: buyer.id, registeredAt }, items: [{ sku: 'SHIRT', name: 'Shirt', quantity: 1, unitPrice: 9_900 }], total: 9_900, placedAt: now() });
      }
    }
    const sent = await shop.send('order.created', {
      orderId,
      buyer: { id: buyer.id, registeredAt },
      items: [{ sku: 'SHIRT', name: 'Shirt', quantity, unitPrice: 9_900 }],
      total: quantity * 9_900,
      placedAt: now(),
      ...(buyerQuestions ? { buyerQuestions } : {}),
    });
    expect(sent.status).toBe(202);
    await cloud.settle();
  }

  it('leaves an order below the thresholds alone', async () => {
    await order('o-small', 3, { id: 'b-small' });
    expect((await shop.admin('GET', `/admin/cases/bulk-${shop.storeId}-o-small`)).status).toBe(404);
    expect((await orderOf('o-small'))?.hold).toBeUndefined();
  });

  it('holds a low-risk bulk order, grants a discount through the supervisor, and closes when the buyer confirms receipt', async () => {
    await order('o-bulk-ok', 30, { id: 'b-regular', known: true }, '请问批量购买有优惠吗？');
    expect((await orderOf('o-bulk-ok'))?.hold).toBe('bulk_review');
    const screened = await reviewOf('o-bulk-ok');
    expect(screened.risk).toMatchObject({ level: 'low' });
    expect(screened.execution?.currentState).toBe('Await manager review');

    // 8% of ¥2,970 is above what the rules grant (5%): the supervisor decides, and grants ¥200 of the ¥237 asked.
    await decide(`bulk-${shop.storeId}-o-bulk-ok`, 'bulk_review', { decision: 'continue', discount: 23_700, agentId: 'li' });
    await decide(`bulk-${shop.storeId}-o-bulk-ok`, 'approval', { decision: 'approve', amount: 20_000, agentId: 'boss-zhang' });
    expect(await orderOf('o-bulk-ok')).toMatchObject({ agreedDiscount: { amount: 20_000, amountDue: 277_000, approvedBy: 'agent:boss-zhang' } });
    expect((await orderOf('o-bulk-ok'))?.hold).toBeUndefined();

    await shop.send('order.completed', { orderId: 'o-bulk-ok', completedAt: now() });
    await cloud.settle();
    const id = `bulk-${shop.storeId}-o-bulk-ok`;
    const execution = await statesOf(id);
    expect(TERMINAL).toContain(execution.status);
    expect(execution.states).toEqual([
      'Screen risk',
      'Await manager review',
      'What did the manager decide?',
      'Record approval to continue',
      'Discount requested?',
      'Check the rules',
      'Granted by the rules?',
      'Await supervisor approval',
      'Did the supervisor approve?',
      'Record supervisor approval',
      'Record agreed terms',
      'Await buyer confirmation of receipt',
      'Did the buyer confirm?',
      'Close as completed',
      'Case closed',
    ]);
    expect(await reviewOf('o-bulk-ok')).toMatchObject({ status: 'closed', outcome: 'completed', amountDue: 277_000, discount: { status: 'granted', granted: 20_000 } });
  });

  it('screens a new buyer asking about brand authorisation as high risk; the manager terminates the deal', async () => {
    await order('o-bulk-risky', 50, { id: 'b-risky' }, '这个品牌有授权书吗？材质成分是什么？');
    const screened = await reviewOf('o-bulk-risky');
    expect(screened.risk?.level).toBe('high');
    expect(screened.risk?.reasons.map((reason) => reason.rule)).toEqual(expect.arrayContaining(['new-account', 'no-history', 'claim-questions']));
    await decide(`bulk-${shop.storeId}-o-bulk-risky`, 'bulk_review', { decision: 'terminate', reason: '该商品暂不支持批量采购' });
    expect(await reviewOf('o-bulk-risky')).toMatchObject({ status: 'closed', outcome: 'terminated' });
    expect((await orderOf('o-bulk-risky'))?.hold).toBe('terminated');
    const { items } = await shop.adminJson<{ items: Array<{ template: string }> }>('GET', `/admin/messages?storeId=${shop.storeId}&buyerId=b-risky`);
    expect(items.map((message) => message.template)).toContain('bulk.terminated');
  });

  it('asks the supervisor when the manager lets the deadline pass, and keeps the order held while nobody decides', async () => {
    await order('o-bulk-late', 25, { id: 'b-late', known: true });
    await cloud.advance('PT24H1S');
    const id = `bulk-${shop.storeId}-o-bulk-late`;
    expect((await statesOf(id)).currentState).toBe('Await supervisor review');
    await cloud.advance('PT24H1S');
    const execution = await statesOf(id);
    expect(execution.states.slice(-6)).toEqual([
      'Await manager review',
      'What does the review deadline decide?',
      'Escalate review to the supervisor',
      'Await supervisor review',
      'Keep the order on hold',
      'Await supervisor review',
    ]);
    expect(execution.currentState).toBe('Await supervisor review');
    expect((await orderOf('o-bulk-late'))?.hold).toBe('bulk_review');
    expect((await reviewOf('o-bulk-late')).history.find((entry) => entry.action === 'escalate')?.by).toBe('timeout');
  });

  it('has an agent follow up when the buyer does not confirm receipt in the agreed time', async () => {
    await order('o-bulk-quiet', 40, { id: 'b-quiet', known: true });
    const id = `bulk-${shop.storeId}-o-bulk-quiet`;
    await decide(id, 'bulk_review', { decision: 'continue' });
    await cloud.advance('P15DT1S');
    expect((await statesOf(id)).currentState).toBe('Await follow-up');
    await decide(id, 'bulk_follow_up', { decision: 'confirm', agentId: 'li' });
    const execution = await statesOf(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.states).toContain('Ask an agent to follow up');
    expect(await reviewOf('o-bulk-quiet')).toMatchObject({ outcome: 'completed' });
  });

  it('grants a small gift by rule, and sends a larger one to the supervisor', async () => {
    await order('o-gift', 4, { id: 'b-gift' });
    await shop.send('perk.requested', { requestId: 'g-small', orderId: 'o-gift', kind: 'gift', item: 'tote bag', value: 1_500, requestedAt: now() });
    await shop.send('perk.requested', { requestId: 'g-large', orderId: 'o-gift', kind: 'free_shipping', value: 5_000, requestedAt: now() });
    await cloud.settle();

    const small = await statesOf(`perk-${shop.storeId}-g-small`);
    expect(small.states).toEqual(['Check the rules', 'Granted by the rules?', 'Grant by rule', 'Close as granted', 'Case closed']);
    expect(await shop.adminJson('GET', `/admin/cases/perk-${shop.storeId}-g-small`)).toMatchObject({ type: 'gift_request', outcome: 'granted' });

    const largeId = `perk-${shop.storeId}-g-large`;
    expect((await statesOf(largeId)).currentState).toBe('Await supervisor approval');
    await decide(largeId, 'approval', { decision: 'refuse', reason: 'shipping is free from ¥500', agentId: 'boss-zhang' });
    expect((await statesOf(largeId)).states.slice(-3)).toEqual(['Record supervisor refusal', 'Close as refused', 'Case closed']);
    expect(await shop.adminJson('GET', `/admin/cases/${largeId}`)).toMatchObject({ type: 'free_shipping_request', outcome: 'refused', approval: { by: 'agent:boss-zhang' } });
  });

  it('lets an agent flag an order for review', async () => {
    await order('o-flag', 2, { id: 'b-flag' });
    const flagged = await shop.admin('POST', '/admin/orders/o-flag/bulk-review', { storeId: shop.storeId, reason: 'asked for 200 more by phone' });
    expect(flagged.status).toBe(201);
    await cloud.settle();
    expect((await reviewOf('o-flag')).execution?.currentState).toBe('Await manager review');
    expect((await shop.admin('POST', '/admin/orders/o-none/bulk-review', { storeId: shop.storeId, reason: 'x' })).status).toBe(404);
  });
});
