import { setTimeout as sleep } from 'node:timers/promises';
import { deliveredOrderEvents, returnRequest, type StorefrontClient } from '../../local/storefront-client.js';

/**
 * The promises fault injection has to keep, each read back through what an admin (or the outside service) sees:
 * no accepted webhook lost, no case stuck without a deadline, no refund paid twice, every failure visible.
 */

interface CaseView {
  caseId: string;
  status: string;
  orderId: string;
}

interface ExecutionView {
  workflow: string;
  status: string;
  currentState?: string;
}

/**
 * The store's cases that are not closed and have nothing that will move them: no open task with a due time, and no
 * running execution waiting in a Wait state (a timer). Each is named with where its execution is, so a failed
 * execution reads as such. Call it once the cloud has settled: a case between two waits has neither.
 */
export async function casesWithoutDeadline(shop: StorefrontClient): Promise<string[]> {
  const [{ items: cases }, { items: tasks }] = await Promise.all([
    shop.adminJson<{ items: CaseView[] }>('GET', `/admin/cases?storeId=${shop.storeId}`),
    shop.adminJson<{ items: Array<{ caseId: string; dueAt?: string }> }>('GET', `/admin/tasks?storeId=${shop.storeId}&status=open`),
  ]);
  const withDueTask = new Set(tasks.filter((task) => task.dueAt !== undefined && !Number.isNaN(Date.parse(task.dueAt))).map((task) => task.caseId));
  const stuck: string[] = [];
  for (const aCase of cases.filter((candidate) => candidate.status !== 'closed' && !withDueTask.has(candidate.caseId))) {
    const response = await shop.admin('GET', `/admin/executions/${aCase.caseId}`);
    const execution = response.ok ? ((await response.json()) as ExecutionView) : undefined;
    if (execution?.status === 'RUNNING' && execution.currentState && (await isWaitState(shop, execution.workflow, execution.currentState))) continue;
    stuck.push(`${aCase.caseId} (${aCase.status}): execution ${execution ? `${execution.status}${execution.currentState ? ` in "${execution.currentState}"` : ''}` : 'missing'}`);
  }
  return stuck;
}

async function isWaitState(shop: StorefrontClient, workflow: string, state: string): Promise<boolean> {
  const { definition } = await shop.adminJson<{ definition: { States?: Record<string, { Type?: string }> } }>('GET', `/admin/workflows/${workflow}`);
  return definition.States?.[state]?.Type === 'Wait';
}

interface LedgerEntry {
  idempotencyKey: string;
  orderId: string;
  amount: number;
}

/** The payment service's ledger: every refund it paid. */
export async function paidRefunds(baseUrl: string): Promise<LedgerEntry[]> {
  return ((await (await fetch(`${baseUrl}/local/payments/refunds`)).json()) as { items: LedgerEntry[] }).items;
}

/**
 * Orders the payment service refunded more than once, whatever the keys: each order of these tests has one case, so
 * a second payment for it is a refund paid twice even if a bug made up a second key.
 */
export async function ordersRefundedTwice(baseUrl: string): Promise<string[]> {
  const perOrder = new Map<string, number>();
  for (const entry of await paidRefunds(baseUrl)) perOrder.set(entry.orderId, (perOrder.get(entry.orderId) ?? 0) + 1);
  return [...perOrder].filter(([, count]) => count > 1).map(([orderId, count]) => `${orderId} refunded ${count} times`);
}

/** One webhook the storefront sent until it was accepted: its event id and what it asked for. */
export interface AcceptedEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Sends an event as a storefront does: again while the answer is a 5xx or no answer at all (the connection refused or
 * reset), until it is accepted (`202`) or found already accepted (`200` duplicate: an earlier try was stored though its
 * answer was lost). Anything else fails the test.
 */
export async function deliverUntilAccepted(shop: StorefrontClient, type: string, data: Record<string, unknown>, id: string, attempts = 20): Promise<AcceptedEvent> {
  let last = '';
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const sent = await shop.send(type, data, { id });
      if (sent.status === 202 || (sent.status === 200 && sent.body.duplicate === true)) return { id, type, data };
      if (sent.status < 500) throw new Error(`${type} ${id} was refused with ${sent.status}: ${JSON.stringify(sent.body)}`);
      last = `${sent.status} ${JSON.stringify(sent.body)}`;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      last = String(error.cause ?? error);
    }
    await sleep(100 * (attempt + 1));
  }
  throw new Error(`${type} ${id} was never accepted; last answer: ${last}`);
}

/** The store's parked deliveries (processing kept failing): what an admin sees of them. */
export async function parkedDeliveries(shop: StorefrontClient): Promise<Array<{ eventId: string; reason: string }>> {
  return (await shop.adminJson<{ items: Array<{ eventId: string; reason: string }> }>('GET', `/admin/parked?storeId=${shop.storeId}`)).items;
}

/**
 * Accepted events that neither had their effect nor are parked where an admin sees them. `hasEffect` says, from the
 * admin API or the tables, whether an event was processed.
 */
export async function lostEvents(shop: StorefrontClient, accepted: AcceptedEvent[], hasEffect: (event: AcceptedEvent) => Promise<boolean>): Promise<string[]> {
  const parked = new Set((await parkedDeliveries(shop)).map((item) => item.eventId));
  const lost: string[] = [];
  for (const event of accepted) if (!parked.has(event.id) && !(await hasEffect(event))) lost.push(`${event.type} ${event.id}`);
  return lost;
}

/** The case a refund request of `requestRefund` opens. */
export const refundCaseId = (shop: StorefrontClient, requestId: string) => `as-${shop.storeId}-${requestId}`;

/** A storefront's events for one refund: an order played to delivery, then a refund-only request for a quality problem. */
export function refundEvents(requestId: string): Array<AcceptedEvent> {
  const orderId = `o-${requestId}`;
  return [...deliveredOrderEvents({ orderId, buyerId: `buyer-${requestId}`, unitPrice: 5_000 }), ['aftersale.requested', returnRequest(requestId, orderId, { type: 'refund_only', reason: 'quality' })] as const].map(
    ([type, data]) => ({ id: `evt-${requestId}-${type}`, type, data }),
  );
}

/** Sends the events of `refundEvents` in order, each until it is accepted. */
export async function requestRefund(shop: StorefrontClient, requestId: string): Promise<AcceptedEvent[]> {
  const accepted: AcceptedEvent[] = [];
  for (const event of refundEvents(requestId)) accepted.push(await deliverUntilAccepted(shop, event.type, event.data, event.id));
  return accepted;
}

/**
 * Whether an event of `refundEvents` had its effect, as an admin sees it: the request opened its case, and the order's
 * events let the eligibility rules find the request eligible (they need the order known, with the item, and delivered).
 */
export function refundEventEffect(shop: StorefrontClient): (event: AcceptedEvent) => Promise<boolean> {
  return async (event) => {
    const requestId = event.type === 'aftersale.requested' ? String(event.data.requestId) : String(event.data.orderId).replace(/^o-/, '');
    const response = await shop.admin('GET', `/admin/cases/${refundCaseId(shop, requestId)}`);
    if (!response.ok) return false;
    return event.type === 'aftersale.requested' || ((await response.json()) as { eligible?: boolean }).eligible === true;
  };
}
