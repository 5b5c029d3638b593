import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * The kinds of human task and the decisions each accepts. A callback state in any workflow opens one of
 * these through the same function; the admin API accepts only the decisions listed for its kind.
 */
export const taskKinds = {
  store_decision: ['approve', 'reject'],
} as const satisfies Record<string, readonly string[]>;

export type TaskKind = keyof typeof taskKinds;
export type TaskStatus = 'open' | 'decided' | 'expired';

export interface Task {
  taskId: string;
  kind: TaskKind;
  caseId: string;
  storeId: string;
  status: TaskStatus;
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
  kind: z.enum(Object.keys(taskKinds) as [TaskKind, ...TaskKind[]]),
  caseId: z.string().min(1),
  storeId: z.string().min(1),
  timeoutSeconds: z.number().int().min(1),
});
export type OpenTaskInput = z.output<typeof openTaskInputSchema>;

/** Derived from the token, so a retried invocation for the same wait opens the same task. */
export const taskIdFor = (taskToken: string) => `tk-${createHash('sha256').update(taskToken).digest('hex').slice(0, 24)}`;

export function buildTask(input: OpenTaskInput, now: Date): Task {
  return {
    taskId: taskIdFor(input.taskToken),
    kind: input.kind,
    caseId: input.caseId,
    storeId: input.storeId,
    status: 'open',
    openStoreId: input.storeId,
    taskToken: input.taskToken,
    createdAt: now.toISOString(),
    dueAt: new Date(now.getTime() + input.timeoutSeconds * 1000).toISOString(),
  };
}

/** The body of `POST /admin/tasks/{taskId}`, checked against the decisions the task's kind accepts. */
export function decisionSchemaFor(kind: TaskKind) {
  return z
    .object({
      decision: z.enum(taskKinds[kind]),
      reason: z.string().max(2000).optional(),
      agentId: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/).optional(),
    })
    .strict();
}

/** What the waiting workflow receives when a person decides. */
export interface TaskOutcome {
  decision: string;
  by: string;
  at: string;
  reason?: string;
}
