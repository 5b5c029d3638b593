import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, Succeed, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { FOLLOW_UP_STEPS as S, followUpWaits } from '../functions/follow-ups/transitions.js';
import { humanTask, leadsTo, transitionStates } from './lambda-step.js';

export interface FollowUpsWorkflowFunctions {
  steps: IFunction;
  openTask: IFunction;
}

/**
 * A follow-up the daily sweep opened (a late shipment, a stalled parcel, a medium or bad review): an agent within
 * the policy's time, then the supervisor, then it closes unresolved. Rows: functions/follow-ups/transitions.ts.
 */
export function followUpsDefinition(scope: Construct, fns: FollowUpsWorkflowFunctions): IChainable {
  const transition = transitionStates(scope, fns.steps);
  const closed = new Succeed(scope, 'Follow-up closed');
  const closeDone = leadsTo(transition(S.closeDone), closed);
  const closeResolved = leadsTo(transition(S.closeResolved), closed);
  const decided = (action: string) => Condition.stringEquals('$.decision.decision', action);
  const wait = (status: keyof typeof followUpWaits, onTimeout: IChainable) => {
    const waiting = followUpWaits[status];
    return humanTask(scope, { openTask: fns.openTask, wait: waiting, onTimeout }).next(
      new Choice(scope, `${waiting.state}: what was done?`).when(decided('done'), closeDone).when(decided('resolved'), closeResolved),
    );
  };
  const awaitSupervisor = wait('with_supervisor', leadsTo(transition(S.closeUnresolved, 'timeout'), closed));
  return wait('opened', leadsTo(transition(S.toSupervisor, 'timeout'), awaitSupervisor));
}
