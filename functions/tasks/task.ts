import { createHash } from 'node:crypto';
import { z } from 'zod';
import { complaintWaits } from '../complaints/transitions.js';
import { APPROVAL_WAIT } from '../approvals/approval.js';
import { bulkWaits } from '../bulk-orders/transitions.js';
import { followUpWaits } from '../follow-ups/transitions.js';
import { invoiceWaits } from '../invoices/transitions.js';
import { REFUND_FAILURE_WAIT, waits, type Role } from '../returns/transitions.js';

/**
 * The kinds of human task: one per wait of a workflow. A callback state opens one through the same function;
 * which decisions a task accepts comes from the workflow's transition table (functions/tasks/decisions.ts).
 */
const waitsByKind = Object.fromEntries([...Object.values(waits), REFUND_FAILURE_WAIT, ...Object.values(invoiceWaits), ...Object.values(complaintWaits), ...Object.values(bulkWaits), ...Object.values(followUpWaits), APPROVAL_WAIT].map((wait) => [wait.kind, wait]));
export type TaskKind = (typeof waits)[keyof typeof waits]['kind'] | typeof REFUND_FAILURE_WAIT.kind | (typeof invoiceWaits)[keyof typeof invoiceWaits]['kind']
  | (typeof complaintWaits)[keyof typeof complaintWaits]['kind']
  | (typeof bulkWaits)[keyof typeof bulkWaits]['kind']
  | (typeof followUpWaits)[keyof typeof followUpWaits]['kind']
  | typeof APPROVAL_WAIT.kind;
export const taskKinds = Object.keys(waitsByKind) as [TaskKind, ...TaskKind[]];

/** Who a task waits for; tasks for the store's own people are assigned to an agent. */
export const roleOf = (kind: TaskKind): Role => (waitsByKind[kind] as { role: Role }).role;
export const isStaffTask = (kind: TaskKind): boolean => ['store', 'supervisor', 'warehouse', 'finance'].includes(roleOf(kind));

export type TaskStatus = 'open' | 'decided' | 'expired';

export interface Task {
  taskId: string;
  kind: TaskKind;
  caseId: string;
  storeId: string;
  status: TaskStatus;
  /** Who is waited for (store, buyer, platform, carrier, warehouse, finance). */
  role: Role;
  /** The agent the task is assigned to (tasks for the store's own people only). */
  assignee?: string;
  /** Present only while open: the key of the sparse index the inbox and sweeps read. */
  openStoreId?: string;
  taskToken: string;
  createdAt: string;
  dueAt: string;
  decidedAt?: string;
  decision?: string;
  decidedBy?: string;
  reason?: string;
}

export const openTaskInputSchema = z.object({
  taskToken: z.string().min(1),
  kind: z.enum(taskKinds),
  caseId: z.string().min(1),
  storeId: z.string().min(1),
  timeoutSeconds: z.number().int().min(1),
});
export type OpenTaskInput = z.output<typeof openTaskInputSchema>;

/** Derived from the token, so a retried invocation for the same wait opens the same task. */
export const taskIdFor = (taskToken: string) => `tk-${createHash('sha256').update(taskToken).digest('hex').slice(0, 24)}`;

export function buildTask(input: OpenTaskInput, now: Date, assignee: string | undefined): Task {
  return {
    taskId: taskIdFor(input.taskToken),
    kind: input.kind,
    caseId: input.caseId,
    storeId: input.storeId,
    status: 'open',
    role: roleOf(input.kind),
    ...(assignee ? { assignee } : {}),
    openStoreId: input.storeId,
    taskToken: input.taskToken,
    createdAt: now.toISOString(),
    dueAt: new Date(now.getTime() + input.timeoutSeconds * 1000).toISOString(),
  };
}

/**
 * What the waiting workflow receives when someone decides: the action, who took it and when, and the
 * details the action carries (an amount, a tracking number, evidence).
 */
export interface TaskOutcome {
  decision: string;
  by: string;
  at: string;
  reason?: string;
  [detail: string]: unknown;
}
