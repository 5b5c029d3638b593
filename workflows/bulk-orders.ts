import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, Succeed, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { BULK_STEPS as S, bulkWaits } from '../functions/bulk-orders/transitions.js';
import { rulesThenApproval } from './approval.js';
import { humanTask, leadsTo, transitionStates } from './lambda-step.js';

export interface BulkWorkflowFunctions {
  steps: IFunction;
  openTask: IFunction;
}

/**
 * The bulk-order review (DOMAIN.md, "Bulk (large) orders"): risk screened, reviewed by the store manager or legal
 * (a passed deadline asks the supervisor and keeps the order held — never a silent approval), a discount by the
 * rules or a supervisor, and followed until the buyer confirms receipt. Rows: functions/bulk-orders/transitions.ts.
 */
export function bulkOrdersDefinition(scope: Construct, fns: BulkWorkflowFunctions): IChainable {
  const transition = transitionStates(scope, fns.steps, 'bulk');
  const decided = (action: string) => Condition.stringEquals('$.decision.decision', action);
  const wait = (status: keyof typeof bulkWaits, onTimeout: IChainable): LambdaInvoke => {
    return humanTask(scope, { openTask: fns.openTask, wait: bulkWaits[status], onTimeout });
  };

  const caseClosed = new Succeed(scope, 'Case closed');
  const complete = leadsTo(transition(S.complete), caseClosed);
  const terminate = leadsTo(transition(S.terminate), caseClosed);

  const awaitFollowUp = wait('following_up', leadsTo(transition(S.unconfirmed, 'timeout'), caseClosed));
  awaitFollowUp.next(new Choice(scope, 'Did the agent confirm?').when(decided('confirm'), complete));
  const awaitReceipt = wait('terms_agreed', leadsTo(transition(S.followUp, 'timeout'), awaitFollowUp));
  awaitReceipt.next(new Choice(scope, 'Did the buyer confirm?').when(decided('confirm'), complete));

  const agreeTerms = leadsTo(transition(S.agreeTerms), awaitReceipt);
  const discount = new Choice(scope, 'Discount requested?')
    .when(Condition.booleanEquals('$.case.discountRequested', true), rulesThenApproval(scope, { steps: fns.steps, openTask: fns.openTask, granted: agreeTerms, refused: agreeTerms }))
    .otherwise(agreeTerms);
  const approve = leadsTo(transition(S.approve), discount);

  const hold = transition(S.hold, 'timeout');
  const awaitSupervisor = wait('with_supervisor', hold);
  hold.next(awaitSupervisor);
  awaitSupervisor.next(new Choice(scope, 'What did the supervisor decide?').when(decided('continue'), approve).when(decided('terminate'), terminate));

  const afterDeadline = new Choice(scope, 'What does the review deadline decide?')
    .when(Condition.stringEquals('$.case.afterReviewTimeout', 'continue'), leadsTo(transition(S.continueLowRisk, 'timeout'), discount))
    .otherwise(leadsTo(transition(S.escalate, 'timeout'), awaitSupervisor));
  const awaitReview = wait('screened', afterDeadline);
  awaitReview.next(new Choice(scope, 'What did the manager decide?').when(decided('continue'), approve).when(decided('terminate'), terminate));

  return leadsTo(transition(S.screen), awaitReview);
}

/** Gift and free-shipping requests: the same rules-then-approval states, then the request closes. */
export function perksDefinition(scope: Construct, fns: BulkWorkflowFunctions): IChainable {
  const close = transitionStates(scope, fns.steps, 'perk');
  const caseClosed = new Succeed(scope, 'Case closed');
  return rulesThenApproval(scope, {
    steps: fns.steps,
    openTask: fns.openTask,
    granted: leadsTo(close('Close as granted'), caseClosed),
    refused: leadsTo(close('Close as refused'), caseClosed),
  });
}
