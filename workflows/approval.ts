import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { APPROVAL_STEPS as S, APPROVAL_WAIT } from '../functions/approvals/approval.js';
import { humanTask, leadsTo, transitionStates } from './lambda-step.js';

/**
 * Rules first, a supervisor otherwise (functions/approvals/approval.ts), as states any workflow can place: the
 * rules grant, or a supervisor approves or refuses within the policy's deadline (none in time: refused). Both
 * ends go on to `granted` or `refused`.
 */
export function rulesThenApproval(scope: Construct, props: { steps: IFunction; openTask: IFunction; granted: IChainable; refused: IChainable }): IChainable {
  const approval = transitionStates(scope, props.steps, 'approval');
  const decided = (action: string) => Condition.stringEquals('$.decision.decision', action);
  const wait = humanTask(scope, { openTask: props.openTask, wait: APPROVAL_WAIT, onTimeout: leadsTo(approval(S.refuseAfterTimeout, 'timeout'), props.refused) });
  wait.next(
    new Choice(scope, 'Did the supervisor approve?').when(decided('approve'), leadsTo(approval(S.recordGranted), props.granted)).when(decided('refuse'), leadsTo(approval(S.recordRefused), props.refused)),
  );
  return leadsTo(
    approval(S.checkRules),
    new Choice(scope, 'Granted by the rules?').when(Condition.stringEquals('$.case.byRule', 'granted'), leadsTo(approval(S.grantByRule), props.granted)).otherwise(wait),
  );
}
