import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { signNative } from '../functions/webhooks/native-signature.js';
import type { InboxItem } from '../functions/webhooks/inbox.js';
import type { Order } from '../functions/orders/order.js';
import type { LocalCloud } from '../local/cloud.js';
import { StorefrontClient } from '../local/storefront-client.js';
import { mulberry32, percentile } from './stats.js';

export interface LoadOptions {
  /** Storefronts sending at once, each its own store with its own secret, each waiting for one answer at a time. */
  senders: number;
  /** Events each sender sends: its orders' lives, four events an order. */
  events: number;
  /** Chance that a sender delivers an event it sent a second time (a retry, same event id). */
  duplicates: number;
  /** Chance that a sender's next delivery carries a bad signature (someone who does not know the secret). */
  badSignatures: number;
  /** Seeds the senders' choices, so a run can be repeated exactly. */
  seed: number;
}

type Kind = 'event' | 'duplicate' | 'forged';
/** What each kind of delivery must be answered. */
const EXPECTED: Record<Kind, number> = { event: 202, duplicate: 200, forged: 401 };

interface Answer {
  kind: Kind;
  storeId: string;
  eventId: string;
  status: number;
  duplicate: boolean;
  ms: number;
}

export interface LoadReport {
  options: LoadOptions;
  answers: Record<Kind, number>;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  /** From the first request to the last answer. */
  sendingSeconds: number;
  /** From the last answer until everything stored was processed. */
  settleSeconds: number;
  acceptedPerSecond: number;
  requestsPerSecond: number;
  latency: { p50: number; p95: number; p99: number };
  acceptedLatency: { p50: number; p95: number; p99: number };
  orders: { expected: number; projected: number };
  /** Every way the run broke a promise of the ingest; empty when it kept them all. */
  problems: string[];
}

const STEPS = ['created', 'paid', 'shipped', 'delivered'] as const;
const WARM_UP_EVENTS = 40;

/** The native event of an order's step: its life from creation to delivery. */
function orderEvent(id: string, orderId: string, step: (typeof STEPS)[number], buyerId: string): string {
  const at = new Date().toISOString();
  const data: Record<(typeof STEPS)[number], Record<string, unknown>> = {
    created: { orderId, buyer: { id: buyerId }, items: [{ sku: 'SKU-1', name: 'Linen shirt', quantity: 1, unitPrice: 9_900 }], total: 9_900, placedAt: at },
    paid: { orderId, paidAt: at },
    shipped: { orderId, carrier: 'SF Express', trackingNo: `SF-${orderId}`, shippedAt: at },
    delivered: { orderId, deliveredAt: at },
  };
  return JSON.stringify({ id, type: `order.${step}`, occurredAt: at, data: data[step] });
}

async function scan<T>(db: DynamoDBDocumentClient, table: string | undefined): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as T[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const summary = (sample: number[]) => ({ p50: percentile(sample, 50), p95: percentile(sample, 95), p99: percentile(sample, 99) });

/**
 * Storefronts sending signed native events to the local cloud at once, on loopback, with retries of events already
 * sent and deliveries whose signature is wrong mixed in; then, once everything settled, what the tables hold is
 * checked against what was answered: every 202 processed, every duplicate a 200 that stored nothing, every bad
 * signature a 401 that wrote nothing, and no 5xx.
 */
export async function runStorefrontLoad(cloud: LocalCloud, options: LoadOptions, log: (line: string) => void = () => undefined): Promise<LoadReport> {
  const stores = Array.from({ length: options.senders }, (_, s) => new StorefrontClient(cloud.baseUrl, cloud.adminToken, `load-${s}`, `load-secret-${s}-${options.seed}`));
  for (const store of stores) {
    const response = await store.registerStore();
    if (response.status !== 200) throw new Error(`registering ${store.storeId} answered ${response.status}: ${await response.text()}`);
  }
  const storeIds = new Set(stores.map((store) => store.storeId));
  const answers: Answer[] = [];
  /** The step each order reached among the events the ingest accepted. */
  const reached = new Map<string, number>();
  const forgedOrders = new Set<string>();

  async function deliver(store: StorefrontClient, kind: Kind, eventId: string, body: string, secret: string): Promise<Answer> {
    const t0 = performance.now();
    const response = await fetch(`${cloud.baseUrl}/webhooks/${store.storeId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-event-id': eventId, 'x-signature': signNative(secret, Math.floor(Date.now() / 1000), body) },
      body,
    });
    const answer = (await response.json()) as { duplicate?: boolean };
    const recorded = { kind, storeId: store.storeId, eventId, status: response.status, duplicate: answer.duplicate === true, ms: performance.now() - t0 };
    answers.push(recorded);
    return recorded;
  }

  async function sender(store: StorefrontClient, index: number): Promise<void> {
    const next = mulberry32(options.seed * 7919 + index);
    for (let i = 0; i < options.events; i++) {
      if (next() < options.badSignatures) {
        const ghost = `ghost-${index}-${i}`;
        forgedOrders.add(`${store.storeId}/${ghost}`);
        await deliver(store, 'forged', `evt-${index}-forged-${i}`, orderEvent(`evt-${index}-forged-${i}`, ghost, 'created', 'mallory'), 'not-the-store-secret');
      }
      const orderId = `o-${index}-${Math.floor(i / STEPS.length)}`;
      const step = i % STEPS.length;
      const eventId = `evt-${index}-${i}`;
      const body = orderEvent(eventId, orderId, STEPS[step] ?? 'created', `b-${index}`);
      const sent = await deliver(store, 'event', eventId, body, store.secret);
      if (sent.status === 202) reached.set(`${store.storeId}/${orderId}`, Math.max(step, reached.get(`${store.storeId}/${orderId}`) ?? -1));
      if (next() < options.duplicates) await deliver(store, 'duplicate', eventId, body, store.secret);
    }
  }

  // The first requests load modules and wake DynamoDB Local's JIT: a warm-up store takes them, outside the figures.
  const warmUp = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'load-warm-up', `load-warm-up-${options.seed}`);
  await warmUp.registerStore();
  for (let i = 0; i < WARM_UP_EVENTS; i++) await warmUp.send('order.paid', { orderId: `o-warm-${i}`, paidAt: new Date().toISOString() });
  await cloud.settle();

  log(`  ${options.senders} senders × ${options.events} events, duplicates ${options.duplicates}, bad signatures ${options.badSignatures}…`);
  const started = performance.now();
  await Promise.all(stores.map((store, index) => sender(store, index)));
  const sendingSeconds = (performance.now() - started) / 1000;
  log(`  sent in ${sendingSeconds.toFixed(1)} s; waiting for processing to settle…`);
  const settling = performance.now();
  await cloud.settle();
  const settleSeconds = (performance.now() - settling) / 1000;

  const problems: string[] = [];
  for (const answer of answers) {
    if (answer.status >= 500) problems.push(`${answer.kind} ${answer.storeId}/${answer.eventId} answered ${answer.status}`);
    else if (answer.status !== EXPECTED[answer.kind]) problems.push(`${answer.kind} ${answer.storeId}/${answer.eventId} answered ${answer.status}, not ${EXPECTED[answer.kind]}`);
    else if (answer.kind === 'duplicate' && !answer.duplicate) problems.push(`duplicate ${answer.storeId}/${answer.eventId} was not answered as one`);
  }

  const db = DynamoDBDocumentClient.from(cloud.dynamo);
  const inbox = (await scan<InboxItem>(db, process.env.INBOX_TABLE)).filter((item) => storeIds.has(item.storeId));
  const accepted = answers.filter((answer) => answer.kind === 'event' && answer.status === 202);
  const stored = new Set(inbox.map((item) => `${item.storeId}/${item.eventId}`));
  // One inbox item per accepted event: a duplicate stored nothing, and a forged delivery wrote nothing.
  if (inbox.length !== accepted.length) problems.push(`the inbox holds ${inbox.length} deliveries for ${accepted.length} accepted events`);
  for (const answer of accepted) if (!stored.has(`${answer.storeId}/${answer.eventId}`)) problems.push(`accepted ${answer.storeId}/${answer.eventId} is not in the inbox`);
  for (const answer of answers) if (answer.kind === 'forged' && stored.has(`${answer.storeId}/${answer.eventId}`)) problems.push(`forged ${answer.storeId}/${answer.eventId} was stored`);
  for (const item of inbox) if (item.attempts !== undefined) problems.push(`${item.storeId}/${item.eventId} failed processing ${item.attempts} times: ${item.lastError ?? ''}`);

  // Processed means projected: each order shows the furthest step the ingest accepted for it, and no forged order exists.
  const orders = new Map((await scan<Order>(db, process.env.ORDERS_TABLE)).filter((order) => storeIds.has(order.storeId)).map((order) => [`${order.storeId}/${order.orderId}`, order]));
  let projected = 0;
  for (const [key, step] of reached) {
    const order = orders.get(key);
    if (order?.status === STEPS[step]) projected++;
    else problems.push(`order ${key} is ${order ? `"${order.status}"` : 'missing'}, not "${STEPS[step] ?? ''}"`);
  }
  for (const key of forgedOrders) if (orders.has(key)) problems.push(`forged order ${key} was projected`);

  const count = (kind: Kind) => answers.filter((answer) => answer.kind === kind).length;
  const statuses: Record<string, number> = {};
  for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
  return {
    options,
    answers: { event: count('event'), duplicate: count('duplicate'), forged: count('forged') },
    statuses,
    sendingSeconds,
    settleSeconds,
    acceptedPerSecond: accepted.length / sendingSeconds,
    requestsPerSecond: answers.length / sendingSeconds,
    latency: summary(answers.map((answer) => answer.ms)),
    acceptedLatency: summary(accepted.map((answer) => answer.ms)),
    orders: { expected: reached.size, projected },
    // A broken promise tends to break many times over: the first ones say enough.
    problems: problems.length > 20 ? [...problems.slice(0, 20), `… and ${problems.length - 20} more`] : problems,
  };
}
