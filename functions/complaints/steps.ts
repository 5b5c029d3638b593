import middy from '@middy/core';
import { z } from 'zod';
import { getCase, updateCase } from '../cases/case-repository.js';
import type { HistoryEntry } from '../cases/case.js';
import { recordComplaint } from '../customers/customer-repository.js';
import { getOrder } from '../orders/order-repository.js';
import { notifyBuyer } from '../returns/buyer-messages.js';
import { openAftersaleCase } from '../returns/open-case.js';
import { parseWith } from '../shared/parse.js';
import { localDate } from '../sweeps/daily-report.js';
import { policyOf } from '../stores/policy.js';
import { getStore } from '../stores/store-repository.js';
import type { Store } from '../stores/store.js';
import { closeTask, listTasksOfCase } from '../tasks/task-repository.js';
import { logForDay } from '../sweeps/day-log.js';
import type { Breach, ComplaintCase } from './complaint.js';
import { complaintTransitionOf, COMPLAINT_STEPS as S, type ComplaintTransition } from './transitions.js';

const decisionSchema = z.looseObject({ decision: z.string(), by: z.string(), at: z.string() }).nullable();
const stepSchema = z.object({ step: z.literal('transition'), caseId: z.string(), state: z.string(), decision: decisionSchema, by: z.literal('timeout').optional() });
type Step = z.output<typeof stepSchema>;
type Decision = z.output<typeof decisionSchema>;

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

async function applyTransition(step: Step, now: Date): Promise<Record<string, unknown>> {
  const at = now.toISOString();
  const complaint = await getCase<ComplaintCase>(step.caseId);
  if (!complaint) throw new Error(`complaint ${step.caseId} does not exist`);
  // The state's input keeps the last decision; only a step right after a decision applies it.
  const decided = step.by === undefined ? step.decision : null;
  const outcome = typeof decided?.outcome === 'string' ? decided.outcome : undefined;
  const row = complaintTransitionOf(step.state, complaint.status, outcome);
  const store = await getStore(complaint.storeId);
  const facts = (current: ComplaintCase) => ({ status: current.status, ...(current.callbackAt ? callbackTimes(current.callbackAt, store, now) : {}) });
  if (!row) {
    if (complaint.lastStep === step.state) return facts(complaint);
    throw new Error(`"${step.state}" does not apply to complaint ${complaint.caseId} in state ${complaint.status}`);
  }
  const applies = row.actor === 'rule' ? null : decided;
  // Some rows lead back to their own state (a new call-back time, the supervisor reminded again): what makes a
  // step's work its own is the decision it applies, or the task whose deadline passed.
  const open = (await listTasksOfCase(complaint.caseId)).filter((task) => task.status === 'open');
  const marker = step.by === 'timeout' ? `timeout:${open[0]?.taskId ?? row.step}` : applies ? `decision:${applies.at}:${applies.decision}` : `rule:${row.step}`;
  if (complaint.history.some((entry) => entry.marker === marker)) return facts(complaint);
  if (step.by === 'timeout') await Promise.all(open.map((task) => closeTask(task.taskId, 'expired', { at, decision: row.action, decidedBy: 'timeout' })));
  const by = step.by ?? (row.actor === 'rule' ? 'rule' : (applies?.by ?? row.actor));
  const changes = await perform(row, complaint, applies, store, now);
  let applied = false;
  const updated = await updateCase<ComplaintCase>(complaint.caseId, (current) => {
    if (current.status !== row.from || current.history.some((entry) => entry.marker === marker)) return undefined;
    applied = true;
    const { breaches: _breaches, ...details } = changes;
    const entry: HistoryEntry = { at, by: by as HistoryEntry['by'], action: row.action, step: row.step, from: row.from, to: row.to, marker, ...details, ...(outcome ? { outcome } : {}) };
    return { set: { ...changes, status: row.to, lastStep: row.step, ...(row.to === 'closed' && outcome ? { outcome: outcome as ComplaintCase['outcome'] } : {}) }, history: entry };
  });
  if (applied && typeof applies?.message === 'string') await notifyBuyer(updated, store, 'complaint.reply', { message: applies.message }, now, String(updated.history.length));
  if (applied && row.to === 'closed') {
    if (updated.buyerId) await recordComplaint(updated.storeId, updated.buyerId, updated.caseId, 'closed');
    const { caseId, category, solution, outcome: result, handlingMinutes, severity } = updated;
    await logForDay(updated.storeId, localDate(now, store?.timezone ?? 'Asia/Shanghai'), 'complaint', caseId, { caseId, category, solution, outcome: result, handlingMinutes, severity, breaches: updated.breaches.length });
  }
  return facts(updated);
}

/** The complaints workflow's Lambda steps; each is idempotent, because Step Functions may run a step twice. */
export const handler = middy<unknown, Record<string, unknown>>().handler(async (event) => applyTransition(parseWith(stepSchema, event, 'complaint step input'), new Date()));
