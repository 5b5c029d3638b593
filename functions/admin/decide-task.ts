import { conflict, notFound } from '../shared/errors.js';
import { parseWith } from '../shared/parse.js';
import { completeTask } from '../tasks/complete-task.js';
import { decisionSchemaFor, type TaskOutcome } from '../tasks/task.js';
import { getTask } from '../tasks/task-repository.js';

/** `POST /admin/tasks/{taskId}`: an agent's decision, checked against what the task's kind accepts. */
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
  await completeTask(task, outcome);
  return { taskId, ...outcome };
}
