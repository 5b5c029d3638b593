import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import type { LocalFaults } from '../../local/faults.js';
import { StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';
import { casesWithoutDeadline, lostEvents, ordersRefundedTwice, paidRefunds, parkedDeliveries, refundCaseId, refundEventEffect, requestRefund } from '../support/proofs.js';
import { decideOpenTask, openTasksOf } from '../support/tasks.js';

interface FaultsView {
  injected: { dynamodb: Record<string, number>; functions: Record<string, number> };
}
interface ExecutionView {
  status: string;
  states: string[];
}
interface CaseView {
  status: string;
  outcome?: string;
  refund?: { status: string };
  history: Array<{ action: string; by: string }>;
  execution: { status: string } | null;
}

/**
 * Faults injected into the local cloud — DynamoDB throttling and server errors, functions that throw, the payment
 * service down for an hour — and the four promises read back through the admin API and the payment service's ledger:
 * no accepted webhook lost, no case stuck without a deadline, no refund paid twice, every failure visible to an admin.
 * (The local cloud killed mid-run is in faults-kill.test.ts.)
 */
describe('fault injection in the local cloud', () => {
  let cloud: LocalCloud;

  beforeAll(async () => {
    cloud = await startTestCloud({ clockStart: new Date('2026-11-12T02:00:00Z') });
  });
  afterAll(async () => cloud?.stop());

  const store = async (storeId: string) => {
    const shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, storeId);
    expect((await shop.registerStore()).status).toBe(200);
    return shop;
  };
  const injectFaults = async (faults: Partial<Record<keyof LocalFaults, unknown>>): Promise<FaultsView> => {
    const response = await fetch(`${cloud.baseUrl}/local/faults`, { method: 'POST', body: JSON.stringify(faults) });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as FaultsView;
  };
  const injected = async () => ((await (await fetch(`${cloud.baseUrl}/local/faults`)).json()) as FaultsView).injected;
  const execution = (shop: StorefrontClient, caseId: string) => shop.adminJson<ExecutionView>('GET', `/admin/executions/${caseId}`);
  const caseOf = (shop: StorefrontClient, caseId: string) => shop.adminJson<CaseView>('GET', `/admin/cases/${caseId}`);
  /** The errors of the execution's failed task attempts, from its history (GetExecutionHistory) as the console shows them. */
  const failedAttempts = async (caseId: string) => {
    const { events } = await stepFunctions<{ events: Array<{ type: string; taskFailedEventDetails?: { error?: string } }> }>('GetExecutionHistory', {
      executionArn: `${cloud.stepFunctions.stateMachineArns().find((arn) => arn.includes('Returns'))?.replace(':stateMachine:', ':execution:')}:${caseId}`,
    });
    return events.filter((event) => event.type === 'TaskFailed').map((event) => event.taskFailedEventDetails?.error);
  };
  const stepFunctions = async <T>(operation: string, body: unknown): Promise<T> =>
    (await (await fetch(`${cloud.baseUrl}/aws/states`, { method: 'POST', headers: { 'x-amz-target': `AWSStepFunctions.${operation}` }, body: JSON.stringify(body) })).json()) as T;

  it('refuses a fault it cannot inject, naming what is wrong', async () => {
    for (const body of [{ dynamodb: { share: 2 } }, { functions: [{ name: 'NoSuchFunction', throwNext: 1 }] }, { lambdas: {} }]) {
      const response = await fetch(`${cloud.baseUrl}/local/faults`, { method: 'POST', body: JSON.stringify(body) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/share|NoSuchFunction|lambdas/);
    }
  });

  it('absorbs DynamoDB throttling and server errors: every accepted webhook is processed and every refund paid once', async () => {
    const shop = await store('shop-dynamo-faults');
    await injectFaults({ dynamodb: { share: 0.1, seed: 7 } });
    const accepted = (await Promise.all(['d-1', 'd-2', 'd-3', 'd-4'].map((requestId) => requestRefund(shop, requestId)))).flat();
    await cloud.settle();
    // Nobody at the store acts: the 48-hour deadline agrees to every request, and the refunds go out.
    await cloud.advance('PT48H1S');
    const seen = await injected();
    await injectFaults({});

    expect(seen.dynamodb).toEqual({ ProvisionedThroughputExceededException: expect.any(Number), ThrottlingException: expect.any(Number), InternalServerError: expect.any(Number) });
    expect(await lostEvents(shop, accepted, refundEventEffect(shop))).toEqual([]);
    expect(await parkedDeliveries(shop)).toEqual([]);
    expect(await casesWithoutDeadline(shop)).toEqual([]);
    expect(await ordersRefundedTwice(cloud.baseUrl)).toEqual([]);
    for (const requestId of ['d-1', 'd-2', 'd-3', 'd-4']) {
      const caseId = refundCaseId(shop, requestId);
      expect((await execution(shop, caseId)).status).toBe('SUCCEEDED');
      expect(await caseOf(shop, caseId)).toMatchObject({ status: 'closed', outcome: 'refunded' });
      expect((await paidRefunds(cloud.baseUrl)).filter((entry) => entry.orderId === `o-${requestId}`)).toHaveLength(1);
    }
  });

  it('retries a step that throws, before or after it did its work, pays the refund once, and shows an admin the execution a step kept failing', async () => {
    const shop = await store('shop-step-throws');
    const [before, after, failing] = ['s-before', 's-after', 's-failing'].map((requestId) => refundCaseId(shop, requestId)) as [string, string, string];
    await Promise.all(['s-before', 's-after', 's-failing'].map((requestId) => requestRefund(shop, requestId)));
    await cloud.settle();
    await injectFaults({
      functions: [
        { name: 'ReturnSteps', throwNext: 2, match: { state: 'Refund buyer', caseId: before } },
        // After its work: the payment service paid, and the step's answer never came back; the retry asks with the same key.
        { name: 'ReturnSteps', throwNext: 1, when: 'after', match: { state: 'Refund buyer', caseId: after } },
        // More failures than the step's three retries.
        { name: 'ReturnSteps', throwNext: 4, match: { state: 'Record store agreement', caseId: failing } },
      ],
    });
    for (const caseId of [before, after, failing]) await decideOpenTask(shop, caseId, 'store_decision', { decision: 'approve' });
    await cloud.settle();
    expect((await injected()).functions).toEqual({ ReturnSteps: 7 });
    await injectFaults({});

    for (const [caseId, failures] of [[before, 2], [after, 1]] as const) {
      const run = await execution(shop, caseId);
      expect(run.status).toBe('SUCCEEDED');
      expect(run.states.slice(-3)).toEqual(['Refund buyer', 'Close as refunded', 'Case closed']);
      expect(await failedAttempts(caseId)).toEqual(Array.from({ length: failures }, () => 'InjectedFault'));
      expect(await caseOf(shop, caseId)).toMatchObject({ status: 'closed', outcome: 'refunded' });
    }
    expect(await ordersRefundedTwice(cloud.baseUrl)).toEqual([]);
    expect((await paidRefunds(cloud.baseUrl)).filter((entry) => entry.orderId === 'o-s-after')).toHaveLength(1);

    const run = await execution(shop, failing);
    expect(run.status).toBe('FAILED');
    expect(run.states.at(-1)).toBe('Record store agreement');
    expect(await failedAttempts(failing)).toEqual(['InjectedFault', 'InjectedFault', 'InjectedFault', 'InjectedFault']);
    const { items: failed } = await shop.adminJson<{ items: Array<{ name: string }> }>('GET', `/admin/executions?workflow=returns&status=FAILED&storeId=${shop.storeId}`);
    expect(failed.map((item) => item.name)).toEqual([failing]);
    expect((await caseOf(shop, failing)).execution).toMatchObject({ status: 'FAILED' });
    expect(await casesWithoutDeadline(shop)).toEqual([`${failing} (requested): execution FAILED`]);
    expect(await paidRefunds(cloud.baseUrl)).not.toContainEqual(expect.objectContaining({ orderId: 'o-s-failing' }));
  });

  it('keeps a deadline on every case while the payment service is down for an hour, and pays each refund once after', async () => {
    const shop = await store('shop-payments-down');
    for (const requestId of ['p-finance', 'p-deadline']) await requestRefund(shop, requestId);
    await cloud.settle();
    const outage = await fetch(`${cloud.baseUrl}/local/payments/faults`, { method: 'POST', body: JSON.stringify({ downFor: 'PT1H' }) });
    expect(outage.status).toBe(200);
    for (const requestId of ['p-finance', 'p-deadline']) await decideOpenTask(shop, refundCaseId(shop, requestId), 'store_decision', { decision: 'approve' });
    await cloud.settle();

    const finance = refundCaseId(shop, 'p-finance');
    const untilDeadline = refundCaseId(shop, 'p-deadline');
    for (const caseId of [finance, untilDeadline]) {
      expect(await caseOf(shop, caseId)).toMatchObject({ status: 'store_agreed', refund: { status: 'failed' }, execution: { status: 'RUNNING' } });
      expect((await openTasksOf(shop, caseId)).map((task) => task.kind)).toEqual(['refund_failure']);
    }
    expect(await casesWithoutDeadline(shop)).toEqual([]);

    // Half an hour on, finance tries again: the service is still down, and the case goes back to finance with a new deadline.
    await cloud.advance('PT30M');
    await decideOpenTask(shop, finance, 'refund_failure', { decision: 'retry_refund', agentId: 'fin-zhao' });
    await cloud.settle();
    expect((await openTasksOf(shop, finance)).map((task) => task.kind)).toEqual(['refund_failure']);
    expect(await casesWithoutDeadline(shop)).toEqual([]);
    expect(await paidRefunds(cloud.baseUrl)).not.toContainEqual(expect.objectContaining({ orderId: 'o-p-finance' }));

    // The hour is over: finance's next try pays, and the other case is tried again when finance's deadline passes.
    await cloud.advance('PT31M');
    await decideOpenTask(shop, finance, 'refund_failure', { decision: 'retry_refund', agentId: 'fin-zhao' });
    await cloud.advance('PT24H');

    for (const [caseId, retriedBy] of [[finance, 'agent:fin-zhao'], [untilDeadline, 'timeout']] as const) {
      const closed = await caseOf(shop, caseId);
      expect(closed).toMatchObject({ status: 'closed', outcome: 'refunded', refund: { status: 'succeeded' } });
      expect(closed.history.filter((entry) => entry.action === 'refund_retried').map((entry) => entry.by).at(-1)).toBe(retriedBy);
      expect((await execution(shop, caseId)).status).toBe('SUCCEEDED');
    }
    expect(await ordersRefundedTwice(cloud.baseUrl)).toEqual([]);
    expect((await paidRefunds(cloud.baseUrl)).filter((entry) => ['o-p-finance', 'o-p-deadline'].includes(entry.orderId))).toHaveLength(2);
    expect(await casesWithoutDeadline(shop)).toEqual([]);
  });
});
