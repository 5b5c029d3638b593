import { caseIdFor, type Case } from '../cases/case.js';
import { applyOrderEvent, applyTrackingUpdate, emptyOrder, isKnown, isOrderEvent, type Order, type OrderEvent } from '../orders/order.js';
import { findOrderByTracking, getOrder, registerOrderParcel, updateOrder } from '../orders/order-repository.js';
import { openAftersaleCase } from '../returns/open-case.js';
import { requestInvoice } from '../invoices/open-invoice.js';
import { openComplaint } from '../complaints/open-complaint.js';
import { openBulkReview, openPerkRequest } from '../bulk-orders/open-review.js';
import { bulkSignals } from '../bulk-orders/detection.js';
import { bulkReviewIdFor } from '../bulk-orders/bulk-case.js';
import { policyOf } from '../stores/policy.js';
import { logger } from '../shared/logger.js';
import { getStore, getStoreCached } from '../stores/store-repository.js';
import { completeTaskUnlessDecided } from '../tasks/complete-task.js';
import { actionsFor } from '../tasks/decisions.js';
import type { Task, TaskOutcome } from '../tasks/task.js';
import { getCase } from '../cases/case-repository.js';
import { keepReport, takeReport } from '../cases/pending-reports.js';
import { findCaseByReturnTracking, keepEarlyParcelUpdate, parcelReportOf, registerReturnParcel } from '../cases/return-parcel.js';
import { recordCustomerUpdate, recordInvoiceRequest, recordOrder } from '../customers/customer-repository.js';
import { recordOrderSpend } from '../customers/spend.js';
import { followUpIdFor } from '../follow-ups/follow-up.js';
import { recordReview } from '../sweeps/review-sweep.js';
import { rateSatisfaction, receiveBuyerMessage } from '../campaigns/replies.js';
import { listTasksOfCase } from '../tasks/task-repository.js';
import type { NativeEvent, NativeEventOf } from './native-events.js';

/** Events that need facts of their order first; they wait on the order's record until those arrive. */
type NeedsOrder = NativeEventOf<'aftersale.requested'> | NativeEventOf<'invoice.requested'>;
const needsOrder = (event: NativeEvent): event is NeedsOrder => event.type === 'aftersale.requested' || event.type === 'invoice.requested';

/**
 * Whether the order is far enough along for the request to be judged: a refund-only request needs the
 * order; anything involving goods coming back needs it delivered (or ended), since deliveries can reach
 * us after the request does.
 */
function readyFor(order: Order | undefined, event: NeedsOrder): boolean {
  if (!isKnown(order)) return false;
  if (event.type === 'invoice.requested' || event.data.type === 'refund_only') return true;
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

const SPEND_EVENTS = new Set<OrderEvent['type']>(['order.created', 'order.completed', 'order.refunded']);

async function applyToOrder(storeId: string, event: OrderEvent): Promise<void> {
  if (event.type === 'order.created') await recordOrder(storeId, event.data.buyer, event.data.orderId, event.data.placedAt);
  if (event.type === 'order.shipped') await registerOrderParcel(storeId, event.data.orderId, event.data.trackingNo);
  const order = await updateOrder(storeId, event.data.orderId, (current) => applyOrderEvent(storeId, current, event));
  // What the order counts towards membership changes when it completes (or is seen after completing) and when refunded.
  if (order && SPEND_EVENTS.has(event.type)) await recordOrderSpend(order, new Date());
  // A bulk order is held and reviewed; the buyer confirming receipt ends the review that followed it.
  if (event.type === 'order.created' && isKnown(order)) {
    // Every order is checked against the thresholds: the registration read in the last minute will do.
    const store = await getStoreCached(storeId, new Date());
    const signals = bulkSignals(order, policyOf(store).bulkOrders);
    if (signals.length) await openBulkReview(order, signals, 'rule', order.buyerQuestions ?? '', store, new Date());
  }
  if (order) await resolveFollowUps(order, event);
  // Only an order whose review agreed terms has a review waiting for its receipt.
  if (event.type === 'order.completed' && order?.agreedDiscount) await reportOnCase(bulkReviewIdFor(storeId, event.data.orderId), { decision: 'confirm', by: 'buyer', at: event.data.completedAt }, event.id);
  // The parcel with the invoice inside has arrived.
  if (event.type === 'order.delivered' && order?.invoiceId && order.packingInstructions?.some((instruction) => instruction.invoiceId === order.invoiceId)) {
    await reportOnCase(order.invoiceId, { decision: 'delivered', by: 'carrier', at: event.data.deliveredAt }, event.id);
  }
  // What was waiting for this order and can now be judged is applied, then taken off the order.
  const waiting = (order?.deferred ?? []).filter((deferred) => needsOrder(deferred) && readyFor(order, deferred));
  if (!order || waiting.length === 0) return;
  for (const deferred of waiting) await applyEvent(storeId, deferred);
  const applied = new Set(waiting.map((deferred) => deferred.id));
  await updateOrder(storeId, order.orderId, (current) =>
    current ? { ...current, deferred: (current.deferred ?? []).filter((deferred) => !applied.has(deferred.id)) } : undefined,
  );
}

/**
 * The sweep's follow-ups of an order that the order's own news settles: a late shipment once the parcel leaves (or the
 * order ends), a stalled parcel once it arrives. A follow-up already closed takes nothing more.
 */
async function resolveFollowUps(order: Order, event: OrderEvent): Promise<void> {
  const at = new Date().toISOString();
  const settles = { late_shipment: ['order.shipped', 'order.delivered', 'order.completed', 'order.cancelled'], stalled_parcel: ['order.delivered', 'order.completed', 'order.cancelled'] } as const;
  const marked = { late_shipment: order.swept?.lateShipmentAt, stalled_parcel: order.swept?.stalledAt };
  for (const type of ['late_shipment', 'stalled_parcel'] as const) {
    if (marked[type] && (settles[type] as readonly string[]).includes(event.type)) {
      await reportOnCase(followUpIdFor(type, order.storeId, order.orderId), { decision: 'resolved', by: 'store', at, note: event.type }, event.id);
    }
  }
}

/**
 * A storefront reports what the buyer, the store, the platform or the carrier did on a case: the case's open
 * task that accepts that action (per the transition table) is completed with it. Without such a task a
 * decision changes nothing (the case is past that point, or someone decided first), while a lasting fact is
 * kept on the case for the next wait that accepts it (functions/tasks/open-task.ts).
 */
async function reportOnCase(caseId: string, outcome: TaskOutcome, eventId: string): Promise<void> {
  const aCase = await getCase(caseId);
  if (!aCase) return logger.info('a report on an unknown case changes nothing', { caseId, eventId });
  const task = await openTaskTaking(aCase, outcome.decision);
  if (task) return completeTaskUnlessDecided(task, outcome);
  const kept = await keepReport(caseId, outcome);
  // A wait that opened while the report was being kept may have looked for it too early: it takes it now.
  const opened = kept.pendingReports?.some((report) => report.decision === outcome.decision) ? await openTaskTaking(kept, outcome.decision) : undefined;
  if (opened && (await takeReport(caseId, outcome.decision, opened.taskId, new Date()))) await completeTaskUnlessDecided(opened, outcome);
}

/** The case's open task that accepts this decision, per the transition table. */
async function openTaskTaking(aCase: Case, decision: string): Promise<Task | undefined> {
  const open = (await listTasksOfCase(aCase.caseId)).filter((task) => task.status === 'open');
  return open.find((candidate) => actionsFor(candidate.kind, aCase).includes(decision));
}

/**
 * A carrier update: of an order's parcel (kept on the order for the daily sweep; a parcel moving again resolves
 * its stalled-parcel follow-up), of a return parcel (the first scan, for a fast refund to trusted buyers, or its
 * delivery back), or of a parcel nobody has named yet: kept until a return names it (functions/returns/steps.ts).
 */
async function trackParcel(storeId: string, event: NativeEventOf<'logistics.updated'>, named = false): Promise<void> {
  const { trackingNo, ...said } = event.data;
  const aCase = await findCaseByReturnTracking(storeId, trackingNo);
  // Kept under its tracking number, an early update need not repeat it.
  const update = { eventId: event.id, ...said };
  if (aCase) {
    const report = parcelReportOf(update);
    if (report) await reportOnCase(aCase.caseId, report, event.id);
    return;
  }
  const found = await findOrderByTracking(storeId, trackingNo);
  if (found) {
    const stalled = found.swept?.stalledAt !== undefined;
    await updateOrder(storeId, found.orderId, (current) => (current ? applyTrackingUpdate(current, event.data) : undefined));
    if (stalled && event.data.status !== 'exception') await reportOnCase(followUpIdFor('stalled_parcel', storeId, found.orderId), { decision: 'resolved', by: 'carrier', at: event.data.at }, event.id);
    return;
  }
  if (named) return logger.info('carrier update for a return parcel no longer on its way; stored only', { eventId: event.id });
  const kept = await keepEarlyParcelUpdate(storeId, trackingNo, update, new Date());
  // A return named the parcel a moment ago: the update goes to its case after all.
  if (kept === 'known') return trackParcel(storeId, event, true);
  if (kept === 'full') logger.warn('carrier update for a parcel nobody named, beyond the updates kept for it; stored only', { eventId: event.id });
}

/** Applies one native event to the projections and workflows; every branch tolerates being applied twice. */
export async function applyEvent(storeId: string, event: NativeEvent): Promise<void> {
  if (isOrderEvent(event)) return applyToOrder(storeId, event);
  if (needsOrder(event)) {
    const order = await getOrder(storeId, event.data.orderId);
    if (!readyFor(order, event)) return deferUntilOrderReady(storeId, event);
    const store = await getStore(storeId);
    if (event.type === 'invoice.requested') {
      const { orderId, ...request } = event.data;
      if (order?.buyer) await recordInvoiceRequest(storeId, order.buyer.id, orderId);
      return requestInvoice(storeId, orderId, request, store, new Date());
    }
    await openAftersaleCase(storeId, event.data, store, order, new Date());
    return;
  }
  const caseOf = (requestId: string) => caseIdFor('as', storeId, requestId);
  switch (event.type) {
    case 'aftersale.decided': {
      const { requestId, decision, reason, decidedAt } = event.data;
      await reportOnCase(caseOf(requestId), { decision, by: 'store', at: decidedAt, ...(reason ? { reason } : {}) }, event.id);
      return;
    }
    case 'aftersale.return_shipped': {
      const { requestId, carrier, trackingNo, shippedAt } = event.data;
      await reportOnCase(caseOf(requestId), { decision: 'ship_return', by: 'buyer', at: shippedAt, carrier, trackingNo, shippedAt }, event.id);
      // Carrier updates may follow at once, before the workflow records the shipment: the parcel is known from now on.
      // What the carrier said before goes to the case when the workflow records the shipment.
      await registerReturnParcel(caseOf(requestId), storeId, trackingNo);
      return;
    }
    case 'aftersale.revised': {
      const { requestId, revisedAt, ...details } = event.data;
      await reportOnCase(caseOf(requestId), { decision: 'revise', by: 'buyer', at: revisedAt, ...details }, event.id);
      return;
    }
    case 'aftersale.escalated': {
      const { requestId, escalatedAt, ...details } = event.data;
      await reportOnCase(caseOf(requestId), { decision: 'escalate', by: 'buyer', at: escalatedAt, ...details }, event.id);
      return;
    }
    case 'aftersale.ruled': {
      const { requestId, ruling, ruledAt, note } = event.data;
      await reportOnCase(caseOf(requestId), { decision: `rule_${ruling}`, by: 'platform', at: ruledAt, ...(note ? { note } : {}) }, event.id);
      return;
    }
    case 'aftersale.cancelled':
      return reportOnCase(caseOf(event.data.requestId), { decision: 'withdraw', by: 'buyer', at: event.data.cancelledAt }, event.id);
    case 'logistics.updated':
      return trackParcel(storeId, event);
    case 'complaint.opened': {
      const { complaintId, buyerId, orderId, severity, text, openedAt } = event.data;
      await openComplaint(storeId, { complaintId, buyerId, ...(orderId ? { orderId } : {}), severity, text, openedAt, channel: 'storefront' }, await getStore(storeId), new Date());
      return;
    }
    case 'perk.requested': {
      const { requestedAt: _at, ...request } = event.data;
      await openPerkRequest(storeId, request, await getOrder(storeId, request.orderId), await getStore(storeId), new Date());
      return;
    }
    case 'message.received':
      return receiveBuyerMessage(storeId, event.data, await getStoreCached(storeId, new Date()), new Date());
    case 'satisfaction.rated':
      return rateSatisfaction(storeId, event.data, await getStoreCached(storeId, new Date()), new Date());
    case 'review.posted':
      return recordReview(storeId, event.data, await getStoreCached(storeId, new Date()), new Date());
    case 'customer.updated':
      return recordCustomerUpdate(storeId, event);
    case 'invoice.confirmed': {
      const invoiceId = (await getOrder(storeId, event.data.orderId))?.invoiceId;
      if (invoiceId) await reportOnCase(invoiceId, { decision: 'confirm', by: 'buyer', at: event.data.confirmedAt }, event.id);
      return;
    }
  }
  logger.info('event stored; nothing processes this type yet', { type: event.type, eventId: event.id });
}
