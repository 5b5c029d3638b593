import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, Errors, JsonPath, Pass, Succeed, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { RECORD_FAILED_REFUND, REFUND_FAILURE_WAIT, STEPS, waits, type WaitingStatus } from '../functions/returns/transitions.js';
import { humanTask, lambdaStep, leadsTo, transitionStates } from './lambda-step.js';

export interface ReturnsWorkflowFunctions {
  steps: IFunction;
  openTask: IFunction;
}

/** States that are not transitions of the case: checks, questions and the end. */
export const RETURNS_STATES = {
  checkEligibility: 'Check eligibility',
  eligible: 'Eligible for after-sales?',
  storeDecided: 'What did the store decide?',
  buyerResponded: 'What did the buyer do?',
  platformRuled: 'What did the platform rule?',
  goodsComeBack: 'Do goods come back?',
  returnShipped: 'Did the buyer ship the return?',
  carrierReported: 'What did the carrier report?',
  fastRefund: 'Fast refund at first scan',
  inspectionFound: 'What did the inspection find?',
  refundOrReplacement: 'Refund or replacement?',
  retryRefundAfterTimeout: 'Retry refund after timeout',
  recordFailedRefund: RECORD_FAILED_REFUND,
  awaitFinance: REFUND_FAILURE_WAIT.state,
  recordRefundRetry: 'Record refund retry',
  caseClosed: 'Case closed',
} as const;

/** The payment service failing is retried with backoff before finance is asked; other failures as any step. */
export const REFUND_RETRY = { errors: ['PaymentUnavailable'], intervalSeconds: 1, backoffRate: 2, maxAttempts: 3 } as const;

/**
 * The after-sales workflow: refunds, returns, exchanges and partial refunds (DOMAIN.md, "Returns and refunds").
 * Input: `ReturnsWorkflowInput` (functions/returns/workflow-input.ts). Every state that moves the case applies
 * one row of the transition table (functions/returns/transitions.ts) through the same step function; every
 * wait is a human task whose deadline comes from the store's policy and whose timeout the table decides.
 */
export function returnsDefinition(scope: Construct, fns: ReturnsWorkflowFunctions): IChainable {
  const R = RETURNS_STATES;
  const caseId = JsonPath.stringAt('$.caseId');
  const decision = JsonPath.objectAt('$.decision');
  const transition = transitionStates(scope, fns.steps);
  const step = (name: string, payload: Record<string, unknown>, resultPath: string | null = null) =>
    lambdaStep(scope, name, fns.steps, { caseId, ...payload }, resultPath);
  const decided = (action: string) => Condition.stringEquals('$.decision.decision', action);
  const wait = (status: WaitingStatus, onTimeout: string): LambdaInvoke => {
    return humanTask(scope, { openTask: fns.openTask, wait: waits[status], onTimeout: transition(onTimeout, 'timeout') });
  };

  const caseClosed = new Succeed(scope, R.caseClosed);
  const close = (name: string) => leadsTo(transition(name), caseClosed);
  const closeWithdrawn = close(STEPS.closeWithdrawn);
  const closeRefunded = close(STEPS.closeRefunded);
  const closeExchanged = close(STEPS.closeExchanged);

  // The refund: retried with backoff while the payment service fails; then finance is asked, and if nobody
  // acts before the deadline the refund is tried again. The idempotency key makes every try the same refund.
  const refundBuyer = transition(STEPS.refundBuyer, 'other', {
    errors: [...REFUND_RETRY.errors],
    interval: Duration.seconds(REFUND_RETRY.intervalSeconds),
    backoffRate: REFUND_RETRY.backoffRate,
    maxAttempts: REFUND_RETRY.maxAttempts,
  });
  const awaitFinance = humanTask(scope, {
    openTask: fns.openTask,
    wait: REFUND_FAILURE_WAIT,
    onTimeout: leadsTo(step(R.retryRefundAfterTimeout, { step: 'recordRefundRetry', by: 'timeout' }), refundBuyer),
  });
  awaitFinance.next(leadsTo(step(R.recordRefundRetry, { step: 'recordRefundRetry', decision }), refundBuyer));
  refundBuyer.addCatch(leadsTo(step(R.recordFailedRefund, { step: 'recordFailedRefund', error: JsonPath.objectAt('$.refundError') }), awaitFinance), {
    errors: [Errors.ALL],
    resultPath: '$.refundError',
  });
  refundBuyer.next(closeRefunded);

  // Goods received: refund, or the replacement of an exchange (unless it already left).
  const refundOrReplacement = new Choice(scope, R.refundOrReplacement)
    .when(Condition.or(Condition.stringEquals('$.type', 'return_refund'), Condition.booleanEquals('$.case.partialRefund', true)), refundBuyer)
    .when(Condition.booleanEquals('$.case.replacementShipped', true), leadsTo(transition(STEPS.completeExchange), closeExchanged))
    .otherwise(leadsTo(transition(STEPS.shipReplacement), closeExchanged));

  // The return: shipped by the buyer, carried back, inspected at receipt.
  const awaitReceipt = wait('return_delivered', STEPS.confirmReceiptAfterTimeout);
  awaitReceipt.next(
    new Choice(scope, R.inspectionFound)
      .when(decided('restock'), leadsTo(transition(STEPS.recordRestock), refundOrReplacement))
      .when(decided('partial_refund'), leadsTo(transition(STEPS.recordFinding), refundOrReplacement))
      .when(decided('reject'), close(STEPS.closeRejectedAfterInspection))
      .when(decided('withdraw'), closeWithdrawn),
  );
  leadsTo(transition(STEPS.confirmReceiptAfterTimeout, 'timeout'), refundOrReplacement);

  const awaitParcel = wait('buyer_shipped', STEPS.deliveredAfterTimeout);
  awaitParcel.next(
    new Choice(scope, R.carrierReported)
      .when(decided('first_scan'), new Pass(scope, R.fastRefund).next(refundBuyer))
      .when(decided('delivered_back'), leadsTo(transition(STEPS.recordDeliveredBack), awaitReceipt))
      .when(decided('withdraw'), closeWithdrawn),
  );
  leadsTo(transition(STEPS.deliveredAfterTimeout, 'timeout'), awaitReceipt);

  const awaitShipment = wait('store_agreed', STEPS.closeExpired);
  awaitShipment.next(
    new Choice(scope, R.returnShipped).when(decided('ship_return'), leadsTo(transition(STEPS.recordReturnShipment), awaitParcel)).when(decided('withdraw'), closeWithdrawn),
  );
  leadsTo(transition(STEPS.closeExpired, 'timeout'), caseClosed);

  // Agreed, by the store, a deadline or the platform: what comes next depends on the kind of request.
  const goodsComeBack = new Choice(scope, R.goodsComeBack)
    .when(Condition.or(Condition.stringEquals('$.type', 'refund_only'), Condition.stringEquals('$.type', 'partial_refund')), refundBuyer)
    .when(
      Condition.and(Condition.stringEquals('$.type', 'exchange'), Condition.booleanEquals('$.trusted', true), Condition.booleanEquals('$.case.replacementShipped', false)),
      leadsTo(transition(STEPS.shipReplacementAtOnce), awaitShipment),
    )
    .otherwise(awaitShipment);

  // The store decides; a rejection gives the buyer time to revise or escalate; the platform rules.
  const awaitStore = wait('requested', STEPS.agreeAfterTimeout);
  const awaitBuyer = wait('store_rejected', STEPS.closeAfterNoRevision);
  const awaitPlatform = wait('platform_intervening', STEPS.agreeWithoutRuling);
  leadsTo(transition(STEPS.agreeAfterTimeout, 'timeout'), goodsComeBack);
  leadsTo(transition(STEPS.closeAfterNoRevision, 'timeout'), caseClosed);
  leadsTo(transition(STEPS.agreeWithoutRuling, 'timeout'), goodsComeBack);
  awaitStore.next(
    new Choice(scope, R.storeDecided)
      .when(decided('approve'), leadsTo(transition(STEPS.recordAgreement), goodsComeBack))
      .when(decided('reject'), leadsTo(transition(STEPS.recordRejection), awaitBuyer))
      .when(decided('withdraw'), closeWithdrawn),
  );
  awaitBuyer.next(
    new Choice(scope, R.buyerResponded)
      .when(decided('revise'), leadsTo(transition(STEPS.recordRevision), awaitStore))
      .when(decided('escalate'), leadsTo(transition(STEPS.recordEscalation), awaitPlatform))
      .when(decided('withdraw'), closeWithdrawn),
  );
  awaitPlatform.next(
    new Choice(scope, R.platformRuled)
      .when(decided('rule_for_buyer'), leadsTo(transition(STEPS.recordRulingForBuyer), goodsComeBack))
      .when(decided('rule_for_store'), close(STEPS.closeRejectedByPlatform))
      .when(decided('withdraw'), closeWithdrawn),
  );

  return step(R.checkEligibility, { step: 'checkEligibility' }, '$.eligibility').next(
    new Choice(scope, R.eligible).when(Condition.booleanEquals('$.eligibility.eligible', false), close(STEPS.rejectIneligible)).otherwise(awaitStore),
  );
}
