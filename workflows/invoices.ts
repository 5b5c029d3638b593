import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, Errors, JsonPath, Succeed, type IChainable, type INextable, type State } from 'aws-cdk-lib/aws-stepfunctions';
import type { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { INVOICE_STEPS as S, invoiceWaits, type InvoiceWaitingStatus } from '../functions/invoices/transitions.js';
import { humanTask, lambdaStep } from './lambda-step.js';

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
  const cache = new Map<string, LambdaInvoke>();
  const transition = (name: string, after: 'timeout' | 'other' = 'other'): LambdaInvoke => {
    const existing = cache.get(name);
    if (existing) return existing;
    const payload = { step: 'transition', state: name, caseId: JsonPath.stringAt('$.caseId'), decision: JsonPath.objectAt('$.decision'), ...(after === 'timeout' ? { by: 'timeout' } : {}) };
    const state = lambdaStep(scope, name, fns.steps, payload, '$.case');
    cache.set(name, state);
    return state;
  };
  const then = <T extends State & INextable>(state: T, next: IChainable): T => {
    state.next(next);
    return state;
  };
  const decided = (action: string) => Condition.stringEquals('$.decision.decision', action);
  const wait = (status: InvoiceWaitingStatus, onTimeout: LambdaInvoke): LambdaInvoke => {
    const { state, kind, deadline } = invoiceWaits[status];
    const task = humanTask(scope, state, { openTask: fns.openTask, kind, deadlinePath: `$.deadlines.${deadline}`, resultPath: '$.decision' });
    task.addCatch(onTimeout, { errors: [Errors.TIMEOUT], resultPath: '$.timeout' });
    return task;
  };

  const caseClosed = new Succeed(scope, R.caseClosed);
  const closeVoided = then(transition(S.closeVoided), caseClosed);

  const awaitConfirmation = wait('delivered', then(transition(S.confirmAfterTimeout, 'timeout'), caseClosed));
  awaitConfirmation.next(
    new Choice(scope, R.buyerAnswered).when(decided('confirm'), then(transition(S.closeConfirmed), caseClosed)).when(decided('void'), closeVoided),
  );

  const awaitParcel = wait('in_parcel', then(transition(S.deliveredAfterTimeout, 'timeout'), awaitConfirmation));
  awaitParcel.next(
    new Choice(scope, R.parcelReported).when(decided('delivered'), then(transition(S.recordDelivered), awaitConfirmation)).when(decided('void'), closeVoided),
  );
  const awaitBatch = wait('in_batch', then(transition(S.mailedAfterTimeout, 'timeout'), awaitConfirmation));
  awaitBatch.next(new Choice(scope, R.batchClosed).when(decided('mail'), then(transition(S.recordMailed), awaitConfirmation)).when(decided('void'), closeVoided));

  const howDelivered = new Choice(scope, R.howDelivered)
    .when(Condition.stringEquals('$.case.delivery', 'in_parcel'), then(transition(S.putInParcel), awaitParcel))
    .otherwise(then(transition(S.addToBatch), awaitBatch));

  const awaitFinance = wait('requested', then(transition(S.issueAfterTimeout, 'timeout'), howDelivered));
  awaitFinance.next(new Choice(scope, R.financeDecided).when(decided('issue'), then(transition(S.recordIssued), howDelivered)));

  return new Choice(scope, R.issueAutomatically)
    .when(Condition.booleanEquals('$.autoIssue', true), then(transition(S.issueAutomatically), howDelivered))
    .otherwise(awaitFinance);
}
