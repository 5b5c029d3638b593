import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { sfn } from '../shared/aws.js';
import { AppError, conflict } from '../shared/errors.js';
import type { Task, TaskOutcome } from './task.js';
import { closeTask, markDecidedTaskExpired } from './task-repository.js';

/** Errors from Step Functions that mean the wait is already over (decided, timed out, or gone). */
const waitIsOver = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Completes a human task with a decision, whoever takes it (an agent, or the store on its own platform):
 * the task is closed first with a condition, so of two deciders one wins and the other gets 409,
 * then the waiting workflow is resumed with the decision.
 */
export async function completeTask(task: Task, outcome: TaskOutcome): Promise<void> {
  const won = await closeTask(task.taskId, 'decided', { at: outcome.at, decision: outcome.decision, decidedBy: outcome.by, reason: outcome.reason });
  if (!won) throw conflict(`task "${task.taskId}" was decided by someone else a moment ago`);
  try {
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify(outcome) }));
  } catch (error) {
    if (error instanceof Error && waitIsOver.has(error.name)) {
      await markDecidedTaskExpired(task.taskId);
      throw conflict(`task "${task.taskId}" can no longer be decided: its deadline passed`);
    }
    throw error;
  }
}

/**
 * Completes a task on behalf of the product (a storefront report, a refund, the monthly batch): when someone
 * decided first or the deadline did, the case already moved on, and that is not an error.
 */
export async function completeTaskUnlessDecided(task: Task, outcome: TaskOutcome): Promise<void> {
  try {
    await completeTask(task, outcome);
  } catch (error) {
    if (!(error instanceof AppError && error.status === 409)) throw error;
  }
}
