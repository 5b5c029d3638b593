import type { TaskOutcome } from '../tasks/task.js';
import type { Actor, Case } from './case.js';
import { changeCase, updateCase } from './case-repository.js';

/**
 * Facts that stay true until a wait can take them (the buyer shipped the return, a carrier scanned it); a decision
 * (approve, revise) is only good for the wait it was meant for.
 */
const KEPT_UNTIL_POSSIBLE = new Set(['withdraw', 'ship_return', 'first_scan', 'delivered_back', 'delivered']);

/**
 * Keeps a report that no open wait takes now (the workflow is between two waits) on the case, for the next wait that
 * accepts it (functions/tasks/open-task.ts). One that comes after the case is over is noted in its history only; a
 * decision that is no lasting fact changes nothing; the same report kept twice is kept once.
 */
export function keepReport(caseId: string, outcome: TaskOutcome): Promise<Case> {
  const at = new Date().toISOString();
  return updateCase(caseId, (current) => {
    const pending = current.pendingReports ?? [];
    if (!KEPT_UNTIL_POSSIBLE.has(outcome.decision) || pending.some((report) => report.decision === outcome.decision)) return undefined;
    // The return's shipment is recorded once: a second report of it has nothing left to wait for.
    if (outcome.decision === 'ship_return' && current.returnShipment) return undefined;
    if (current.history.some((entry) => entry.action === 'report_too_late' && entry.decision === outcome.decision)) return undefined;
    // A withdrawal after the money went back, or any report on a finished case, comes too late.
    const over = current.status === 'closed' || current.status === 'refunded' || current.status === 'exchanged' || current.refund?.status === 'succeeded';
    if (over) return { history: { at, by: outcome.by as Actor, action: 'report_too_late', decision: outcome.decision } };
    return { set: { pendingReports: [...pending, outcome] }, history: { at, by: outcome.by as Actor, action: 'report_kept', decision: outcome.decision } };
  });
}

/**
 * Takes a kept report off the case for the wait that accepts it; says whether this call took it. A wait that opens
 * and a report kept at the same moment may both find the other: only the one that takes the report completes the
 * wait with it.
 */
export async function takeReport(caseId: string, decision: string, taskId: string, now: Date): Promise<boolean> {
  const { changed } = await changeCase(caseId, (current) =>
    !current.pendingReports?.some((kept) => kept.decision === decision)
      ? undefined
      : { set: { pendingReports: current.pendingReports.filter((kept) => kept.decision !== decision) }, history: { at: now.toISOString(), by: 'system', action: 'report_taken', decision, taskId } },
  );
  return changed;
}
