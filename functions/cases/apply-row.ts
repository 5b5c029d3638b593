import { z } from 'zod';
import type { CaseRecord, HistoryEntry } from './case.js';
import { changeCase, getCase } from './case-repository.js';
import type { WorkflowName } from '../shared/executions.js';
import { recordCount } from '../shared/metrics.js';
import { closeTask, listTasksOfCase } from '../tasks/task-repository.js';

/** A decision as a waiting state received it (functions/tasks/task.ts, TaskOutcome); null before the first. */
export const decisionSchema = z.looseObject({ decision: z.string(), by: z.string(), at: z.string() }).nullable();
export type Decision = z.output<typeof decisionSchema>;

/** The input of a state that applies a row (workflows/lambda-step.ts, `transitionStates`). */
export const rowStepSchema = <K extends string>(...kinds: [K, ...K[]]) =>
  z.object({ step: z.enum(kinds), caseId: z.string(), state: z.string(), decision: decisionSchema, by: z.literal('timeout').optional() });

/** What every workflow's transition rows have in common (returns, invoices, complaints, bulk orders). */
export interface TableRow {
  from: string;
  to: string;
  actor: string;
  action: string;
  step: string;
  outcome?: string;
}

/** What a workflow state asks its step function: apply the row this state stands for. */
export interface RowStep {
  caseId: string;
  state: string;
  decision: Decision;
  by?: 'timeout';
}

/** How one workflow applies its rows: everything else is the same for all of them (`applyRow`). */
export interface RowApplier<C extends CaseRecord, R extends TableRow> {
  /** The workflow whose rows these are: the dimension its automatic decisions are counted under. */
  workflow: WorkflowName;
  /** The row a state applies to the case as it is, given the decision just taken (if any). */
  rowOf(state: string, current: C, decision: Decision): R | undefined;
  /** Work outside the case before it is recorded (keyed, so a retry repeats none of it); its result is set on the case. */
  perform(row: R, current: C, applies: Decision, now: Date): Promise<Partial<C>>;
  /** What the history entry says besides the row. */
  details?(row: R, changes: Partial<C>, applies: Decision, current: C): Record<string, unknown>;
  /** How a row ends the case when it depends on the case (else the row's own outcome). */
  outcome?(row: R, changed: C, applies: Decision): string | undefined;
  /** After the row was recorded (messages, the customer file); a retry that finds it recorded does not repeat it. */
  afterwards?(row: R, updated: C, applies: Decision, now: Date): Promise<void>;
  /** What the workflow's Choice states read after the step. */
  facts(current: C): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** A deadline decided: the tasks nobody completed are closed as expired, so the backlog shows what happened. */
export async function expireOpenTasks(caseId: string, at: string, action: string): Promise<string | undefined> {
  const open = (await listTasksOfCase(caseId)).filter((task) => task.status === 'open');
  await Promise.all(open.map((task) => closeTask(task.taskId, 'expired', { at, decision: action, decidedBy: 'timeout' })));
  return open[0]?.taskId;
}

/**
 * Applies the row of a workflow's transition table that a state stands for, the same way for every workflow:
 * a deadline's task is closed as expired, the work is done, the case moves with optimistic locking and a history
 * entry saying who did what. A step runs again (Step Functions retries) without doing anything twice: the entry
 * carries a marker — the decision applied, the task whose deadline passed, or the rule's state — that the retry finds.
 */
export async function applyRow<C extends CaseRecord, R extends TableRow>(applier: RowApplier<C, R>, step: RowStep, now: Date): Promise<Record<string, unknown>> {
  const at = now.toISOString();
  const current = await getCase<C>(step.caseId);
  if (!current) throw new Error(`case ${step.caseId} does not exist`);
  // The state's input keeps the last decision; it belongs to a row only right after that decision.
  const decision = step.by === undefined ? step.decision : null;
  const row = applier.rowOf(step.state, current, decision);
  if (!row) {
    // A retried step finds the case moved on; a case closed meanwhile (withdrawn, voided) takes nothing more.
    if (current.lastStep === step.state || current.status === 'closed') return applier.facts(current);
    throw new Error(`"${step.state}" does not apply to case ${current.caseId} in state ${current.status}`);
  }
  const applies = row.actor === 'rule' ? null : decision;
  const openTask = step.by === 'timeout' ? (await listTasksOfCase(current.caseId)).find((task) => task.status === 'open') : undefined;
  const marker = step.by === 'timeout' ? `timeout:${openTask?.taskId ?? row.step}` : applies ? `decision:${applies.at}:${applies.decision}` : `rule:${row.step}`;
  if (current.history.some((entry) => entry.marker === marker)) return applier.facts(current);
  if (step.by === 'timeout') await expireOpenTasks(current.caseId, at, row.action);
  const by = step.by ?? (row.actor === 'rule' ? 'rule' : (applies?.by ?? row.actor));
  const changes = await applier.perform(row, current, applies, now);
  const outcome = applier.outcome ? applier.outcome(row, { ...current, ...changes }, applies) : row.outcome;
  const { aCase: updated, changed } = await changeCase<C>(current.caseId, (latest) => {
    if (latest.status !== row.from || latest.history.some((entry) => entry.marker === marker)) return undefined;
    const entry: HistoryEntry = {
      at,
      by: by as HistoryEntry['by'],
      action: row.action,
      step: row.step,
      from: row.from,
      to: row.to,
      marker,
      ...(applier.details?.(row, changes, applies, latest) ?? {}),
      ...(outcome ? { outcome } : {}),
    };
    return { set: { ...changes, status: row.to, lastStep: row.step, ...(outcome ? { outcome } : {}) } as Partial<C>, history: entry };
  });
  if (changed) {
    if (step.by === 'timeout') recordCount('AutomaticDecisions', { Workflow: applier.workflow });
    await applier.afterwards?.(row, updated, applies, now);
  }
  return applier.facts(updated);
}
