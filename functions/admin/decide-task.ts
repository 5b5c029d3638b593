import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { sfn } from '../shared/aws.js';
import { conflict, notFound } from '../shared/errors.js';
import { parseWith } from '../shared/parse.js';
import { decisionSchemaFor, type TaskOutcome } from '../tasks/task.js';
import { closeTask, getTask } from '../tasks/task-repository.js';

/** Errors from Step Functions that mean the wait is already over (decided, timed out, or gone). */
const waitIsOver = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Decides a human task: the task is closed first with a condition (so of two agents one wins and the
 * other gets 409), then the waiting workflow is resumed with the decision.
 */
export async function decideTask(taskId: string, body: unknown, now: Date): Promise<TaskOutcome & { taskId: string }> {
  const task = await getTask(taskId);
  if (!task) throw notFound(`task "${taskId}" does not exist`);
  if (task.status !== 'open') throw conflict(`task "${taskId}" is already ${task.status}`);
  const input = parseWith(decisionSchemaFor(task.kind), body, 'the decision');
  const outcome: TaskOutcome = {
    decision: input.decision,
    by: `agent:${input.agentId ?? 'admin'}`,
    at: now.toISOString(),
    ...(input.reason ? { reason: input.reason } : {}),
  };
  const won = await closeTask(taskId, 'decided', { at: outcome.at, decision: outcome.decision, decidedBy: outcome.by, reason: outcome.reason });
  if (!won) throw conflict(`task "${taskId}" was decided by someone else a moment ago`);
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify(outcome) }));
  } catch (error) {
    if (error instanceof Error && waitIsOver.has(error.name)) throw conflict(`task "${taskId}" can no longer be decided: its deadline passed`);
    throw error;
  }
  return { taskId, ...outcome };
}
