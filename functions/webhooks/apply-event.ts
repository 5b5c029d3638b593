import { caseIdFor } from '../cases/case.js';
import { applyOrderEvent, emptyOrder, isKnown, isOrderEvent, type Order, type OrderEvent } from '../orders/order.js';
import { getOrder, updateOrder } from '../orders/order-repository.js';
import { openAftersaleCase } from '../returns/open-case.js';
import { AppError } from '../shared/errors.js';
import { logger } from '../shared/logger.js';
import { getStore } from '../stores/store-repository.js';
import { completeTask } from '../tasks/complete-task.js';
import { listTasksOfCase } from '../tasks/task-repository.js';
import type { NativeEvent, NativeEventOf } from './native-events.js';

/** Events that need facts of their order first; they wait on the order's record until those arrive. */
type NeedsOrder = NativeEventOf<'aftersale.requested'>;
const needsOrder = (event: NativeEvent): event is NeedsOrder => event.type === 'aftersale.requested';

/**
 * Whether the order is far enough along for the request to be judged: a refund-only request needs the
 * order; anything involving goods coming back needs it delivered (or ended), since deliveries can reach
 * us after the request does.
 */
function readyFor(order: Order | undefined, event: NeedsOrder): boolean {
  if (!isKnown(order)) return false;
  if (event.data.type === 'refund_only') return true;
  return Boolean(order.deliveredAt ?? order.completedAt ?? order.cancelledAt);
}

async function deferUntilOrderReady(storeId: string, event: NeedsOrder): Promise<void> {
  await updateOrder(storeId, event.data.orderId, (current) => {
    const order = current ?? emptyOrder(storeId, event.data.orderId);
    if (order.deferred?.some((waiting) => waiting.id === event.id)) return undefined;
    return { ...order, deferred: [...(order.deferred ?? []), event] };
  });
  logger.info('event waits for its order', { type: event.type, eventId: event.id });
}

async function applyToOrder(storeId: string, event: OrderEvent): Promise<void> {
  const order = await updateOrder(storeId, event.data.orderId, (current) => applyOrderEvent(storeId, current, event));
  // What was waiting for this order and can now be judged is applied, then taken off the order.
  const waiting = (order?.deferred ?? []).filter((deferred) => needsOrder(deferred) && readyFor(order, deferred));
  if (!order || waiting.length === 0) return;
  for (const deferred of waiting) await applyEvent(storeId, deferred);
  const applied = new Set(waiting.map((deferred) => deferred.id));
  await updateOrder(storeId, order.orderId, (current) =>
    current ? { ...current, deferred: (current.deferred ?? []).filter((deferred) => !applied.has(deferred.id)) } : undefined,
  );
}

/** The store decided on its own platform: the open store-decision task of the case is completed for it. */
async function recordPlatformDecision(storeId: string, event: NativeEventOf<'aftersale.decided'>): Promise<void> {
  const caseId = caseIdFor('as', storeId, event.data.requestId);
  const task = (await listTasksOfCase(caseId)).find((candidate) => candidate.status === 'open' && candidate.kind === 'store_decision');
  if (!task) {
    logger.info('no open store decision for this request; the platform decision changes nothing', { caseId, eventId: event.id });
    return;
  }
  const outcome = { decision: event.data.decision, by: 'store', at: event.data.decidedAt, ...(event.data.reason ? { reason: event.data.reason } : {}) };
  try {
    await completeTask(task, outcome);
  } catch (error) {
    // Someone decided first, or the deadline decided: the case already moved on.
    if (!(error instanceof AppError && error.status === 409)) throw error;
  }
}

/** Applies one native event to the projections and workflows; every branch tolerates being applied twice. */
export async function applyEvent(storeId: string, event: NativeEvent): Promise<void> {
  if (isOrderEvent(event)) return applyToOrder(storeId, event);
  if (needsOrder(event)) {
    const order = await getOrder(storeId, event.data.orderId);
    if (!readyFor(order, event)) return deferUntilOrderReady(storeId, event);
    const store = await getStore(storeId);
    await openAftersaleCase(storeId, event.data, store, order, new Date());
    return;
  }
  if (event.type === 'aftersale.decided') return recordPlatformDecision(storeId, event);
  logger.info('event stored; nothing processes this type yet', { type: event.type, eventId: event.id });
}
