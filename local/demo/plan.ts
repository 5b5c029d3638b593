import type { CaseType } from '../../functions/cases/case.js';
import type { CaseTaskKind } from '../../functions/returns/transitions.js';

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

export type PlannedAction =
  | { at: number; kind: 'webhook'; type: string; data: Record<string, unknown>; label: string }
  /** A decision taken through the admin API on the case's open task of that kind (skipped if there is none). */
  | { at: number; kind: 'decide'; requestId: string; task: CaseTaskKind; decision: string; details: Record<string, unknown>; agentId: string };

export interface DemoPlan {
  actions: PlannedAction[];
  orders: number;
  requests: number;
  /** Requests sent after their window, which the eligibility rules refuse. */
  late: number;
  /** When every case has ended, whatever path it took: all deadlines after the last request have passed. */
  end: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/** The store's policy defaults (functions/stores/policy.ts) that the plan has to wait for. */
const DEADLINE = { storeDecision: 2 * DAY, buyerRevise: 5 * DAY, platformRuling: 5 * DAY, buyerShipReturn: 7 * DAY, returnTransit: 15 * DAY, confirmReceipt: 10 * DAY };
/** The longest way through the workflow: every wait of the longest path runs to its deadline. */
const LONGEST_CASE = DEADLINE.storeDecision + DEADLINE.buyerRevise + DEADLINE.platformRuling + DEADLINE.buyerShipReturn + DEADLINE.returnTransit + DEADLINE.confirmReceipt;

const CATALOGUE = [
  { sku: 'LINEN-SHIRT', name: 'Linen shirt', unitPrice: 12_900 },
  { sku: 'SILK-SCARF', name: 'Silk scarf', unitPrice: 8_800 },
  { sku: 'WOOL-COAT', name: 'Wool coat', unitPrice: 59_900 },
  { sku: 'CANVAS-BAG', name: 'Canvas tote bag', unitPrice: 4_500 },
];

/** How the people of the demo behave: the weight of each choice at each point of a case. */
const ODDS = {
  request: { return_refund: 55, refund_only: 18, exchange: 17, partial_refund: 10 },
  store: { approve: 45, reject: 30, deadline: 25 },
  /** A revised request is not rejected a second time. */
  storeAfterRevision: { approve: 60, reject: 0, deadline: 40 },
  buyerAfterRejection: { revise: 35, escalate: 40, nothing: 25 },
  platform: { for_buyer: 40, for_store: 40, deadline: 20 },
  returnShipment: { ship: 85, never: 15 },
  carrier: { delivered: 90, lost: 10 },
  receipt: { restock: 70, partial_refund: 12, deadline: 18 },
} as const;

const REQUEST_SHARE = 0.45;
/** About one request in eight comes after its window (7 days without reason, 15 for quality). */
const LATE_SHARE = 0.12;
const REASONS: Record<CaseType, readonly string[]> = {
  return_refund: ['no_reason', 'no_reason', 'quality', 'not_as_described'],
  refund_only: ['quality', 'not_received'],
  exchange: ['quality'],
  partial_refund: ['quality', 'not_as_described'],
};
const RETURNS: readonly CaseType[] = ['return_refund', 'exchange'];
/** The store's agents: tasks are assigned among them, and whoever a case is assigned to decides it. */
export const STORE_AGENTS = ['agent-li', 'agent-wang', 'agent-zhang'];
const WAREHOUSE_STAFF = ['warehouse-chen', 'warehouse-zhao'];
const REJECTIONS = ['The photos show the item was worn; we cannot accept the return.', 'The tag has been removed.', 'The defect shown is within the normal tolerance of handmade goods.'];
const FINDINGS = ['Stains on the fabric; part of the price is refunded.', 'A missing button; part of the price is refunded.'];

interface PlannedRequest {
  requestId: string;
  type: CaseType;
  unitPrice: number;
  trackingNo: string;
}

/**
 * A week of a small store as the storefront would report it: orders placed through the days, paid, shipped,
 * delivered; some buyers ask for after-sales (a few too late). Each request is then played to its end: the store
 * approves, rejects or lets the deadline decide; a rejected buyer revises, escalates to the platform or gives up;
 * goods are shipped back (or not), carried, and confirmed at the warehouse (or left to the deadline).
 */
export function planDemo(options: { orders: number; days: number; start: number; seed: number }): DemoPlan {
  const random = seededRandom(options.seed);
  const between = (from: number, to: number) => from + Math.floor(random() * (to - from));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const choose = <K extends string>(odds: Readonly<Record<K, number>>): K => {
    const entries = Object.entries(odds) as Array<[K, number]>;
    let roll = random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [choice, weight] of entries) if ((roll -= weight) < 0) return choice;
    return (entries.at(-1) as [K, number])[0];
  };
  /** A share of a price in whole yuan, in fen. */
  const share = (price: number, part: number) => Math.max(100, Math.round((price * part) / 100) * 100);

  const actions: PlannedAction[] = [];
  const send = (at: number, type: string, label: string, data: Record<string, unknown>) => actions.push({ at, kind: 'webhook', type, label, data });
  const decide = (at: number, request: PlannedRequest, task: CaseTaskKind, decision: string, details: Record<string, unknown> = {}) =>
    actions.push({ at, kind: 'decide', requestId: request.requestId, task, decision, details, agentId: pick(task === 'store_decision' ? STORE_AGENTS : WAREHOUSE_STAFF) });

  /** The store decides on a request waiting since `openedAt`; answers when it was agreed, or undefined when it ended. */
  function storeDecides(request: PlannedRequest, openedAt: number, odds: Record<'approve' | 'reject' | 'deadline', number>): number | undefined {
    const choice = choose(odds);
    if (choice === 'deadline') return openedAt + DEADLINE.storeDecision;
    const at = openedAt + between(14 * HOUR, 22 * HOUR);
    if (choice === 'approve') {
      const counterOffer = request.type === 'partial_refund' && random() < 0.5 ? { amount: share(request.unitPrice, 0.2) } : {};
      decide(at, request, 'store_decision', 'approve', counterOffer);
      return at;
    }
    decide(at, request, 'store_decision', 'reject', { reason: pick(REJECTIONS) });
    return buyerResponds(request, at);
  }

  /** After a rejection: the buyer revises, escalates to the platform, or lets the case close. */
  function buyerResponds(request: PlannedRequest, rejectedAt: number): number | undefined {
    const { requestId } = request;
    const choice = choose(ODDS.buyerAfterRejection);
    if (choice === 'nothing') return undefined;
    const at = rejectedAt + between(DAY, 3 * DAY);
    if (choice === 'revise') {
      const revision = request.type === 'partial_refund' ? { amount: share(request.unitPrice, 0.15) } : { note: 'More photos of the problem attached.' };
      send(at, 'aftersale.revised', requestId, { requestId, ...revision, revisedAt: iso(at) });
      return storeDecides(request, at, ODDS.storeAfterRevision);
    }
    send(at, 'aftersale.escalated', requestId, { requestId, note: 'The store refuses a clear defect.', escalatedAt: iso(at) });
    const ruling = choose(ODDS.platform);
    if (ruling === 'deadline') return at + DEADLINE.platformRuling;
    const ruledAt = at + between(DAY, 4 * DAY);
    send(ruledAt, 'aftersale.ruled', requestId, { requestId, ruling, ruledAt: iso(ruledAt) });
    return ruling === 'for_buyer' ? ruledAt : undefined;
  }

  /** Agreed goods come back: shipped by the buyer (or never), carried (or lost), confirmed at the warehouse. */
  function goodsComeBack(request: PlannedRequest, agreedAt: number): void {
    const { requestId, trackingNo } = request;
    if (!RETURNS.includes(request.type) || choose(ODDS.returnShipment) === 'never') return;
    const shippedAt = agreedAt + between(DAY, 3 * DAY);
    send(shippedAt, 'aftersale.return_shipped', requestId, { requestId, carrier: 'YTO Express', trackingNo, shippedAt: iso(shippedAt) });
    const scannedAt = shippedAt + between(20 * HOUR, 28 * HOUR);
    send(scannedAt, 'logistics.updated', trackingNo, { trackingNo, status: 'in_transit', at: iso(scannedAt) });
    // A lost parcel counts as delivered back when its transit deadline passes.
    let backAt = shippedAt + DEADLINE.returnTransit;
    if (choose(ODDS.carrier) === 'delivered') {
      backAt = shippedAt + between(44 * HOUR, 56 * HOUR);
      send(backAt, 'logistics.updated', trackingNo, { trackingNo, status: 'delivered', at: iso(backAt) });
    }
    const receipt = choose(ODDS.receipt);
    if (receipt === 'deadline') return;
    const finding = receipt === 'partial_refund' ? { amount: share(request.unitPrice, 0.4), reason: pick(FINDINGS) } : {};
    decide(backAt + between(6 * HOUR, 30 * HOUR), request, 'receipt_confirmation', receipt, finding);
  }

  // Buyers registered about 400 days ago are trusted on their record; new accounts are not (functions/customers/trust.ts).
  const buyers = Array.from({ length: Math.max(1, Math.ceil(options.orders * 0.6)) }, (_, index) => ({
    id: `buyer-${index + 1}`,
    registeredAt: iso(options.start - (random() < 0.5 ? between(380, 420) : between(15, 75)) * DAY),
  }));
  let requests = 0;
  let late = 0;
  let lastRequestAt = options.start;
  const span = options.days * DAY;
  for (let index = 0; index < options.orders; index++) {
    const orderId = `DEMO-${String(index + 1).padStart(4, '0')}`;
    const item = pick(CATALOGUE);
    const quantity = 1 + Math.floor(random() * 2);
    const placedAt = options.start + Math.floor((index / options.orders) * span * 0.7) + between(0, 6 * HOUR);
    const paidAt = placedAt + 10 * 60_000;
    const shippedAt = paidAt + between(12 * HOUR, 36 * HOUR);
    const deliveredAt = shippedAt + between(DAY, 2 * DAY);
    const type = random() < REQUEST_SHARE ? choose(ODDS.request) : undefined;
    const reason = type && pick(REASONS[type]);
    // A parcel the buyer says never came is not reported delivered.
    const delivered = reason !== 'not_received';
    send(placedAt, 'order.created', orderId, { orderId, buyer: pick(buyers), items: [{ ...item, quantity }], total: item.unitPrice * quantity, placedAt: iso(placedAt) });
    send(paidAt, 'order.paid', orderId, { orderId, paidAt: iso(paidAt) });
    send(shippedAt, 'order.shipped', orderId, { orderId, carrier: 'SF Express', trackingNo: `SF${900000 + index}`, shippedAt: iso(shippedAt) });
    if (delivered) send(deliveredAt, 'order.delivered', orderId, { orderId, deliveredAt: iso(deliveredAt) });
    if (!type || !reason) continue;

    requests += 1;
    const request: PlannedRequest = { requestId: `RMA-${orderId}`, type, unitPrice: item.unitPrice, trackingNo: `YT${700000 + index}` };
    const tooLate = delivered && random() < LATE_SHARE;
    const window = reason === 'no_reason' ? 7 * DAY : 15 * DAY;
    const requestedAt = !delivered ? shippedAt + between(3 * DAY, 5 * DAY) : tooLate ? deliveredAt + window + between(DAY, 3 * DAY) : deliveredAt + between(6 * HOUR, 5 * DAY);
    lastRequestAt = Math.max(lastRequestAt, requestedAt);
    send(requestedAt, 'aftersale.requested', request.requestId, {
      requestId: request.requestId,
      orderId,
      type,
      reason,
      items: [{ sku: item.sku, quantity: 1 }],
      ...(type === 'partial_refund' ? { amount: share(item.unitPrice, 0.3) } : {}),
      requestedAt: iso(requestedAt),
    });
    if (tooLate) {
      late += 1;
      continue;
    }
    const agreedAt = storeDecides(request, requestedAt, ODDS.store);
    if (agreedAt !== undefined) goodsComeBack(request, agreedAt);
  }
  actions.sort((a, b) => a.at - b.at);
  const last = actions.at(-1)?.at ?? options.start;
  return { actions, orders: options.orders, requests, late, end: Math.max(last, lastRequestAt + LONGEST_CASE) + DAY };
}
