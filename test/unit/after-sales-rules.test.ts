import { describe, expect, it } from 'vitest';
import type { Case } from '../../functions/cases/case.js';
import { emptyCustomer, type Customer } from '../../functions/customers/customer.js';
import { trustScore } from '../../functions/customers/trust.js';
import type { Order } from '../../functions/orders/order.js';
import { assessEligibility, mustComeBack, returnShippingPayer } from '../../functions/returns/eligibility.js';
import { refundAmount } from '../../functions/returns/refund-amount.js';
import { defaultPolicy } from '../../functions/stores/policy.js';
import { leastLoadedAgent } from '../../functions/tasks/assignment.js';
import { actionsFor, decisionForms, decisionSchemaFor } from '../../functions/tasks/decisions.js';

const NOW = new Date('2026-11-20T02:00:00Z');
const DAY = 86_400_000;
const policy = defaultPolicy();

const customer = (fields: { ageDays?: number; orders?: number; cases?: number; disputes?: number }): Customer => ({
  ...emptyCustomer('s', 'b'),
  ...(fields.ageDays !== undefined ? { registeredAt: new Date(NOW.getTime() - fields.ageDays * DAY).toISOString() } : {}),
  orderIds: new Set(Array.from({ length: fields.orders ?? 0 }, (_, i) => `o${i}`)),
  caseIds: new Set(Array.from({ length: fields.cases ?? 0 }, (_, i) => `c${i}`)),
  disputeCaseIds: new Set(Array.from({ length: fields.disputes ?? 0 }, (_, i) => `d${i}`)),
});

describe('trust score (fast refund)', () => {
  const trust = (fields: Parameters<typeof customer>[0]) => trustScore(customer(fields), policy.returns.trust, NOW);

  it('trusts a year-old account with few returns and no disputes', () => {
    expect(trust({ ageDays: 400, orders: 5, cases: 0 })).toEqual({ score: 100, trusted: true, parts: { accountAge: 40, returnRate: 30, disputes: 30 } });
    // 40 + 30 × (1 − 0.2 / 0.3) = 40 + 10 + 30.
    expect(trust({ ageDays: 400, orders: 5, cases: 1 })).toMatchObject({ score: 80, trusted: true });
  });

  it('does not trust a new account, a frequent returner, or a buyer with disputes', () => {
    expect(trust({ ageDays: 10, orders: 5 })).toMatchObject({ trusted: false });
    expect(trust({ ageDays: 400, orders: 4, cases: 2 })).toMatchObject({ score: 70, parts: { returnRate: 0 } });
    expect(trust({ ageDays: 400, orders: 5, cases: 1, disputes: 1 })).toMatchObject({ score: 65, trusted: false });
    // An old account with a single order has no return record yet: 70, short of trust.
    expect(trust({ ageDays: 400, orders: 1 })).toMatchObject({ score: 70, trusted: false, parts: { returnRate: 0 } });
    expect(trustScore(undefined, policy.returns.trust, NOW)).toMatchObject({ score: 30, trusted: false });
  });
});

describe('least-loaded assignment', () => {
  it('picks the agent with the fewest open tasks, the first listed on a tie, nobody without agents', () => {
    expect(leastLoadedAgent(['li', 'wang'], [{ assignee: 'li' }, { assignee: 'li' }, { assignee: 'wang' }])).toBe('wang');
    expect(leastLoadedAgent(['li', 'wang'], [{ assignee: 'wang' }, { assignee: 'li' }])).toBe('li');
    expect(leastLoadedAgent(['li', 'wang'], [{ assignee: 'zhang' }, { assignee: 'li' }])).toBe('wang');
    expect(leastLoadedAgent([], [{ assignee: 'li' }])).toBeUndefined();
  });
});

const order: Order = {
  storeId: 's',
  orderId: 'o',
  status: 'delivered',
  placedAt: '2026-11-10T02:00:00Z',
  deliveredAt: '2026-11-15T02:00:00Z',
  items: [
    { sku: 'SHIRT', name: 'Shirt', quantity: 2, unitPrice: 9_900 },
    { sku: 'GIFT-PIN', name: 'Pin', quantity: 1, unitPrice: 0, gift: true },
  ],
  total: 19_800,
  version: 1,
};
const request = (fields: Partial<Case>): Pick<Case, 'type' | 'reason' | 'requestedAt' | 'items' | 'note'> => ({
  type: 'return_refund',
  reason: 'no_reason',
  requestedAt: '2026-11-16T02:00:00Z',
  items: [{ sku: 'SHIRT', quantity: 1 }],
  ...fields,
});

describe('eligibility beyond the windows', () => {
  it('refuses items the order did not sell, in both languages', () => {
    expect(assessEligibility(request({ items: [{ sku: 'OTHER', quantity: 1 }] }), order, policy)).toMatchObject({ eligible: false, rule: 'sold-by-this-store', reasonZh: expect.stringContaining('OTHER') });
  });

  it('reads the non-returnable conditions from the buyer’s note, unless a quality problem makes them returnable', () => {
    expect(assessEligibility(request({ note: '已拆封，不想要了' }), order, policy)).toMatchObject({ eligible: false, rule: 'opened-packaging' });
    expect(assessEligibility(request({ note: '已拆封，发现开线', reason: 'quality' }), order, policy)).toMatchObject({ eligible: true });
    expect(assessEligibility(request({ note: 'I dropped it', reason: 'quality' }), order, policy)).toMatchObject({ eligible: false, rule: 'buyer-damage' });
    expect(assessEligibility(request({ note: '有轻微色差', reason: 'not_as_described' }), order, policy)).toMatchObject({ eligible: false, rule: 'slight-colour-difference' });
  });

  it('returns items listed as non-returnable only for a quality problem', () => {
    const strict = { ...policy, returns: { ...policy.returns, nonReturnableSkus: ['SHIRT'] } };
    expect(assessEligibility(request({}), order, strict)).toMatchObject({ eligible: false, rule: 'non-returnable-item' });
    expect(assessEligibility(request({ reason: 'quality' }), order, strict)).toMatchObject({ eligible: true });
  });

  it('accepts refund-only for a parcel shipped but never received', () => {
    const shipped: Order = { ...order, status: 'shipped', deliveredAt: undefined, shippedAt: '2026-11-12T02:00:00Z' };
    expect(assessEligibility(request({ type: 'refund_only', reason: 'not_received' }), shipped, policy)).toEqual({ eligible: true, rule: 'shipped-not-received' });
  });

  it('puts return shipping on the buyer for the buyer’s own reasons, on the insurance where there is one, else on the store', () => {
    expect(returnShippingPayer({ type: 'return_refund', reason: 'no_reason' }, order)).toBe('buyer');
    expect(returnShippingPayer({ type: 'return_refund', reason: 'no_reason' }, { ...order, shippingInsurance: true })).toBe('shipping_insurance');
    expect(returnShippingPayer({ type: 'exchange', reason: 'wrong_item' }, order)).toBe('store');
    expect(returnShippingPayer({ type: 'refund_only', reason: 'quality' }, order)).toBe('none');
  });

  it('asks for the gifts and the invoice back with a return', () => {
    expect(mustComeBack({ type: 'return_refund' }, { ...order, invoiceIssued: true })).toEqual({ gifts: ['GIFT-PIN'], invoice: true });
    expect(mustComeBack({ type: 'partial_refund' }, order)).toEqual({ gifts: [], invoice: false });
  });
});

const aCase = (fields: Partial<Case>): Case => ({
  caseId: 'c',
  storeId: 's',
  type: 'return_refund',
  status: 'requested',
  orderId: 'o',
  requestId: 'r',
  reason: 'no_reason',
  items: [{ sku: 'SHIRT', quantity: 1 }],
  requestedAt: '',
  createdAt: '',
  updatedAt: '',
  history: [],
  version: 1,
  ...fields,
});

describe('refund amounts', () => {
  it('pays an agreed amount, else the amount asked, else the returned lines, never more than the order', () => {
    expect(refundAmount(aCase({}), order)).toBe(9_900);
    expect(refundAmount(aCase({ items: [] }), order)).toBe(19_800);
    expect(refundAmount(aCase({ amount: 5_000 }), order)).toBe(5_000);
    expect(refundAmount(aCase({ amount: 5_000, agreedAmount: 4_000 }), order)).toBe(4_000);
    expect(refundAmount(aCase({ amount: 50_000 }), order)).toBe(19_800);
  });
});

describe('decisions a task accepts', () => {
  it('follows the transition table and the case’s facts', () => {
    expect(actionsFor('store_decision', aCase({}))).toEqual(['approve', 'reject', 'withdraw']);
    expect(actionsFor('return_parcel', aCase({ status: 'buyer_shipped' }))).toEqual(['delivered_back', 'withdraw']);
    expect(actionsFor('return_parcel', aCase({ status: 'buyer_shipped', trusted: true }))).toEqual(['first_scan', 'delivered_back', 'withdraw']);
    expect(actionsFor('refund_failure', aCase({}))).toEqual(['retry_refund']);
  });

  it('asks each action for what it needs', () => {
    const schema = decisionSchemaFor(['approve', 'reject', 'ship_return', 'partial_refund']);
    expect(schema.safeParse({ decision: 'reject' }).success).toBe(false);
    expect(schema.safeParse({ decision: 'reject', reason: 'worn' }).success).toBe(true);
    expect(schema.safeParse({ decision: 'ship_return', carrier: 'YTO' }).success).toBe(false);
    expect(schema.safeParse({ decision: 'partial_refund', amount: 0, reason: 'stain' }).success).toBe(false);
    expect(schema.safeParse({ decision: 'approve', surprise: true }).success).toBe(false);
  });

  it('describes what each action needs as JSON Schema, for a form to ask for', () => {
    const [approve, reject, shipReturn] = decisionForms(['approve', 'reject', 'ship_return']);
    expect(approve).toMatchObject({ decision: 'approve', schema: { required: ['decision'], properties: { amount: { type: 'integer', minimum: 0 }, reason: { type: 'string' } } } });
    expect(reject).toMatchObject({ decision: 'reject', schema: { required: ['decision', 'reason'], properties: { evidence: { type: 'array' } } } });
    expect(shipReturn?.schema).toMatchObject({ required: ['decision', 'carrier', 'trackingNo'], additionalProperties: false });
  });
});
