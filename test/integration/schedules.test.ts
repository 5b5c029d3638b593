import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';

interface DailyReport {
  storeId: string;
  date: string;
  generatedAt: string;
  openTasks: { total: number; overdue: number; byKind: Record<string, { open: number; overdue: number; ages: Record<string, number> }> };
}

/** The local clock runs at real pace between moves, so a run lands within moments of its time. */
function expectRunAt(generatedAt: string, expected: string): void {
  const late = Date.parse(generatedAt) - Date.parse(expected);
  expect(late).toBeGreaterThanOrEqual(0);
  expect(late).toBeLessThan(5_000);
}

/** The daily backlog sweep is the template's EventBridge schedule, fired by the local clock in the store's time zone. */
describe('the daily sweep schedule in the local cloud', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;

  beforeAll(async () => {
    // 08:00 in Shanghai on 2 November.
    cloud = await startTestCloud({ clockStart: new Date('2026-11-02T00:00:00Z') });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-sweep');
    await shop.registerStore({ timezone: 'Asia/Shanghai' });
  });
  afterAll(async () => cloud?.stop());

  it('lists the schedules with their next runs: the sweep at 09:00, the campaigns at 10:00, the invoices\' postal batch on the 1st, Asia/Shanghai', async () => {
    const response = await fetch(`${cloud.baseUrl}/local/schedules`);
    const { items } = (await response.json()) as { items: Array<{ name: string; expression: string; timezone: string; nextRunAt: string }> };
    expect(items).toEqual([
      { name: 'daily-sweep', expression: 'cron(0 9 * * ? *)', timezone: 'Asia/Shanghai', nextRunAt: '2026-11-02T01:00:00.000Z' },
      { name: 'campaigns', expression: 'cron(0 10 * * ? *)', timezone: 'Asia/Shanghai', nextRunAt: '2026-11-02T02:00:00.000Z' },
      { name: 'invoice-batch', expression: 'cron(0 0 1 * ? *)', timezone: 'Asia/Shanghai', nextRunAt: '2026-11-30T16:00:00.000Z' },
    ]);
  });

  it('fires at 09:00 store time as the clock passes it, and reports the open tasks of the day', async () => {
    await playDeliveredOrder(shop, { orderId: 'o-sweep', buyerId: 'b-sweep' });
    expect((await shop.send('aftersale.requested', returnRequest('r-sweep', 'o-sweep'))).status).toBe(202);
    await cloud.settle();
    const before = await shop.admin('GET', `/admin/reports/daily?storeId=${shop.storeId}&date=2026-11-02`);
    expect(before.status).toBe(404);

    await cloud.advance('PT1H');
    const report = await shop.adminJson<DailyReport>('GET', `/admin/reports/daily?storeId=${shop.storeId}&date=2026-11-02`);
    expectRunAt(report.generatedAt, '2026-11-02T01:00:00.000Z');
    expect(report.openTasks).toEqual({
      total: 1,
      overdue: 0,
      byKind: { store_decision: { open: 1, overdue: 0, ages: { under_1_day: 1, '1_to_3_days': 0, '3_to_7_days': 0, over_7_days: 0 } } },
    });
  });

  it('runs on demand through POST /local/schedules/{name}/run and answers with the result', async () => {
    const response = await fetch(`${cloud.baseUrl}/local/schedules/daily-sweep/run`, { method: 'POST' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { name: string; result: { status: string; reports: Array<{ storeId: string; summary: { openTasks: number } }> } };
    expect(body.name).toBe('daily-sweep');
    // The schedule starts the sweep's state machine; the run answers once the execution has ended.
    expect(body.result.status).toBe('SUCCEEDED');
    expect(body.result.reports).toContainEqual({ storeId: shop.storeId, summary: expect.objectContaining({ storeId: shop.storeId, openTasks: 1, openCases: 1 }) });
    expect((await fetch(`${cloud.baseUrl}/local/schedules/no-such/run`, { method: 'POST' })).status).toBe(404);
  });

  it('moves the clock over HTTP, refusing what is not a duration', async () => {
    const bad = await fetch(`${cloud.baseUrl}/local/clock`, { method: 'POST', body: JSON.stringify({ advance: '2 days' }) });
    expect(bad.status).toBe(400);
    const moved = await fetch(`${cloud.baseUrl}/local/clock`, { method: 'POST', body: JSON.stringify({ set: '2026-11-03T01:30:00Z' }) });
    expect(await moved.json()).toEqual({ now: expect.stringMatching(/^2026-11-03T01:30:0/) });
    // The next morning's run happened on the way.
    const report = await shop.adminJson<DailyReport>('GET', `/admin/reports/daily?storeId=${shop.storeId}&date=2026-11-03`);
    expectRunAt(report.generatedAt, '2026-11-03T01:00:00.000Z');
  });
});
