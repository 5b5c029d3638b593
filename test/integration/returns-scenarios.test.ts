import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud, TERMINAL } from '../support/cloud.js';
import { decideOpenTask } from '../support/tasks.js';

/**
 * Every path and every deadline of the after-sales workflow, end to end in the local cloud: webhooks in,
 * the clock moved, decisions through the admin API, and the execution's history asserted by state name.
 */

interface CaseView {
  status: string;
  outcome?: string;
  trusted?: boolean;
  shippingPaidBy?: string;
  owner?: string;
  refund?: { status: string; amount: number };
  history: Array<{ at: string; by: string; action: string; [detail: string]: unknown }>;
}
interface TaskView {
  taskId: string;
  kind: string;
  caseId: string;
  dueAt: string;
  assignee?: string;
}
interface Ids {
  requestId: string;
  orderId: string;
  trackingNo: string;
}

type Step =
  | { send: string; data: (ids: Ids) => Record<string, unknown> }
  | { decide: string; body: Record<string, unknown> | ((ids: Ids) => Record<string, unknown>) }
  | { advance: string };

interface Scenario {
  name: string;
  order?: 'delivered' | 'paid' | 'shipped';
  trusted?: boolean;
  request?: Record<string, unknown>;
  steps: Step[];
  states: string[];
  outcome: string;
  /** Who took each action, as the case's history records it. */
  by?: Record<string, string>;
  refund?: number;
  replacement?: boolean;
}

const now = () => new Date().toISOString();
const START = ['Check eligibility', 'Eligible for after-sales?', 'Await store decision'];
const AGREED = ['What did the store decide?', 'Record store agreement', 'Do goods come back?'];
const REJECTED = ['What did the store decide?', 'Record store rejection', 'Await buyer revision or escalation'];
const REFUNDED = ['Refund buyer', 'Close as refunded', 'Case closed'];
const SHIPPED_BACK = ['Await return shipment', 'Did the buyer ship the return?', 'Record return shipment', 'Await return parcel'];
const DELIVERED_BACK = ['What did the carrier report?', 'Record return delivered back', 'Await receipt confirmation'];
const RESTOCKED = ['What did the inspection find?', 'Record goods received', 'Refund or replacement?'];

const approve: Step = { decide: 'store_decision', body: { decision: 'approve', agentId: 'li' } };
const reject: Step = { decide: 'store_decision', body: { decision: 'reject', reason: 'the photos show no defect', agentId: 'li' } };
const shipReturn: Step = { send: 'aftersale.return_shipped', data: ({ requestId, trackingNo }) => ({ requestId, carrier: 'YTO', trackingNo, shippedAt: now() }) };
const carrier = (status: 'in_transit' | 'delivered'): Step => ({ send: 'logistics.updated', data: ({ trackingNo }) => ({ trackingNo, status, at: now() }) });
const restock: Step = { decide: 'receipt_confirmation', body: { decision: 'restock', agentId: 'wang' } };
const escalate: Step = { send: 'aftersale.escalated', data: ({ requestId }) => ({ requestId, note: 'the seams are open', escalatedAt: now() }) };

const scenarios: Scenario[] = [
  {
    name: 'refund-only before shipment: the store agrees, the buyer is refunded',
    order: 'paid',
    request: { type: 'refund_only', reason: 'other' },
    steps: [approve],
    states: [...START, ...AGREED, ...REFUNDED],
    outcome: 'refunded',
    by: { approve: 'agent:li' },
    refund: 9_900,
  },
  {
    name: 'refund-only before shipment: 24 h pass, the buyer is refunded by the deadline',
    order: 'paid',
    request: { type: 'refund_only', reason: 'other' },
    steps: [{ advance: 'PT24H1S' }],
    states: [...START, 'Agree automatically after timeout', 'Do goods come back?', ...REFUNDED],
    outcome: 'refunded',
    by: { approve: 'timeout' },
  },
  {
    name: 'refund-only, shipped but not received: 48 h pass, agreed and refunded',
    order: 'shipped',
    request: { type: 'refund_only', reason: 'not_received' },
    steps: [{ advance: 'PT47H' }, { advance: 'PT1H1S' }],
    states: [...START, 'Agree automatically after timeout', 'Do goods come back?', ...REFUNDED],
    outcome: 'refunded',
    by: { approve: 'timeout' },
  },
  {
    name: 'return and refund: shipped back, delivered, restocked, refunded',
    steps: [approve, shipReturn, carrier('in_transit'), carrier('delivered'), restock],
    states: [...START, ...AGREED, ...SHIPPED_BACK, ...DELIVERED_BACK, ...RESTOCKED, ...REFUNDED],
    outcome: 'refunded',
    by: { approve: 'agent:li', ship_return: 'buyer', delivered_back: 'carrier', restock: 'agent:wang', refund: 'rule' },
    refund: 9_900,
  },
  {
    name: 'return and refund: the carrier reports the parcel back before the storefront reports it shipped',
    steps: [approve, carrier('in_transit'), carrier('delivered'), shipReturn, restock],
    states: [...START, ...AGREED, ...SHIPPED_BACK, ...DELIVERED_BACK, ...RESTOCKED, ...REFUNDED],
    outcome: 'refunded',
    by: { ship_return: 'buyer', delivered_back: 'carrier', restock: 'agent:wang' },
    refund: 9_900,
  },
  {
    name: 'return and refund: the carrier reports the parcel back before an agent records the shipment',
    steps: [approve, carrier('delivered'), { decide: 'return_shipment', body: ({ trackingNo }) => ({ decision: 'ship_return', carrier: 'YTO', trackingNo, agentId: 'li' }) }, restock],
    states: [...START, ...AGREED, ...SHIPPED_BACK, ...DELIVERED_BACK, ...RESTOCKED, ...REFUNDED],
    outcome: 'refunded',
    by: { ship_return: 'buyer', delivered_back: 'carrier', restock: 'agent:wang' },
    refund: 9_900,
  },
  {
    name: 'return and refund: the buyer ships nothing in 7 days, the case expires',
    steps: [approve, { advance: 'P7DT1S' }],
    states: [...START, ...AGREED, 'Await return shipment', 'Close as expired', 'Case closed'],
    outcome: 'expired',
    by: { expire: 'timeout' },
  },
  {
    name: 'return and refund: the store does not confirm receipt in 10 days, the refund is paid',
    steps: [approve, shipReturn, carrier('delivered'), { advance: 'P10DT1S' }],
    states: [...START, ...AGREED, ...SHIPPED_BACK, ...DELIVERED_BACK, 'Confirm receipt automatically after timeout', 'Refund or replacement?', ...REFUNDED],
    outcome: 'refunded',
    by: { restock: 'timeout' },
  },
  {
    name: 'return parcel lost on the way: after 15 days it counts as delivered, then receipt is confirmed by the deadline',
    steps: [approve, shipReturn, { advance: 'P15DT1S' }, { advance: 'P10DT1S' }],
    states: [
      ...START,
      ...AGREED,
      ...SHIPPED_BACK,
      'Treat return as delivered after timeout',
      'Await receipt confirmation',
      'Confirm receipt automatically after timeout',
      'Refund or replacement?',
      ...REFUNDED,
    ],
    outcome: 'refunded',
    by: { delivered_back: 'timeout', restock: 'timeout' },
  },
  {
    name: 'fast refund: a trusted buyer is refunded at the carrier’s first scan',
    trusted: true,
    steps: [approve, shipReturn, carrier('in_transit')],
    states: [...START, ...AGREED, ...SHIPPED_BACK, 'What did the carrier report?', 'Fast refund at first scan', ...REFUNDED],
    outcome: 'refunded',
    by: { first_scan: 'carrier' },
    refund: 9_900,
  },
  {
    name: 'exchange: the replacement ships once the return is received',
    request: { type: 'exchange', reason: 'quality' },
    steps: [approve, shipReturn, carrier('delivered'), restock],
    states: [...START, ...AGREED, ...SHIPPED_BACK, ...DELIVERED_BACK, ...RESTOCKED, 'Ship replacement', 'Close as exchanged', 'Case closed'],
    outcome: 'exchanged',
    replacement: true,
  },
  {
    name: 'exchange for a trusted buyer: the replacement ships at once',
    trusted: true,
    request: { type: 'exchange', reason: 'quality' },
    steps: [approve, shipReturn, carrier('in_transit'), carrier('delivered'), restock],
    states: [
      ...START,
      ...AGREED,
      'Ship replacement at once',
      ...SHIPPED_BACK,
      ...DELIVERED_BACK,
      ...RESTOCKED,
      'Record exchange completed',
      'Close as exchanged',
      'Case closed',
    ],
    outcome: 'exchanged',
    replacement: true,
  },
  {
    name: 'partial refund: the store agrees an amount, no return',
    request: { type: 'partial_refund', reason: 'not_as_described', amount: 3_000 },
    steps: [{ decide: 'store_decision', body: { decision: 'approve', amount: 2_000, agentId: 'li' } }],
    states: [...START, ...AGREED, ...REFUNDED],
    outcome: 'partially_refunded',
    refund: 2_000,
  },
  {
    name: 'inspection finds a flaw: part of the price is refunded',
    steps: [approve, shipReturn, carrier('delivered'), { decide: 'receipt_confirmation', body: { decision: 'partial_refund', amount: 5_000, reason: 'a stain on the sleeve' } }],
    states: [...START, ...AGREED, ...SHIPPED_BACK, ...DELIVERED_BACK, 'What did the inspection find?', 'Record inspection finding', 'Refund or replacement?', ...REFUNDED],
    outcome: 'partially_refunded',
    refund: 5_000,
  },
  {
    name: 'inspection rejects with evidence',
    steps: [
      approve,
      shipReturn,
      carrier('delivered'),
      { decide: 'receipt_confirmation', body: { decision: 'reject', reason: 'the item was worn and washed', evidence: ['https://example.com/p/1.jpg'] } },
    ],
    states: [...START, ...AGREED, ...SHIPPED_BACK, ...DELIVERED_BACK, 'What did the inspection find?', 'Close as rejected after inspection', 'Case closed'],
    outcome: 'rejected',
  },
  {
    name: 'rejected, and the buyer neither revises nor escalates in 5 days',
    steps: [reject, { advance: 'P5DT1S' }],
    states: [...START, ...REJECTED, 'Close after no revision or escalation', 'Case closed'],
    outcome: 'rejected',
    by: { reject: 'agent:li', close: 'timeout' },
  },
  {
    name: 'rejected, revised by the buyer, then agreed',
    request: { type: 'refund_only', reason: 'quality' },
    steps: [reject, { send: 'aftersale.revised', data: ({ requestId }) => ({ requestId, amount: 4_000, note: 'photos attached', revisedAt: now() }) }, approve],
    states: [...START, ...REJECTED, 'What did the buyer do?', 'Record revised request', 'Await store decision', ...AGREED, ...REFUNDED],
    outcome: 'refunded',
    by: { revise: 'buyer' },
    refund: 4_000,
  },
  {
    name: 'rejected, escalated, the platform rules for the buyer',
    request: { type: 'refund_only', reason: 'quality' },
    steps: [reject, escalate, { send: 'aftersale.ruled', data: ({ requestId }) => ({ requestId, ruling: 'for_buyer', ruledAt: now() }) }],
    states: [...START, ...REJECTED, 'What did the buyer do?', 'Record escalation to the platform', 'Await platform ruling', 'What did the platform rule?', 'Record ruling for the buyer', 'Do goods come back?', ...REFUNDED],
    outcome: 'refunded',
    by: { escalate: 'buyer', rule_for_buyer: 'platform' },
  },
  {
    name: 'rejected, escalated, the platform rules for the store',
    steps: [reject, escalate, { send: 'aftersale.ruled', data: ({ requestId }) => ({ requestId, ruling: 'for_store', ruledAt: now() }) }],
    states: [...START, ...REJECTED, 'What did the buyer do?', 'Record escalation to the platform', 'Await platform ruling', 'What did the platform rule?', 'Close as rejected by the platform', 'Case closed'],
    outcome: 'rejected',
  },
  {
    name: 'escalated, and the platform does not rule in time: the request stands',
    request: { type: 'refund_only', reason: 'quality' },
    steps: [reject, escalate, { advance: 'P5DT1S' }],
    states: [...START, ...REJECTED, 'What did the buyer do?', 'Record escalation to the platform', 'Await platform ruling', 'Agree automatically without a ruling', 'Do goods come back?', ...REFUNDED],
    outcome: 'refunded',
    by: { rule_for_buyer: 'timeout' },
  },
  {
    name: 'withdrawn while the store decides',
    steps: [{ send: 'aftersale.cancelled', data: ({ requestId }) => ({ requestId, cancelledAt: now() }) }],
    states: [...START, 'What did the store decide?', 'Close as withdrawn', 'Case closed'],
    outcome: 'withdrawn',
    by: { withdraw: 'buyer' },
  },
  {
    name: 'withdrawn while the return is awaited',
    steps: [approve, { send: 'aftersale.cancelled', data: ({ requestId }) => ({ requestId, cancelledAt: now() }) }],
    states: [...START, ...AGREED, 'Await return shipment', 'Did the buyer ship the return?', 'Close as withdrawn', 'Case closed'],
    outcome: 'withdrawn',
  },
  {
    name: 'not eligible: the buyer says the packaging was opened, without a quality problem',
    request: { note: '已拆封，不想要了' },
    steps: [],
    states: ['Check eligibility', 'Eligible for after-sales?', 'Reject as not eligible', 'Case closed'],
    outcome: 'rejected',
    by: { reject: 'rule' },
  },
];

describe('the after-sales workflow, path by path and deadline by deadline', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  let sequence = 0;

  beforeAll(async () => {
    cloud = await startTestCloud({ clockStart: new Date('2026-11-16T01:00:00Z') });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-scenarios');
    expect((await shop.registerStore({ agents: ['li', 'wang'] })).status).toBe(200);
  });
  afterAll(async () => cloud?.stop());

  const caseOf = (caseId: string) => shop.adminJson<CaseView>('GET', `/admin/cases/${caseId}`);
  const openTasks = async () => (await shop.adminJson<{ items: TaskView[] }>('GET', `/admin/tasks?storeId=${shop.storeId}&status=open`)).items;
  const ledger = async (path: string) => ((await (await fetch(`${cloud.baseUrl}${path}`)).json()) as { items: Array<{ idempotencyKey: string; amount?: number }> }).items;

  /** An order in the state the scenario needs; a trusted buyer has an old account and earlier orders. */
  async function placeOrder(ids: Ids, buyerId: string, scenario: Scenario): Promise<void> {
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
    if (scenario.trusted) {
      for (const earlier of ['a', 'b']) {
        const orderId = `${ids.orderId}-${earlier}`;
        const buyer = { id: buyerId, registeredAt: at(24 * 800) };
        expect((await shop.send('order.created', { orderId, buyer, items: [{ sku: 'SKU-1', name: 'Linen shirt', quantity: 1, unitPrice: 9_900 }], total: 9_900, placedAt: at(24 * 60) })).status).toBe(202);
      }
    }
    if ((scenario.order ?? 'delivered') === 'delivered') return playDeliveredOrder(shop, { orderId: ids.orderId, buyerId });
    const sends: Array<[string, Record<string, unknown>]> = [
      ['order.created', { orderId: ids.orderId, buyer: { id: buyerId }, items: [{ sku: 'SKU-1', name: 'Linen shirt', quantity: 1, unitPrice: 9_900 }], total: 9_900, placedAt: at(3) }],
      ['order.paid', { orderId: ids.orderId, paidAt: at(2) }],
      ...(scenario.order === 'shipped' ? [['order.shipped', { orderId: ids.orderId, carrier: 'SF Express', trackingNo: `SF-${ids.orderId}`, shippedAt: at(1) }] as [string, Record<string, unknown>]] : []),
    ];
    for (const [type, data] of sends) expect((await shop.send(type, data)).status).toBe(202);
  }

  const decide = (caseId: string, kind: string, body: Record<string, unknown>) => decideOpenTask(shop, caseId, kind, body);

  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const n = ++sequence;
    const ids: Ids = { requestId: `r-${n}`, orderId: `o-${n}`, trackingNo: `YT-RETURN-${n}` };
    const caseId = `as-${shop.storeId}-${ids.requestId}`;
    await placeOrder(ids, `buyer-${n}`, scenario);
    expect((await shop.send('aftersale.requested', returnRequest(ids.requestId, ids.orderId, scenario.request ?? {}))).status).toBe(202);
    await cloud.settle();
    expect((await caseOf(caseId)).trusted).toBe(scenario.trusted === true);

    for (const step of scenario.steps) {
      if ('send' in step) expect((await shop.send(step.send, step.data(ids))).status).toBe(202);
      else if ('decide' in step) await decide(caseId, step.decide, typeof step.body === 'function' ? step.body(ids) : step.body);
      else await cloud.advance(step.advance);
      await cloud.settle();
    }

    const execution = await shop.adminJson<{ status: string; states: string[] }>('GET', `/admin/executions/${caseId}`);
    expect(TERMINAL).toContain(execution.status);
    expect(execution.states).toEqual(scenario.states);
    expect(execution.status).toBe('SUCCEEDED');
    const closed = await caseOf(caseId);
    expect(closed).toMatchObject({ status: 'closed', outcome: scenario.outcome });
    for (const [action, by] of Object.entries(scenario.by ?? {})) expect(closed.history.find((entry) => entry.action === action)?.by, action).toBe(by);
    expect((await openTasks()).filter((task) => task.caseId === caseId)).toEqual([]);

    const paid = (await ledger('/local/payments/refunds')).filter((refund) => refund.idempotencyKey === `refund-${caseId}`);
    expect(paid).toHaveLength(['refunded', 'partially_refunded'].includes(scenario.outcome) ? 1 : 0);
    if (scenario.refund !== undefined) expect(paid[0]?.amount).toBe(scenario.refund);
    const shipped = (await ledger('/local/fulfilment/shipments')).filter((shipment) => shipment.idempotencyKey === `replacement-${caseId}`);
    expect(shipped).toHaveLength(scenario.replacement ? 1 : 0);
  });

  it('records who pays the return shipping, and tells the buyer what to send back and by when', async () => {
    const ids: Ids = { requestId: 'r-shipping', orderId: 'o-shipping', trackingNo: 'YT-SHIP' };
    const caseId = `as-${shop.storeId}-${ids.requestId}`;
    await playDeliveredOrder(shop, { orderId: ids.orderId, buyerId: 'buyer-shipping' });
    await shop.send('aftersale.requested', returnRequest(ids.requestId, ids.orderId, { reason: 'wrong_item' }));
    await cloud.settle();
    await decide(caseId, 'store_decision', { decision: 'approve' });
    await cloud.settle();
    expect((await caseOf(caseId)).shippingPaidBy).toBe('store');
    const { items } = await shop.adminJson<{ items: Array<{ template: string; text: string }> }>('GET', `/admin/messages?storeId=${shop.storeId}&buyerId=buyer-shipping`);
    const instructions = items.find((message) => message.template === 'aftersale.return_instructions');
    expect(instructions?.text).toContain('退货运费由本店承担');
    await shop.send('aftersale.cancelled', { requestId: ids.requestId, cancelledAt: now() });
    await cloud.settle();
    expect((await caseOf(caseId)).outcome).toBe('withdrawn');
  });

  it('accepts only what the table allows in the state the case is in, and changes nothing otherwise', async () => {
    const ids: Ids = { requestId: 'r-invalid', orderId: 'o-invalid', trackingNo: 'YT-INV' };
    const caseId = `as-${shop.storeId}-${ids.requestId}`;
    await playDeliveredOrder(shop, { orderId: ids.orderId, buyerId: 'buyer-invalid' });
    await shop.send('aftersale.requested', returnRequest(ids.requestId, ids.orderId));
    await cloud.settle();
    const before = await caseOf(caseId);
    const task = (await openTasks()).find((candidate) => candidate.caseId === caseId);

    const notHere = await shop.admin('POST', `/admin/tasks/${task?.taskId}`, { decision: 'restock' });
    expect(notHere.status).toBe(400);
    expect(((await notHere.json()) as { error: { message: string } }).error.message).toMatch(/accepts approve, reject, withdraw/);
    const noReason = await shop.admin('POST', `/admin/tasks/${task?.taskId}`, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { error: { issues: Array<{ path: string }> } }).error.issues[0]?.path).toBe('reason');
    expect((await caseOf(caseId)).history).toEqual(before.history);

    // Two agents at once: one decision wins, the other is told it came too late.
    const answers = await Promise.all(['li', 'wang'].map((agentId) => shop.admin('POST', `/admin/tasks/${task?.taskId}`, { decision: 'approve', agentId })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    await cloud.settle();
    expect((await caseOf(caseId)).history.filter((entry) => entry.action === 'approve')).toHaveLength(1);
  });

  it("takes the store's agreement, the buyer's shipment and the carrier's updates sent back to back, wherever the workflow is", async () => {
    const n = ++sequence;
    const ids: Ids = { requestId: `r-${n}`, orderId: `o-${n}`, trackingNo: `YT-RETURN-${n}` };
    const caseId = `as-${shop.storeId}-${ids.requestId}`;
    await playDeliveredOrder(shop, { orderId: ids.orderId, buyerId: `buyer-${n}` });
    expect((await shop.send('aftersale.requested', returnRequest(ids.requestId, ids.orderId))).status).toBe(202);
    await cloud.settle();
    // One after the other, as fast as a storefront relays them: each may land while the workflow is between two waits.
    const sends: Array<[string, Record<string, unknown>]> = [
      ['aftersale.decided', { requestId: ids.requestId, decision: 'approve', decidedAt: now() }],
      ['aftersale.return_shipped', { requestId: ids.requestId, carrier: 'YTO', trackingNo: ids.trackingNo, shippedAt: now() }],
      ['logistics.updated', { trackingNo: ids.trackingNo, status: 'in_transit', at: now() }],
      ['logistics.updated', { trackingNo: ids.trackingNo, status: 'delivered', at: now() }],
    ];
    for (const [type, data] of sends) expect((await shop.send(type, data)).status).toBe(202);
    await cloud.settle();

    const execution = await shop.adminJson<{ status: string; states: string[] }>('GET', `/admin/executions/${caseId}`);
    expect(execution.status).toBe('RUNNING');
    expect(execution.states).toEqual([...START, ...AGREED, ...SHIPPED_BACK, ...DELIVERED_BACK]);
    expect((await openTasks()).filter((task) => task.caseId === caseId).map((task) => task.kind)).toEqual(['receipt_confirmation']);
    const { history } = await caseOf(caseId);
    expect(history.find((entry) => entry.action === 'ship_return')?.by).toBe('buyer');
    expect(history.find((entry) => entry.action === 'delivered_back')?.by).toBe('carrier');
  });

  it('assigns staff tasks to the least-loaded agent, and the first agent keeps the case', async () => {
    const assigned: Record<string, string | undefined> = {};
    for (const id of ['x', 'y', 'z']) {
      await playDeliveredOrder(shop, { orderId: `o-load-${id}`, buyerId: `buyer-load-${id}` });
      await shop.send('aftersale.requested', returnRequest(`r-load-${id}`, `o-load-${id}`));
      await cloud.settle();
      assigned[id] = (await openTasks()).find((task) => task.caseId === `as-${shop.storeId}-r-load-${id}`)?.assignee;
    }
    // li and wang share the work: never one of them with two more tasks than the other.
    expect(new Set(Object.values(assigned))).toEqual(new Set(['li', 'wang']));
    const caseId = `as-${shop.storeId}-r-load-x`;
    const owner = assigned.x;
    expect((await caseOf(caseId)).owner).toBe(owner);
    await decide(caseId, 'store_decision', { decision: 'approve', agentId: owner ?? 'li' });
    await cloud.settle();
    await shop.send('aftersale.return_shipped', { requestId: 'r-load-x', carrier: 'YTO', trackingNo: 'YT-LOAD-X', shippedAt: now() });
    await shop.send('logistics.updated', { trackingNo: 'YT-LOAD-X', status: 'delivered', at: now() });
    await cloud.settle();
    // The receipt confirmation goes to the case's owner, even if the other agent has less work now.
    expect((await openTasks()).find((task) => task.caseId === caseId)).toMatchObject({ kind: 'receipt_confirmation', assignee: owner });
  });
});
