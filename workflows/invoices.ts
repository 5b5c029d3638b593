import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, Succeed, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { INVOICE_STEPS as S, invoiceWaits, type InvoiceWaitingStatus } from '../functions/invoices/transitions.js';
import { humanTask, leadsTo, transitionStates } from './lambda-step.js';

export interface InvoicesWorkflowFunctions {
  steps: IFunction;
  openTask: IFunction;
}

export const INVOICES_STATES = {
  issueAutomatically: 'Issue automatically?',
  howDelivered: 'In the parcel or by post?',
  financeDecided: 'What did finance do?',
  parcelReported: 'Parcel delivered?',
  batchClosed: 'Mailed with the batch?',
  buyerAnswered: 'Did the buyer confirm?',
  caseClosed: 'Case closed',
} as const;

/**
 * The invoices workflow (DOMAIN.md, "Invoices"): issued by finance or by the e-invoicing service, delivered in the
 * parcel or with the monthly postal batch, confirmed by the buyer — every wait with its deadline from the store's
 * policy — and voided (red-letter) when a refund reaches it. Rows: functions/invoices/transitions.ts.
 */
export function invoicesDefinition(scope: Construct, fns: InvoicesWorkflowFunctions): IChainable {
  const R = INVOICES_STATES;
  const transition = transitionStates(scope, fns.steps);
  const decided = (action: string) => Condition.stringEquals('$.decision.decision', action);
  const wait = (status: InvoiceWaitingStatus, onTimeout: LambdaInvoke): LambdaInvoke => {
    return humanTask(scope, { openTask: fns.openTask, wait: invoiceWaits[status], onTimeout });
  };

  const caseClosed = new Succeed(scope, R.caseClosed);
  const closeVoided = leadsTo(transition(S.closeVoided), caseClosed);

  const awaitConfirmation = wait('delivered', leadsTo(transition(S.confirmAfterTimeout, 'timeout'), caseClosed));
  awaitConfirmation.next(
    new Choice(scope, R.buyerAnswered).when(decided('confirm'), leadsTo(transition(S.closeConfirmed), caseClosed)).when(decided('void'), closeVoided),
  );

  const awaitParcel = wait('in_parcel', leadsTo(transition(S.deliveredAfterTimeout, 'timeout'), awaitConfirmation));
  awaitParcel.next(
    new Choice(scope, R.parcelReported).when(decided('delivered'), leadsTo(transition(S.recordDelivered), awaitConfirmation)).when(decided('void'), closeVoided),
  );
  const awaitBatch = wait('in_batch', leadsTo(transition(S.mailedAfterTimeout, 'timeout'), awaitConfirmation));
  awaitBatch.next(new Choice(scope, R.batchClosed).when(decided('mail'), leadsTo(transition(S.recordMailed), awaitConfirmation)).when(decided('void'), closeVoided));

  const howDelivered = new Choice(scope, R.howDelivered)
    .when(Condition.stringEquals('$.case.delivery', 'in_parcel'), leadsTo(transition(S.putInParcel), awaitParcel))
    .otherwise(leadsTo(transition(S.addToBatch), awaitBatch));

  const awaitFinance = wait('requested', leadsTo(transition(S.issueAfterTimeout, 'timeout'), howDelivered));
  awaitFinance.next(new Choice(scope, R.financeDecided).when(decided('issue'), leadsTo(transition(S.recordIssued), howDelivered)));

  return new Choice(scope, R.issueAutomatically)
    .when(Condition.booleanEquals('$.autoIssue', true), leadsTo(transition(S.issueAutomatically), howDelivered))
    .otherwise(awaitFinance);
}
