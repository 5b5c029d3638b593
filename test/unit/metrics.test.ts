import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordCount } from '../../functions/shared/metrics.js';

/** What went to stdout while `record` ran, one parsed JSON document a line. */
function written(record: () => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0);
  record();
  vi.restoreAllMocks();
  return lines.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('counting for the dashboard (CloudWatch Embedded Metric Format)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one count at once, in the AfterSales namespace, with its dimension and the service', () => {
    const [document, ...more] = written(() => recordCount('WebhookRejects', { Status: '401' }));
    expect(more).toEqual([]);
    expect(document).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [{ Namespace: 'AfterSales', Dimensions: [['service', 'Status']], Metrics: [{ Name: 'WebhookRejects', Unit: 'Count' }] }],
      },
      service: 'after-sales',
      Status: '401',
      WebhookRejects: 1,
    });
  });

  it('writes a count other than one, and a count without a dimension of its own under the service alone', () => {
    const [backlog, breaches] = written(() => {
      recordCount('Backlog', { Kind: 'store_decision' }, 7);
      recordCount('DeadlineBreaches');
    });
    expect(backlog).toMatchObject({ Kind: 'store_decision', Backlog: 7 });
    expect(breaches?._aws).toMatchObject({ CloudWatchMetrics: [{ Dimensions: [['service']], Metrics: [{ Name: 'DeadlineBreaches' }] }] });
    // Nothing but the count, its dimensions and the service: no field a case or a buyer could fill.
    expect(Object.keys(breaches ?? {}).sort()).toEqual(['DeadlineBreaches', '_aws', 'service']);
  });
});
