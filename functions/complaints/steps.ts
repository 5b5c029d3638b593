import middy from '@middy/core';
import { applyRow, rowStepSchema, type Decision, type RowApplier } from '../cases/apply-row.js';
import { recordComplaint } from '../customers/customer-repository.js';
import { getOrder } from '../orders/order-repository.js';
import { notifyBuyer } from '../returns/buyer-messages.js';
import { openAftersaleCase } from '../returns/open-case.js';
import { recordCount } from '../shared/metrics.js';
import { parseWith } from '../shared/parse.js';
import { localDate } from '../shared/local-time.js';
import { policyOf } from '../stores/policy.js';
import { getStore } from '../stores/store-repository.js';
import type { Store } from '../stores/store.js';
import { logForDay } from '../sweeps/day-log.js';
import type { Breach, ComplaintCase } from './complaint.js';
import { complaintTransitionOf, COMPLAINT_STEPS as S, type ComplaintTransition } from './transitions.js';


const BREACH_OF: Partial<Record<string, Breach['kind']>> = {
  [S.recordMissedAnswer]: 'answer_deadline',
  [S.recordSupervisorLate]: 'supervisor_deadline',
  [S.recordMissedCallback]: 'callback_missed',
};

/** The after-sales request a solution stands for: a return, a refund, or a replacement (an exchange). */
const AFTERSALE_OF = { return: 'return_refund', refund: 'refund_only', replacement: 'exchange' } as const;
const REASON_OF = { product_quality: 'quality', wrong_item: 'wrong_item', logistics: 'damaged', service: 'other', buyers_own_reason: 'no_reason' } as const;

/** A solution that is a return, a refund or a replacement opens the matching after-sales case for the complaint's order. */
async function openSolutionCase(complaint: ComplaintCase, answer: Record<string, unknown>, store: Store | undefined, now: Date): Promise<string | undefined> {
  const solution = answer.solution as keyof typeof AFTERSALE_OF | undefined;
  const type = solution ? AFTERSALE_OF[solution] : undefined;
  if (!type || !complaint.orderId) return undefined;
  const order = await getOrder(complaint.storeId, complaint.orderId);
  if (!order) return undefined;
  const category = answer.category as keyof typeof REASON_OF;
  const opened = await openAftersaleCase(
    complaint.storeId,
    { requestId: `complaint-${complaint.complaintId}`, orderId: complaint.orderId, type, reason: REASON_OF[category] ?? 'other', items: [], note: String(answer.facts ?? ''), requestedAt: now.toISOString() },
    store,
    order,
    now,
  );
  return opened.caseId;
}

/** The case's changes for a row: the answer's facts and solution, the call-back times, the closing, a breach. */
async function perform(row: ComplaintTransition, complaint: ComplaintCase, decision: Decision, store: Store | undefined, now: Date): Promise<Partial<ComplaintCase>> {
  const at = now.toISOString();
  const breachKind = BREACH_OF[row.step];
  if (breachKind) {
    const breach: Breach = { kind: breachKind, at, ...(complaint.callbackAt && breachKind === 'callback_missed' ? { dueAt: complaint.callbackAt } : {}) };
    await logForDay(complaint.storeId, localDate(now, store?.timezone ?? 'Asia/Shanghai'), 'breach', `${complaint.caseId}#${breach.kind}#${at}`, { caseId: complaint.caseId, ...breach });
    return { breaches: [...complaint.breaches, breach] };
  }
  if (row.action !== 'promise_callback' && row.action !== 'close') return {};
  const { decision: _action, by: _by, at: _at, ...answer } = decision ?? { decision: '', by: '', at: '' };
  const aftersaleCaseId = complaint.aftersaleCaseId ?? (await openSolutionCase(complaint, answer, store, now));
  const changes: Partial<ComplaintCase> = {
    category: answer.category as ComplaintCase['category'],
    facts: String(answer.facts),
    solution: answer.solution as ComplaintCase['solution'],
    ...(aftersaleCaseId ? { aftersaleCaseId } : {}),
  };
  if (row.action === 'promise_callback') return { ...changes, callbackAt: String(answer.callbackAt) };
  if (row.to === 'closed') return { ...changes, closedAt: at, handlingMinutes: Math.round((now.getTime() - Date.parse(complaint.openedAt)) / 60_000) };
  return changes;
}

/** When the reminder of a promised call-back comes (its task appears), and how long the task then has. */
function callbackTimes(callbackAt: string, store: Store | undefined, now: Date) {
  const due = Date.parse(callbackAt);
  const remindAt = Math.max(now.getTime(), due - policyOf(store).complaints.callbackReminderSeconds * 1000);
  return { remindAt: new Date(remindAt).toISOString(), callbackWindowSeconds: Math.max(1, Math.round((due - remindAt) / 1000)) };
}

/** The complaint's rows, applied as every workflow applies its rows. */
const complaintRows: RowApplier<ComplaintCase, ComplaintTransition> = {
  workflow: 'complaints',
  rowOf: (state, complaint, decision) => complaintTransitionOf(state, complaint.status, typeof decision?.outcome === 'string' ? decision.outcome : undefined),
  perform: async (row, complaint, applies, now) => perform(row, complaint, applies, await getStore(complaint.storeId), now),
  details: (_row, { breaches: _breaches, ...details }) => details,
  outcome: (row, _changed, applies) => (row.to === 'closed' && typeof applies?.outcome === 'string' ? applies.outcome : undefined),
  afterwards: async (row, updated, applies, now) => {
    // Counted once the row is recorded, not where it is logged: a retried step may log it again, never count it again.
    if (BREACH_OF[row.step]) recordCount('DeadlineBreaches');
    const store = await getStore(updated.storeId);
    if (typeof applies?.message === 'string') await notifyBuyer(updated, store, 'complaint.reply', { message: applies.message }, now, String(updated.history.length));
    if (row.to !== 'closed') return;
    if (updated.buyerId) await recordComplaint(updated.storeId, updated.buyerId, updated.caseId, 'closed');
    const { caseId, category, solution, outcome, handlingMinutes, severity } = updated;
    await logForDay(updated.storeId, localDate(now, store?.timezone ?? 'Asia/Shanghai'), 'complaint', caseId, { caseId, category, solution, outcome, handlingMinutes, severity, breaches: updated.breaches.length });
  },
  facts: async (complaint) => {
    const store = await getStore(complaint.storeId);
    return { status: complaint.status, ...(complaint.callbackAt ? callbackTimes(complaint.callbackAt, store, new Date()) : {}) };
  },
};

/** The complaints workflow's Lambda steps; each is idempotent, because Step Functions may run a step twice. */
export const handler = middy<unknown, Record<string, unknown>>().handler(async (event) => applyRow(complaintRows, parseWith(rowStepSchema('transition'), event, 'complaint step input'), new Date()));
