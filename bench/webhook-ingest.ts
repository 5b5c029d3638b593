import { PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { signNative } from '../functions/webhooks/native-signature.js';
import type { LocalCloud } from '../local/cloud.js';
import { StorefrontClient } from '../local/storefront-client.js';
import { measure, ms, type LatencySummary } from './stats.js';

export interface IngestResult {
  putItem: LatencySummary;
  ingest: LatencySummary;
  putItemConcurrent: LatencySummary;
  ingestConcurrent: LatencySummary;
}

/**
 * Webhook latency through the local HTTP server into DynamoDB Local, beside a bare PutItem of the same
 * item measured in the same run: the ratio says what the ingest adds to its one durable write.
 */
export async function benchWebhookIngest(cloud: LocalCloud, n: number, log: (line: string) => void): Promise<IngestResult> {
  const store = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'bench-shop', 'bench-webhook-secret');
  await store.registerStore();
  const db = DynamoDBDocumentClient.from(cloud.dynamo);
  const body = (id: string) =>
    JSON.stringify({ id, type: 'order.paid', occurredAt: new Date().toISOString(), data: { orderId: `o-${id}`, paidAt: new Date().toISOString() } });
  const putItem = (i: number, prefix: string) =>
    db.send(new PutCommand({ TableName: process.env.INBOX_TABLE, Item: { storeId: 'bench-baseline', eventId: `${prefix}-${i}`, body: body(`${prefix}-${i}`) }, ConditionExpression: 'attribute_not_exists(eventId)' })).then(() => undefined);
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

  // Warm both paths (module loading, connections, caches) before measuring.
  await measure(30, 1, (i) => putItem(i, 'warm'));
  await measure(30, 1, (i) => ingest(i, 'warm'));
  await cloud.settle();

  log(`  sequential, ${n} each…`);
  const result: Partial<IngestResult> = {};
  // Interleave the two in rounds so both see the same machine state.
  const rounds = 4;
  const put: LatencySummary[] = [];
  const hook: LatencySummary[] = [];
  for (let round = 0; round < rounds; round++) {
    put.push(await measure(n / rounds, 1, (i) => putItem(i, `put-${round}`)));
    hook.push(await measure(n / rounds, 1, (i) => ingest(i, `seq-${round}`)));
    await cloud.settle();
  }
  const merge = (parts: LatencySummary[]): LatencySummary => ({
    n: parts.reduce((sum, part) => sum + part.n, 0),
    p50: median(parts.map((part) => part.p50)),
    p99: Math.max(...parts.map((part) => part.p99)),
    perSecond: median(parts.map((part) => part.perSecond)),
  });
  result.putItem = merge(put);
  result.ingest = merge(hook);
  log(`  PutItem p50 ${ms(result.putItem.p50)}, ingest p50 ${ms(result.ingest.p50)}`);

  log(`  10 concurrent senders, ${n} each…`);
  result.putItemConcurrent = await measure(n, 10, (i) => putItem(i, 'cput'));
  result.ingestConcurrent = await measure(n, 10, (i) => ingest(i, 'conc'));
  await cloud.settle();
  return result as IngestResult;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
