import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';

interface LedgerEntry {
  idempotencyKey: string;
  orderId: string;
  amount: number;
}

/**
 * The payment service fails, does not answer, and answers late (injected in the local simulator, the one thing outside the
 * product); the refund step is retried with backoff and the buyer is paid exactly once per case.
 */
describe('refunds when the payment service misbehaves', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;

  beforeAll(async () => {
    cloud = await startTestCloud({ clockStart: new Date('2026-11-12T02:00:00Z') });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-refunds');
    await shop.registerStore();
  });
  afterAll(async () => cloud?.stop());

  const inject = (faults: Record<string, number>) =>
    fetch(`${cloud.baseUrl}/local/payments/faults`, { method: 'POST', body: JSON.stringify(faults) }).then((response) => expect(response.status).toBe(200));
  const ledger = async () => ((await (await fetch(`${cloud.baseUrl}/local/payments/refunds`)).json()) as { items: LedgerEntry[] }).items;

  /** Calls the local Step Functions API as the SDK would. */
  const stepFunctions = async <T>(operation: string, body: unknown): Promise<T> =>
    (await (await fetch(`${cloud.baseUrl}/aws/states`, { method: 'POST', headers: { 'x-amz-target': `AWSStepFunctions.${operation}` }, body: JSON.stringify(body) })).json()) as T;

  /** The failed attempts Step Functions recorded for the execution (GetExecutionHistory, as in the console). */
  const failedAttempts = async (caseId: string) => {
    const { stateMachines } = await stepFunctions<{ stateMachines: Array<{ stateMachineArn: string }> }>('ListStateMachines', {});
    const executionArn = `${stateMachines[0]?.stateMachineArn.replace(':stateMachine:', ':execution:')}:${caseId}`;
    const { events } = await stepFunctions<{ events: Array<{ type: string; taskFailedEventDetails?: { error?: string } }> }>('GetExecutionHistory', { executionArn });
    return events.filter((event) => event.type === 'TaskFailed').map((event) => event.taskFailedEventDetails?.error);
  };

  async function approvedReturn(requestId: string): Promise<string> {
    const orderId = `o-${requestId}`;
    await playDeliveredOrder(shop, { orderId, buyerId: `buyer-${requestId}`, unitPrice: 5_000 });
    expect((await shop.send('aftersale.requested', returnRequest(requestId, orderId, { type: 'refund_only', reason: 'quality' }))).status).toBe(202);
    await cloud.settle();
    const caseId = `as-${shop.storeId}-${requestId}`;
    const { items } = await shop.adminJson<{ items: Array<{ taskId: string; caseId: string }> }>('GET', `/admin/tasks?storeId=${shop.storeId}`);
    const task = items.find((candidate) => candidate.caseId === caseId);
    expect((await shop.admin('POST', `/admin/tasks/${task?.taskId}`, { decision: 'approve' })).status).toBe(200);
    await cloud.settle();
    return caseId;
  }

  it('retries while the service is down and pays once', async () => {
    await inject({ failNext: 2 });
    const caseId = await approvedReturn('r-down');
    const execution = await shop.adminJson<{ status: string; states: string[] }>('GET', `/admin/executions/${caseId}`);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.states.filter((state) => state === 'Refund buyer')).toHaveLength(1);
    expect(await failedAttempts(caseId)).toEqual(['PaymentUnavailable', 'PaymentUnavailable']);
    expect((await ledger()).filter((entry) => entry.idempotencyKey === `refund-${caseId}`)).toEqual([expect.objectContaining({ amount: 5_000 })]);
    const closed = await shop.adminJson<{ outcome: string; refund: { reference: string } }>('GET', `/admin/cases/${caseId}`);
    expect(closed.outcome).toBe('refunded');
    expect(closed.refund.reference).toMatch(/^re_/);
  });

  it('pays once when the service pays but answers too late, and the retry asks again with the same key', async () => {
    await inject({ payThenTimeOutNext: 1 });
    const caseId = await approvedReturn('r-late-answer');
    expect((await shop.adminJson<{ status: string }>('GET', `/admin/executions/${caseId}`)).status).toBe('SUCCEEDED');
    const payments = (await ledger()).filter((entry) => entry.idempotencyKey === `refund-${caseId}`);
    expect(payments).toHaveLength(1);
    expect(await failedAttempts(caseId)).toEqual(['PaymentUnavailable']);
    expect((await shop.adminJson<{ outcome: string }>('GET', `/admin/cases/${caseId}`)).outcome).toBe('refunded');
  });

  it('pays once when the service does not answer in time and pays nothing, and the retry pays', async () => {
    await inject({ timeOutNext: 1 });
    const caseId = await approvedReturn('r-no-answer');
    expect((await shop.adminJson<{ status: string }>('GET', `/admin/executions/${caseId}`)).status).toBe('SUCCEEDED');
    expect(await failedAttempts(caseId)).toEqual(['PaymentUnavailable']);
    expect((await ledger()).filter((entry) => entry.idempotencyKey === `refund-${caseId}`)).toEqual([expect.objectContaining({ amount: 5_000 })]);
    expect((await shop.adminJson<{ outcome: string }>('GET', `/admin/cases/${caseId}`)).outcome).toBe('refunded');
  });

  it.each([
    ['finance retries it', 'r-finance', async (taskId: string) => expect((await shop.admin('POST', `/admin/tasks/${taskId}`, { decision: 'retry_refund', agentId: 'fin-zhao' })).status).toBe(200), 'Record refund retry', 'agent:fin-zhao'],
    ['nobody acts for 24 h', 'r-finance-late', async () => cloud.advance('PT24H1S'), 'Retry refund after timeout', 'timeout'],
  ] as const)('hands a refund the service keeps refusing to finance, and pays it once when %s', async (_when, requestId, act, retryState, retriedBy) => {
    await inject({ failNext: 4 });
    const caseId = await approvedReturn(requestId);
    const waiting = await shop.adminJson<{ status: string; currentState?: string }>('GET', `/admin/executions/${caseId}`);
    expect(waiting).toMatchObject({ status: 'RUNNING', currentState: 'Await finance on failed refund' });
    expect(await shop.adminJson<{ refund: { status: string } }>('GET', `/admin/cases/${caseId}`)).toMatchObject({ status: 'store_agreed', refund: { status: 'failed' } });
    const { items } = await shop.adminJson<{ items: Array<{ taskId: string; caseId: string; kind: string }> }>('GET', `/admin/tasks?storeId=${shop.storeId}`);
    const task = items.find((candidate) => candidate.caseId === caseId);
    expect(task?.kind).toBe('refund_failure');

    await act(task?.taskId ?? '');
    await cloud.settle();
    const execution = await shop.adminJson<{ status: string; states: string[] }>('GET', `/admin/executions/${caseId}`);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.states.slice(-6)).toEqual(['Record failed refund', 'Await finance on failed refund', retryState, 'Refund buyer', 'Close as refunded', 'Case closed']);
    const closed = await shop.adminJson<{ outcome: string; history: Array<{ action: string; by: string }> }>('GET', `/admin/cases/${caseId}`);
    expect(closed.outcome).toBe('refunded');
    expect(closed.history.find((entry) => entry.action === 'refund_retried')?.by).toBe(retriedBy);
    expect((await ledger()).filter((entry) => entry.idempotencyKey === `refund-${caseId}`)).toHaveLength(1);
  });

  it('keeps exactly one payment per case across all the cases of the store', async () => {
    const keys = (await ledger()).map((entry) => entry.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
