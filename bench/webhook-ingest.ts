import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { toInboxItem } from '../functions/webhooks/inbox.js';
import type { NativeEvent } from '../functions/webhooks/native-events.js';
import { signNative } from '../functions/webhooks/native-signature.js';
import type { LocalCloud } from '../local/cloud.js';
import { StorefrontClient } from '../local/storefront-client.js';
import { measure, ms, percentile, type LatencySummary } from './stats.js';

export interface IngestResult {
  putItem: LatencySummary;
  httpRoundTrip: LatencySummary;
  ingest: LatencySummary;
  ingestWithProcessing: LatencySummary;
  putItemConcurrent: LatencySummary;
  ingestConcurrent: LatencySummary;
  processedAfterwards: number;
}

/**
 * Webhook latency through the local HTTP server into DynamoDB Local, beside a bare PutItem of the same
 * item measured in the same run: the ratio says what the ingest adds to its one durable write.
 */
export async function benchWebhookIngest(cloud: LocalCloud, n: number, log: (line: string) => void): Promise<IngestResult> {
  const store = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'bench-shop', 'bench-webhook-secret');
  await store.registerStore();
  const body = (id: string) =>
    JSON.stringify({ id, type: 'order.paid', occurredAt: new Date().toISOString(), data: { orderId: `o-${id}`, paidAt: new Date().toISOString() } });
  // Imported only now: the product's client takes its endpoint from the environment the local cloud has set.
  const { dynamo } = await import('../functions/shared/aws.js');
  // The baseline is the ingest's own durable write made directly: the same item, table and condition, through the
  // product's own client, so it takes the same way to DynamoDB Local the functions take (the local cloud's proxy).
  const putItem = (i: number, prefix: string) => {
    const id = `${prefix}-${i}`;
    const event = JSON.parse(body(id)) as NativeEvent;
    return dynamo
      .send(new PutCommand({ TableName: process.env.INBOX_TABLE, Item: toInboxItem('bench-baseline', 'native', id, [event], new Date()), ConditionExpression: 'attribute_not_exists(eventId)' }))
      .then(() => undefined);
  };
  const ingest = async (i: number, prefix: string) => {
    const id = `${prefix}-${i}`;
    const text = body(id);
    const response = await fetch(`${cloud.baseUrl}/webhooks/bench-shop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-event-id': id, 'x-signature': signNative(store.secret, Math.floor(Date.now() / 1000), text) },
      body: text,
    });
    if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
  };

  // Warm both paths (module loading, connections, caches, and DynamoDB Local's JIT, which takes a while).
  cloud.streams.held = true;
  await measure(500, 1, (i) => putItem(i, 'warm'));
  await measure(500, 1, (i) => ingest(i, 'warm'));

  log(`  one sender, ${n} rounds of a PutItem, an empty HTTP round trip and an ingest…`);
  const result: Partial<IngestResult> = {};
  const put: number[] = [];
  const hook: number[] = [];
  const hop: number[] = [];
  const health = async () => {
    await (await fetch(`${cloud.baseUrl}/health`)).text();
  };
  const timed = async (into: number[], work: () => Promise<void>) => {
    const t0 = performance.now();
    await work();
    into.push(performance.now() - t0);
  };
  for (let i = 0; i < n; i++) {
    await timed(put, () => putItem(i, 'pair'));
    await timed(hop, health);
    await timed(hook, () => ingest(i, 'pair'));
  }
  // One sender waits for each answer, so its rate is the inverse of its mean latency.
  const summary = (sample: number[]): LatencySummary => ({
    n: sample.length,
    p50: percentile(sample, 50),
    p99: percentile(sample, 99),
    perSecond: sample.length / (sample.reduce((sum, value) => sum + value, 0) / 1000),
  });
  result.putItem = summary(put);
  result.ingest = summary(hook);
  result.httpRoundTrip = summary(hop);
  log(`  PutItem p50 ${ms(result.putItem.p50)}, ingest p50 ${ms(result.ingest.p50)}`);

  log(`  10 concurrent senders, ${n} each…`);
  result.putItemConcurrent = await measure(n, 10, (i) => putItem(i, 'cput'));
  result.ingestConcurrent = await measure(n, 10, (i) => ingest(i, 'conc'));
  cloud.streams.held = false;
  result.processedAfterwards = await cloud.streams.pump();
  await cloud.settle();

  log(`  sequential again, processing live in the same process…`);
  result.ingestWithProcessing = await measure(n / 2, 1, (i) => ingest(i, 'live'));
  await cloud.settle();
  return result as IngestResult;
}
