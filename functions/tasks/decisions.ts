import { z } from 'zod';
import type { Case, CaseRecord } from '../cases/case.js';
import { invoiceActionsAt, invoiceWaitOfKind } from '../invoices/transitions.js';
import { complaintActionsAt, complaintWaitOfKind } from '../complaints/transitions.js';
import { bulkActionsAt, bulkWaitOfKind } from '../bulk-orders/transitions.js';
import { followUpActionsAt, followUpWaitOfKind } from '../follow-ups/transitions.js';
import { APPROVAL_WAIT } from '../approvals/approval.js';
import { complaintCategories, complaintSolutions } from '../complaints/complaint.js';
import { forbiddenPhrasesIn } from '../notifications/phrases.js';
import { actionsAt, waitOfKind, type Facts } from '../returns/transitions.js';
import type { TaskKind } from './task.js';

const fen = z.number().int().min(0);
const text = z.string().min(1).max(2000);
/** Links to photos or documents; bounded, since the decision travels to the workflow, which takes 256 KB at most. */
const evidence = z.array(z.url().max(2048)).max(20);

// What the buyer will read is checked here, so a message that breaks the rules is refused before anything moves.
const buyerText = text.superRefine((message, ctx) => {
  const found = forbiddenPhrasesIn(message);
  if (found.length) ctx.addIssue({ code: 'custom', message: `the message uses phrases no message may contain: ${found.join(', ')}` });
});

const complaintAnswer = {
  category: z.enum(complaintCategories),
  facts: text,
  solution: z.enum(complaintSolutions),
  message: buyerText,
};

/** What each action carries besides its name. */
const details: Record<string, z.ZodRawShape> = {
  approve: { amount: fen.optional(), reason: text.optional() },
  reject: { reason: text, evidence: evidence.optional() },
  revise: { amount: fen.optional(), note: text.optional() },
  escalate: { note: text.optional() },
  rule_for_buyer: { note: text.optional() },
  rule_for_store: { reason: text.optional() },
  ship_return: { carrier: text, trackingNo: z.string().min(1).max(64), shippedAt: z.iso.datetime({ offset: true }).optional() },
  first_scan: {},
  delivered_back: {},
  restock: { note: text.optional() },
  partial_refund: { amount: fen.positive(), reason: text, evidence: evidence.optional() },
  withdraw: { reason: text.optional() },
  retry_refund: { note: text.optional() },
  issue: { invoiceNo: z.string().min(1).max(64) },
  // A complaint's answer follows the five steps: the facts verified, a concrete solution, the message to the buyer.
  promise_callback: { ...complaintAnswer, callbackAt: z.iso.datetime({ offset: true }) },
  close: { ...complaintAnswer, outcome: z.enum(['solved', 'not_solved']) },
  delivered: {},
  confirm: {},
  // A bulk order goes on; the buyer's discount request (fen), if any, goes to the approval rules.
  continue: { note: text.optional(), discount: fen.positive().optional() },
  terminate: { reason: text },
  refuse: { reason: text },
  // What the agent found and did (called the carrier, rerouted, called the buyer); a review's reply as posted.
  done: { note: text, reply: buyerText.optional() },
  resolved: { note: text.optional() },
};

/** The facts of a case that decide which transitions apply (functions/returns/transitions.ts). */
export function factsOf(aCase: Case): Facts {
  return {
    type: aCase.type,
    trusted: aCase.trusted === true,
    eligible: aCase.eligible !== false,
    partialRefund: aCase.partialRefund === true,
    replacementShipped: aCase.replacement !== undefined,
  };
}

/** The actions a task accepts now: its workflow's transition table's rows out of its wait that apply to the case. */
export function actionsFor(kind: TaskKind, aCase: CaseRecord): string[] {
  const invoiceStatus = invoiceWaitOfKind(kind);
  if (invoiceStatus) return invoiceActionsAt(invoiceStatus);
  const complaintStatus = complaintWaitOfKind(kind);
  if (complaintStatus) return complaintActionsAt(complaintStatus);
  const bulkStatus = bulkWaitOfKind(kind);
  if (bulkStatus) return bulkActionsAt(bulkStatus);
  const followUpStatus = followUpWaitOfKind(kind);
  if (followUpStatus) return followUpActionsAt(followUpStatus);
  if (kind === APPROVAL_WAIT.kind) return ['approve', 'refuse'];
  const status = waitOfKind(kind);
  if (!status) return ['retry_refund'];
  return [...new Set(actionsAt(status, factsOf(aCase as Case)).map((row) => row.action))];
}

const decisionBody = (action: string) =>
  z.object({ decision: z.literal(action), agentId: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/).optional(), ...details[action] }).strict();

/** The body of `POST /admin/tasks/{taskId}`: one of the task's actions with the details it needs. */
export function decisionSchemaFor(actions: readonly string[]) {
  const [first, ...rest] = actions.map(decisionBody);
  if (!first) throw new Error('a task with no possible action');
  return z.discriminatedUnion('decision', [first, ...rest]);
}

/** Each action with the JSON Schema of its body, so a form (the console) can ask for exactly what the API checks. */
export const decisionForms = (actions: readonly string[]) => actions.map((decision) => ({ decision, schema: z.toJSONSchema(decisionBody(decision)) }));
