import middy from '@middy/core';
import { getCase, updateCase } from '../cases/case-repository.js';
import { takeReport } from '../cases/pending-reports.js';
import { parseWith } from '../shared/parse.js';
import { getStore } from '../stores/store-repository.js';
import { leastLoadedAgent } from './assignment.js';
import { completeTask } from './complete-task.js';
import { actionsFor } from './decisions.js';
import { buildTask, isStaffTask, openTaskInputSchema, roleOf } from './task.js';
import { listOpenTasks, putTaskOnce } from './task-repository.js';

/**
 * The one entry of every human step: invoked by a workflow's callback state with its task token, it records a
 * task with its due time, assigned to the case's owner or else the least-loaded agent of the store. The
 * workflow waits until the task is decided or the deadline passes.
 */
export const handler = middy<unknown, { taskId: string; dueAt: string }>().handler(async (event) => {
  const input = parseWith(openTaskInputSchema, event, 'open-task input');
  const now = new Date();
  const aCase = await getCase(input.caseId);
  if (!aCase) throw new Error(`case ${input.caseId} does not exist`);
  let assignee: string | undefined;
  if (isStaffTask(input.kind)) {
    const store = await getStore(input.storeId);
    // What reaches the supervisor goes to the least-loaded supervisor; the rest stays with the case's owner.
    const supervising = roleOf(input.kind) === 'supervisor';
    const agents = (supervising ? store?.supervisors : store?.agents) ?? [];
    assignee = !supervising && aCase.owner && agents.includes(aCase.owner) ? aCase.owner : leastLoadedAgent(agents, await listOpenTasks(input.storeId));
  }
  const task = buildTask(input, now, assignee);
  await putTaskOnce(task);
  const updated = await updateCase(input.caseId, (current) =>
    current.history.some((entry) => entry.action === 'task_opened' && entry.taskId === task.taskId)
      ? undefined
      : {
          // The first agent a case is assigned to owns it.
          ...(assignee && !current.owner && roleOf(input.kind) !== 'supervisor' ? { set: { owner: assignee } } : {}),
          history: { at: task.createdAt, by: 'system', action: 'task_opened', taskId: task.taskId, kind: task.kind, dueAt: task.dueAt, ...(assignee ? { assignee } : {}) },
        },
  );
  // A report came while the workflow was between waits (a withdrawal, a carrier scan): this wait takes it at once.
  const accepted = actionsFor(task.kind, updated);
  const report = updated.pendingReports?.find((candidate) => accepted.includes(candidate.decision));
  if (report && (await takeReport(input.caseId, report.decision, task.taskId, now))) await completeTask(task, report);
  return { taskId: task.taskId, dueAt: task.dueAt };
});
