import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';

type Emf = Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Namespace: string }> } };

/**
 * What the dashboard in AWS will show, as the functions write it in the local cloud: CloudWatch Embedded Metric
 * Format lines on stdout, where CloudWatch Logs would turn them into metrics.
 */
describe('the counts behind the dashboard, written by the functions in the local cloud', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  const written: string[] = [];
  const recorded = (metric: string) =>
    written
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{"_aws"'))
      .map((line) => JSON.parse(line) as Emf)
      .filter((document) => metric in document);

  beforeAll(async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    cloud = await startTestCloud({ clockStart: new Date('2026-11-10T02:00:00Z') });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-metrics');
    expect((await shop.registerStore({ agents: ['ann'] })).status).toBe(200);
  });
  afterAll(async () => {
    await cloud?.stop();
    vi.restoreAllMocks();
  });

  it('counts refused webhook deliveries by their status', async () => {
    expect((await shop.send('order.paid', { orderId: 'o-1', paidAt: new Date().toISOString() }, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-unknown').send('order.paid', { orderId: 'o-1', paidAt: new Date().toISOString() })).status).toBe(404);
    const rejects = recorded('WebhookRejects');
    expect(rejects.map((document) => [document.Status, document.WebhookRejects])).toEqual([
      ['401', 1],
      ['404', 1],
    ]);
    expect(rejects.every((document) => document._aws.CloudWatchMetrics[0]?.Namespace === 'AfterSales')).toBe(true);
  });

  it('counts the decisions deadlines took, by workflow, and the breach of a complaint nobody answered, once each', async () => {
    expect((await shop.send('complaint.opened', { complaintId: 'c-3', buyerId: 'buyer-3', severity: 'normal', text: '客服一直不回复', openedAt: new Date().toISOString() })).status).toBe(202);
    await playDeliveredOrder(shop, { orderId: 'o-2', buyerId: 'buyer-2' });
    expect((await shop.send('aftersale.requested', returnRequest('r-2', 'o-2'))).status).toBe(202);
    await cloud.settle();
    expect([...recorded('AutomaticDecisions'), ...recorded('DeadlineBreaches')]).toEqual([]);
    // 48 hours: the complaint's answer is late (its supervisor has it now), and the store agreed to the return by its silence.
    await cloud.advance('PT48H1S');
    expect(recorded('AutomaticDecisions').map((document) => [document.Workflow, document.AutomaticDecisions])).toEqual([
      ['complaints', 1],
      ['returns', 1],
    ]);
    expect(recorded('DeadlineBreaches').map((document) => document.DeadlineBreaches)).toEqual([1]);
  });

  it('counts the backlog of each task kind open at each morning\'s first sweep only', async () => {
    // The 09:00 sweeps of the two mornings the 48 hours ran through, each finding the complaint and the request waiting.
    const mornings = recorded('Backlog').map((document) => [document.Kind, document.Backlog]);
    const waiting = [
      ['store_decision', 1],
      ['complaint_answer', 1],
    ];
    expect(mornings.sort()).toEqual([...waiting, ...waiting].sort());
    // A second run the same morning writes the report again, and does not count the backlog again.
    expect((await fetch(`${cloud.baseUrl}/local/schedules/daily-sweep/run`, { method: 'POST' })).status).toBe(200);
    expect(recorded('Backlog')).toHaveLength(mornings.length);
  });
});
