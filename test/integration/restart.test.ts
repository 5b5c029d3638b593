import { describe, expect, it } from 'vitest';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { npmStartOnDataDir } from '../support/npm-start.js';

interface TaskView {
  taskId: string;
  caseId: string;
  dueAt: string;
}

/**
 * `npm start` is stopped while two returns wait for the store and started again on the same data
 * directory: the waits, their tasks and their deadlines are still there, and both ways out still work.
 */
describe('the local cloud keeps waiting workflows across a restart', () => {
  const cloud = npmStartOnDataDir('after-sales-restart-', { ADMIN_TOKEN: 'restart-admin-token' });
  const start = async () => new StorefrontClient((await cloud.start()).baseUrl, 'restart-admin-token', 'shop-restart');
  const openTasks = async (shop: StorefrontClient) =>
    (await shop.adminJson<{ items: TaskView[] }>('GET', `/admin/tasks?storeId=${shop.storeId}&status=open`)).items.sort((a, b) => a.caseId.localeCompare(b.caseId));
  const settle = (shop: StorefrontClient) => shop.adminJson('POST', '/local/clock', { advance: 'PT0S' });

  it('resumes both waits; one is approved, the other is decided by its deadline', async () => {
    let shop = await start();
    expect((await shop.registerStore()).status).toBe(200);
    for (const id of ['a', 'b']) {
      await playDeliveredOrder(shop, { orderId: `o-${id}`, buyerId: `buyer-${id}` });
      expect((await shop.send('aftersale.requested', returnRequest(`r-${id}`, `o-${id}`, { type: 'refund_only', reason: 'quality' }))).status).toBe(202);
    }
    await settle(shop);
    const before = await openTasks(shop);
    expect(before.map((task) => task.caseId)).toEqual(['as-shop-restart-r-a', 'as-shop-restart-r-b']);

    expect(await cloud.end('stop')).toBe(0);
    shop = await start();

    expect(await openTasks(shop)).toEqual(before);
    const waiting = await shop.adminJson<{ status: string; currentState?: string }>('GET', '/admin/executions/as-shop-restart-r-a');
    expect(waiting).toMatchObject({ status: 'RUNNING', currentState: 'Await store decision' });

    const [taskA] = before;
    expect((await shop.admin('POST', `/admin/tasks/${taskA?.taskId}`, { decision: 'approve', agentId: 'after-restart' })).status).toBe(200);
    await shop.adminJson('POST', '/local/clock', { advance: 'PT48H' });

    const a = await shop.adminJson<{ status: string; states: string[] }>('GET', '/admin/executions/as-shop-restart-r-a');
    expect(a.status).toBe('SUCCEEDED');
    expect(a.states).toContain('Record store agreement');
    expect(a.states.at(-1)).toBe('Case closed');
    const b = await shop.adminJson<{ status: string; states: string[] }>('GET', '/admin/executions/as-shop-restart-r-b');
    expect(b.status).toBe('SUCCEEDED');
    expect(b.states).toContain('Agree automatically after timeout');
    const caseB = await shop.adminJson<{ outcome: string; history: Array<{ action: string; by: string }> }>('GET', '/admin/cases/as-shop-restart-r-b');
    expect(caseB.outcome).toBe('refunded');
    expect(caseB.history.find((entry) => entry.action === 'approve')?.by).toBe('timeout');
    expect(await openTasks(shop)).toEqual([]);
  }, 180_000); // two starts of `npm start`, each with its own DynamoDB Local: slow on a busy 2-core machine
});
