import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, Errors, JsonPath, Succeed, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { humanTask, lambdaStep } from './lambda-step.js';

export interface ReturnsWorkflowFunctions {
  steps: IFunction;
  refund: IFunction;
  openTask: IFunction;
}

/** State names in the business's words: they are what an admin reads in the console. */
export const RETURNS_STATES = {
  checkEligibility: 'Check eligibility',
  eligible: 'Eligible for after-sales?',
  rejectIneligible: 'Reject as not eligible',
  awaitStoreDecision: 'Await store decision',
  agreeAfterTimeout: 'Agree automatically after timeout',
  recordStoreDecision: 'Record store decision',
  storeAgreed: 'Did the store agree?',
  refundBuyer: 'Refund buyer',
  closeRefunded: 'Close as refunded',
  closeRejected: 'Close as rejected',
  caseClosed: 'Case closed',
} as const;

/**
 * The after-sales workflow (returns and refunds). Input: `ReturnsWorkflowInput` (functions/returns/workflow-input.ts).
 * Every wait is a human task with the store's deadline; when it passes, the policy decides.
 */
export function returnsDefinition(scope: Construct, fns: ReturnsWorkflowFunctions): IChainable {
  const S = RETURNS_STATES;
  const caseId = JsonPath.stringAt('$.caseId');
  const step = (name: string, payload: Record<string, unknown>, resultPath: string | null = null) =>
    lambdaStep(scope, name, fns.steps, { caseId, ...payload }, resultPath);

  const caseClosed = new Succeed(scope, S.caseClosed);
  const refund = lambdaStep(scope, S.refundBuyer, fns.refund, { step: 'refund', caseId }, '$.refund').next(
    step(S.closeRefunded, { step: 'close', outcome: 'refunded' }).next(caseClosed),
  );
  const closeRejected = step(S.closeRejected, { step: 'close', outcome: 'rejected' }).next(caseClosed);

  const awaitStoreDecision = humanTask(scope, S.awaitStoreDecision, {
    openTask: fns.openTask,
    kind: 'store_decision',
    deadlinePath: '$.deadlines.storeDecisionSeconds',
    resultPath: '$.storeDecision',
  });
  awaitStoreDecision.addCatch(step(S.agreeAfterTimeout, { step: 'recordStoreDecision', outcome: { decision: 'approve', by: 'timeout' } }).next(refund), {
    errors: [Errors.TIMEOUT],
    resultPath: '$.timeout',
  });

  return step(S.checkEligibility, { step: 'checkEligibility' }, '$.eligibility').next(
    new Choice(scope, S.eligible)
      .when(
        Condition.booleanEquals('$.eligibility.eligible', false),
        step(S.rejectIneligible, { step: 'close', outcome: 'rejected', reason: JsonPath.stringAt('$.eligibility.reason') }).next(caseClosed),
      )
      .otherwise(
        awaitStoreDecision.next(
          step(S.recordStoreDecision, { step: 'recordStoreDecision', outcome: JsonPath.objectAt('$.storeDecision') }).next(
            new Choice(scope, S.storeAgreed)
              .when(Condition.stringEquals('$.storeDecision.decision', 'approve'), refund)
              .otherwise(closeRejected),
          ),
        ),
      ),
  );
}
