import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createCase } from '../cases/case-repository.js';
import type { Order } from '../orders/order.js';
import { caseIdFor, type Case } from '../cases/case.js';
import { sfn } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import { defaultPolicy, type Policy } from '../stores/policy.js';
import type { NativeEventOf } from '../webhooks/native-events.js';
import { buildReturnsWorkflowInput } from './workflow-input.js';

export function buildCase(storeId: string, request: NativeEventOf<'aftersale.requested'>['data'], now: Date): Case {
  const at = now.toISOString();
  return {
    caseId: caseIdFor('as', storeId, request.requestId),
    storeId,
    type: request.type,
    status: 'requested',
    orderId: request.orderId,
    requestId: request.requestId,
    reason: request.reason,
    items: request.items,
    ...(request.amount !== undefined ? { amount: request.amount } : {}),
    ...(request.note !== undefined ? { note: request.note } : {}),
    requestedAt: request.requestedAt,
    createdAt: at,
    updatedAt: at,
    history: [{ at, by: 'buyer', action: 'requested', type: request.type, reason: request.reason }],
    version: 1,
  };
}

/**
 * Opens the case for an after-sales request and starts its workflow, named by the case id.
 * Both steps tolerate repetition, so a redelivered or retried event converges on one case and one execution.
 */
export async function openAftersaleCase(
  storeId: string,
  request: NativeEventOf<'aftersale.requested'>['data'],
  policy: Policy | undefined,
  order: Order | undefined,
  now: Date,
): Promise<Case> {
  const aCase = buildCase(storeId, request, now);
  await createCase(aCase);
  try {
    await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: requiredEnv(ENV.returnsWorkflow),
        name: aCase.caseId,
        input: JSON.stringify(buildReturnsWorkflowInput(aCase, policy ?? defaultPolicy(), order)),
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
  }
  return aCase;
}
