/** A small deterministic random source, so the same seed plays the same week. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

export type StoreDecision = 'approve' | 'reject' | 'none';

export type PlannedAction =
  | { at: number; kind: 'webhook'; type: string; data: Record<string, unknown>; label: string }
  | { at: number; kind: 'decide'; caseRequestId: string; decision: Exclude<StoreDecision, 'none'>; agentId: string };

export interface DemoPlan {
  actions: PlannedAction[];
  orders: number;
  requests: number;
  end: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

const CATALOGUE = [
  { sku: 'LINEN-SHIRT', name: 'Linen shirt', unitPrice: 12_900 },
  { sku: 'SILK-SCARF', name: 'Silk scarf', unitPrice: 8_800 },
  { sku: 'WOOL-COAT', name: 'Wool coat', unitPrice: 59_900 },
  { sku: 'CANVAS-BAG', name: 'Canvas tote bag', unitPrice: 4_500 },
];

/**
 * A week of a small store as the storefront would report it: orders placed through the days, paid,
 * shipped, delivered; some buyers ask for a return (a few too late); agents approve or reject some
 * requests the next morning and leave the rest for the deadline to decide.
 */
export function planDemo(options: { orders: number; days: number; start: number; seed: number }): DemoPlan {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const actions: PlannedAction[] = [];
  let requests = 0;
  const span = options.days * DAY;
  for (let index = 0; index < options.orders; index++) {
    const orderId = `DEMO-${String(index + 1).padStart(4, '0')}`;
    const item = pick(CATALOGUE);
    const quantity = 1 + Math.floor(random() * 2);
    const placedAt = options.start + Math.floor((index / options.orders) * span * 0.7) + Math.floor(random() * 6 * HOUR);
    const paidAt = placedAt + 10 * 60_000;
    const shippedAt = paidAt + 12 * HOUR + Math.floor(random() * 24 * HOUR);
    const deliveredAt = shippedAt + 24 * HOUR + Math.floor(random() * 24 * HOUR);
    const buyer = { id: `buyer-${1 + Math.floor(random() * options.orders * 0.8)}`, registeredAt: iso(options.start - 400 * DAY) };
    actions.push(
      { at: placedAt, kind: 'webhook', type: 'order.created', label: orderId, data: { orderId, buyer, items: [{ ...item, quantity }], total: item.unitPrice * quantity, placedAt: iso(placedAt) } },
      { at: paidAt, kind: 'webhook', type: 'order.paid', label: orderId, data: { orderId, paidAt: iso(paidAt) } },
      { at: shippedAt, kind: 'webhook', type: 'order.shipped', label: orderId, data: { orderId, carrier: 'SF Express', trackingNo: `SF${900000 + index}`, shippedAt: iso(shippedAt) } },
      { at: deliveredAt, kind: 'webhook', type: 'order.delivered', label: orderId, data: { orderId, deliveredAt: iso(deliveredAt) } },
    );
    if (random() >= 0.35) continue;
    requests += 1;
    const requestId = `RMA-${orderId}`;
    // Most buyers ask within the 7-day window; about one in six asks too late.
    const requestedAt = deliveredAt + (random() < 0.85 ? 6 * HOUR + Math.floor(random() * 5 * DAY) : 8 * DAY + Math.floor(random() * 2 * DAY));
    actions.push({
      at: requestedAt,
      kind: 'webhook',
      type: 'aftersale.requested',
      label: requestId,
      data: { requestId, orderId, type: 'return_refund', reason: pick(['no_reason', 'no_reason', 'quality', 'not_as_described'] as const), items: [{ sku: item.sku, quantity: 1 }], requestedAt: iso(requestedAt) },
    });
    const roll = random();
    const decision: StoreDecision = roll < 0.45 ? 'approve' : roll < 0.6 ? 'reject' : 'none';
    if (decision !== 'none') {
      actions.push({ at: requestedAt + 14 * HOUR + Math.floor(random() * 8 * HOUR), kind: 'decide', caseRequestId: requestId, decision, agentId: pick(['agent-li', 'agent-wang', 'agent-zhang']) });
    }
  }
  actions.sort((a, b) => a.at - b.at);
  const last = actions.at(-1)?.at ?? options.start;
  // Leave time for every deadline (48 h for the store) to pass after the last request.
  return { actions, orders: options.orders, requests, end: Math.max(last, options.start + span) + 3 * DAY };
}
