import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { StorefrontClient } from '../../local/storefront-client.js';
import { npmStartOnDataDir } from '../support/npm-start.js';
import {
  casesWithoutDeadline,
  deliverUntilAccepted,
  lostEvents,
  ordersRefundedTwice,
  paidRefunds,
  refundCaseId,
  refundEventEffect,
  refundEvents,
  requestRefund,
  type AcceptedEvent,
} from '../support/proofs.js';

const ADMIN_TOKEN = 'kill-admin-token';
/** The store's deadline, short enough to pass in real time while webhooks still come in: the clock is not moved. */
const STORE_DECISION_SECONDS = 3;

/**
 * `npm start` is killed (SIGKILL, with its DynamoDB Local) while storefront webhooks come in and workflows pay refunds,
 * and started again on the same data directory. Every webhook that got a 202 is processed, the storefront's deliveries
 * that got no answer are accepted when sent again (or found already stored), and nothing happens twice.
 */
describe('the local cloud killed mid-run', () => {
  const cloud = npmStartOnDataDir('after-sales-kill-', { ADMIN_TOKEN });
  const start = async () => new StorefrontClient((await cloud.start()).baseUrl, ADMIN_TOKEN, 'shop-killed');
  const settle = (shop: StorefrontClient) => shop.adminJson('POST', '/local/clock', { advance: 'PT1M' });

  it('loses no accepted webhook, pays every refund once and leaves no case without a deadline', async () => {
    let shop = await start();
    expect((await shop.registerStore({ policy: { returns: { storeDecisionSeconds: STORE_DECISION_SECONDS } } })).status).toBe(200);
    // The first refund is paid and answered too late, so its step is still running when the kill comes.
    expect((await shop.admin('POST', '/local/payments/faults', { succeedThenTimeOutNext: 1 })).status).toBe(200);

    const first = ['k-1', 'k-2', 'k-3', 'k-4'];
    const accepted: AcceptedEvent[] = (await Promise.all(first.map((requestId) => requestRefund(shop, requestId)))).flat();

    // While the store's deadlines pass and the refunds go out, more storefronts send; each stops at its first delivery
    // that gets no answer and keeps the rest, to send again later as a storefront does.
    const second = ['k-5', 'k-6', 'k-7', 'k-8'];
    let killed = false;
    const unsent: AcceptedEvent[][] = [];
    const sending = Promise.all(
      second.map(async (requestId) => {
        const events = refundEvents(requestId);
        for (const [index, event] of events.entries()) {
          const sent = killed ? undefined : await shop.send(event.type, event.data, { id: event.id }).catch(() => undefined);
          if (sent?.status === 202) {
            accepted.push(event);
            continue;
          }
          unsent.push(events.slice(index));
          return;
        }
      }),
    );
    // The kill comes once the payment service paid the first refund, before the workflow heard of it.
    let paidAtKill = 0;
    while (paidAtKill === 0) {
      await sleep(50);
      paidAtKill = (await paidRefunds(shop.baseUrl)).length;
      const closed = (await shop.adminJson<{ items: Array<{ status: string }> }>('GET', `/admin/cases?storeId=${shop.storeId}`)).items.filter((aCase) => aCase.status === 'closed');
      expect(closed, 'a refund was paid and closed before the kill could interrupt it').toEqual([]);
    }
    killed = true;
    await cloud.end('kill');
    await sending;
    expect(paidAtKill).toBeGreaterThan(0);

    shop = await start();
    for (const events of unsent) for (const event of events) accepted.push(await deliverUntilAccepted(shop, event.type, event.data, event.id));
    await settle(shop);

    expect(await lostEvents(shop, accepted, refundEventEffect(shop))).toEqual([]);
    expect(accepted.map((event) => event.id).sort()).toEqual([...first, ...second].flatMap((requestId) => refundEvents(requestId).map((event) => event.id)).sort());
    expect(await casesWithoutDeadline(shop)).toEqual([]);
    expect(await ordersRefundedTwice(shop.baseUrl)).toEqual([]);
    const { items: cases } = await shop.adminJson<{ items: Array<{ caseId: string; status: string; outcome?: string }> }>('GET', `/admin/cases?storeId=${shop.storeId}`);
    expect(cases.map((aCase) => [aCase.caseId, aCase.status, aCase.outcome]).sort()).toEqual([...first, ...second].map((requestId) => [refundCaseId(shop, requestId), 'closed', 'refunded']).sort());
    expect(await paidRefunds(shop.baseUrl)).toHaveLength(first.length + second.length);
    for (const { caseId } of cases) {
      const { history } = await shop.adminJson<{ history: Array<{ action: string }> }>('GET', `/admin/cases/${caseId}`);
      const actions = history.map((entry) => entry.action);
      expect(actions, caseId).toEqual([...new Set(actions)]);
    }
  }, 240_000); // two starts of `npm start`, each with its own DynamoDB Local: slow on a busy 2-core machine
});
