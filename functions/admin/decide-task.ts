import { getCase, updateCase } from '../cases/case-repository.js';
import { badRequest, conflict, forbidden, notFound } from '../shared/errors.js';
import { getStore } from '../stores/store-repository.js';
import { localDate } from '../shared/local-time.js';
import { logForDay } from '../sweeps/day-log.js';
import { isAdministrator, requireStore, type Principal } from './principal.js';
import { parseWith } from '../shared/parse.js';
import { completeTask } from '../tasks/complete-task.js';
import { actionsFor, decisionSchemaFor } from '../tasks/decisions.js';
import { isStaffTask, roleOf, type TaskOutcome } from '../tasks/task.js';
import { getTask } from '../tasks/task-repository.js';

/**
 * `POST /admin/tasks/{taskId}`: a decision taken through an agent, checked against what the transition table
 * allows for the task and its case. The store's own people decide as themselves (`agent:<id>`: the signed-in
 * user; an administrator may name the agent it acts for); what an agent records for the buyer, the platform or the
 * carrier is recorded as theirs, noting the agent. Only the store's people decide its tasks, only supervisors the
 * tasks that wait for a supervisor, and every decision is audited: who, when, what, from where.
 */
export async function decideTask(taskId: string, body: unknown, now: Date, principal: Principal): Promise<TaskOutcome & { taskId: string }> {
  const task = await getTask(taskId);
  if (!task) throw notFound(`task "${taskId}" does not exist`);
  requireStore(principal, task.storeId);
  if (roleOf(task.kind) === 'supervisor' && !isAdministrator(principal) && !principal.groups.includes('supervisor')) {
    throw forbidden(`task "${taskId}" waits for a supervisor; "${principal.id}" is not one`);
  }
  if (task.status !== 'open') throw conflict(`task "${taskId}" is already ${task.status}`);
  const aCase = await getCase(task.caseId);
  if (!aCase) throw notFound(`case "${task.caseId}" of task "${taskId}" does not exist`);
  const actions = actionsFor(task.kind, aCase);
  const asked = typeof body === 'object' && body !== null ? (body as { decision?: unknown }).decision : undefined;
  // Quoted as JSON: String() of a sent object can throw (`{ "toString": 1 }` has no usable toString).
  if (typeof asked !== 'string' || !actions.includes(asked)) {
    throw badRequest(`the decision: ${JSON.stringify(asked) ?? 'none'} is not possible here; this ${task.kind} task accepts ${actions.join(', ')}`);
  }
  const { decision, agentId: named, ...details } = parseWith(decisionSchemaFor(actions), body, 'the decision');
  if (named && named !== principal.id && !isAdministrator(principal)) throw forbidden(`"${principal.id}" decides as themselves, not as "${named}"`);
  const agentId = named ?? principal.id;
  const agent = `agent:${agentId}` as const;
  const staff = isStaffTask(task.kind);
  const outcome: TaskOutcome = { ...details, decision, by: staff ? agent : task.role, at: now.toISOString(), ...(staff ? {} : { recordedBy: agent }) };
  await completeTask(task, outcome);
  const store = await getStore(task.storeId);
  await logForDay(task.storeId, localDate(now, store?.timezone ?? 'Asia/Shanghai'), 'audit', `${outcome.at}#${taskId}`, {
    at: outcome.at,
    taskId,
    caseId: task.caseId,
    kind: task.kind,
    decision,
    by: agent,
    signedInAs: principal.id,
    groups: principal.groups,
    sourceIp: principal.sourceIp,
    userAgent: principal.userAgent,
  });
  // The first agent to take a case keeps it.
  if (staff && !aCase.owner) await updateCase(aCase.caseId, (current) => (current.owner ? undefined : { set: { owner: agentId }, history: { at: outcome.at, by: agent, action: 'took_case' } }));
  return { taskId, ...outcome };
}
