import middy from '@middy/core';
import { updateCase } from '../cases/case-repository.js';
import { parseWith } from '../shared/parse.js';
import { buildTask, openTaskInputSchema } from './task.js';
import { putTaskOnce } from './task-repository.js';

/**
 * The one entry of every human step: invoked by a workflow's callback state with its task token,
 * it records a task with its due time. The workflow waits until the task is decided or the deadline passes.
 */
export const handler = middy<unknown, { taskId: string; dueAt: string }>().handler(async (event) => {
  const input = parseWith(openTaskInputSchema, event, 'open-task input');
  const task = buildTask(input, new Date());
  await putTaskOnce(task);
  await updateCase(input.caseId, (current) =>
    current.history.some((entry) => entry.action === 'task_opened' && entry.taskId === task.taskId)
      ? undefined
      : { history: { at: task.createdAt, by: 'system', action: 'task_opened', taskId: task.taskId, kind: task.kind, dueAt: task.dueAt } },
  );
  return { taskId: task.taskId, dueAt: task.dueAt };
});
