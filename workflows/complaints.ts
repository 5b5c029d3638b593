import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, Succeed, Wait, WaitTime, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { COMPLAINT_STEPS as S, complaintWaits } from '../functions/complaints/transitions.js';
import { humanTask, leadsTo, transitionStates } from './lambda-step.js';

export interface ComplaintsWorkflowFunctions {
  steps: IFunction;
  openTask: IFunction;
}

export const COMPLAINTS_STATES = {
  major: 'Major complaint?',
  agentAnswered: 'How did the agent answer?',
  supervisorAnswered: 'How did the supervisor answer?',
  callbackAnswered: 'How did the call-back go?',
  waitForReminder: 'Wait until the call-back reminder',
  caseClosed: 'Case closed',
} as const;

/**
 * The complaints workflow (DOMAIN.md, "Complaints"): an answer within 48 h or the supervisor takes it; a major
 * complaint goes to the supervisor at once; a promised call-back becomes a due task that appears as a reminder
 * shortly before; a missed one is a breach that goes to the supervisor. Rows: functions/complaints/transitions.ts.
 */
export function complaintsDefinition(scope: Construct, fns: ComplaintsWorkflowFunctions): IChainable {
  const R = COMPLAINTS_STATES;
  const transition = transitionStates(scope, fns.steps);
  const closing = (outcome: string) => Condition.and(Condition.stringEquals('$.decision.decision', 'close'), Condition.stringEquals('$.decision.outcome', outcome));
  const promised = Condition.stringEquals('$.decision.decision', 'promise_callback');
  const wait = (status: keyof typeof complaintWaits, deadlinePath: string, onTimeout: LambdaInvoke): LambdaInvoke => {
    return humanTask(scope, { openTask: fns.openTask, wait: complaintWaits[status], deadlinePath, onTimeout });
  };

  const caseClosed = new Succeed(scope, R.caseClosed);
  const closeSolved = leadsTo(transition(S.closeSolved), caseClosed);

  const supervisorLate = transition(S.recordSupervisorLate, 'timeout');
  const awaitSupervisor = wait('with_supervisor', `$.deadlines.${complaintWaits.with_supervisor.deadline}`, supervisorLate);
  supervisorLate.next(awaitSupervisor);
  const escalate = leadsTo(transition(S.escalateNotSolved), awaitSupervisor);

  // A promise: the task appears at the reminder time and is due at the promised time.
  const recordPromise = transition(S.recordPromise);
  const awaitCallback = wait('callback_promised', `$.case.${complaintWaits.callback_promised.deadline}`, leadsTo(transition(S.recordMissedCallback, 'timeout'), awaitSupervisor));
  recordPromise.next(new Wait(scope, R.waitForReminder, { time: WaitTime.timestampPath('$.case.remindAt') }).next(awaitCallback));
  awaitCallback.next(new Choice(scope, R.callbackAnswered).when(promised, recordPromise).when(closing('solved'), closeSolved).when(closing('not_solved'), escalate));

  awaitSupervisor.next(
    new Choice(scope, R.supervisorAnswered)
      .when(promised, recordPromise)
      .when(closing('solved'), closeSolved)
      .when(closing('not_solved'), leadsTo(transition(S.closeNotSolved), caseClosed)),
  );

  const awaitAnswer = wait('opened', `$.deadlines.${complaintWaits.opened.deadline}`, leadsTo(transition(S.recordMissedAnswer, 'timeout'), awaitSupervisor));
  awaitAnswer.next(new Choice(scope, R.agentAnswered).when(promised, recordPromise).when(closing('solved'), closeSolved).when(closing('not_solved'), escalate));

  return new Choice(scope, R.major)
    .when(Condition.stringEquals('$.severity', 'major'), leadsTo(transition(S.toSupervisorAtOnce), awaitSupervisor))
    .otherwise(awaitAnswer);
}
