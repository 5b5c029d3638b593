import { getCase, updateCase } from '../cases/case-repository.js';
import { badRequest, conflict, notFound } from '../shared/errors.js';
import { parseWith } from '../shared/parse.js';
import { completeTask } from '../tasks/complete-task.js';
import { actionsFor, decisionSchemaFor } from '../tasks/decisions.js';
import { isStaffTask, type TaskOutcome } from '../tasks/task.js';
import { getTask } from '../tasks/task-repository.js';

/**
 * `POST /admin/tasks/{taskId}`: a decision taken through an agent, checked against what the transition table
 * allows for the task and its case. The store's own people decide as themselves (`agent:<id>`); what an agent
 * records for the buyer, the platform or the carrier is recorded as theirs, noting the agent.
 */
export async function decideTask(taskId: string, body: unknown, now: Date): Promise<TaskOutcome & { taskId: string }> {
  const task = await getTask(taskId);
  if (!task) throw notFound(`task "${taskId}" does not exist`);
  if (task.status !== 'open') throw conflict(`task "${taskId}" is already ${task.status}`);
  const aCase = await getCase(task.caseId);
  if (!aCase) throw notFound(`case "${task.caseId}" of task "${taskId}" does not exist`);
  const actions = actionsFor(task.kind, aCase);
  const asked = typeof body === 'object' && body !== null ? (body as { decision?: unknown }).decision : undefined;
  if (!actions.includes(String(asked))) throw badRequest(`the decision: "${String(asked)}" is not possible here; this ${task.kind} task accepts ${actions.join(', ')}`);
  const { decision, agentId, ...details } = parseWith(decisionSchemaFor(actions), body, 'the decision');
  const agent = `agent:${agentId ?? 'admin'}` as const;
  const staff = isStaffTask(task.kind);
  const outcome: TaskOutcome = { ...details, decision, by: staff ? agent : task.role, at: now.toISOString(), ...(staff ? {} : { recordedBy: agent }) };
  await completeTask(task, outcome);
  // The first agent to take a case keeps it.
  if (staff && !aCase.owner) await updateCase(aCase.caseId, (current) => (current.owner ? undefined : { set: { owner: agentId ?? 'admin' }, history: { at: outcome.at, by: agent, action: 'took_case' } }));
  return { taskId, ...outcome };
}
