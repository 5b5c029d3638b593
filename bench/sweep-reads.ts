import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SWEEP_SHARDS } from '../functions/orders/order.js';
import { defaultPolicy, type Policy } from '../functions/stores/policy.js';
import type { DueList, dueLists as DueLists } from '../functions/sweeps/due-orders.js';
import { ENV } from '../functions/shared/env.js';
import { productReadUnits, startBenchTable } from './bench-table.js';
import { cost, PRICES, PRICES_CHECKED_ON } from './prices.js';
import { measure, type LatencySummary } from './stats.js';
import { orderIdOf, seedMix, seedStore, type SeededStore } from './sweep-seed.js';

const STORE_ID = 'bench-large-store';
/** 09:00 in Shanghai, when the store's sweep runs. */
const SWEEP_AT = new Date('2026-11-24T01:00:00Z');
const WRITERS = 4;
/** The sweep is cheap, so it is timed a few times (the median is kept); the baseline once. */
const SWEEP_RUNS = 3;
/** Requests of the baseline in flight, as a parallel scan's segments would be. */
const IN_FLIGHT = 4;
/**
 * DynamoDB Local sorts what is left of a key range for every page it answers, and one store is one partition: a
 * Scan, or a Query over the whole store, takes time in the square of the store's size (100,000 orders: 238 s, against
 * 13.5 s in ranges of this size, about one 1 MB page each). So the baseline reads the store range by range, and a Scan
 * runs only up to FULL_SCAN_MAX_ORDERS, to check that it reads what the baseline reads.
 */
const SEGMENT_ORDERS = 2_000;
const FULL_SCAN_MAX_ORDERS = 100_000;

type DueSets = Record<DueList, Set<string>>;

export interface ReadSummary {
  itemsRead: number;
  requests: number;
  due: DueSets;
  /** Read request units DynamoDB Local reported (ReturnConsumedCapacity: TOTAL). */
  rru: number;
  ms: number;
}

export interface SweepReadsResult {
  seeded: SeededStore;
  sweep: ReadSummary;
  sweepRunsMs: number[];
  /** The baseline: every order of the store, read range by range. */
  everyOrder: ReadSummary & { segments: number; segment: LatencySummary };
  /** A parallel Scan of the whole table, for stores up to FULL_SCAN_MAX_ORDERS. */
  scan?: ReadSummary;
}

interface Page {
  Items?: Array<Record<string, unknown>>;
  LastEvaluatedKey?: Record<string, unknown>;
  ScannedCount?: number;
  ConsumedCapacity?: { CapacityUnits?: number };
}
type Send = (start: Record<string, unknown> | undefined) => Promise<Page>;

const dueCount = (due: DueSets) => Object.values(due).reduce((sum, set) => sum + set.size, 0);

/** Fails loudly unless a read found exactly the orders the seeding made due, list by list. */
function assertSameDue(expected: DueSets, found: DueSets, what: string): void {
  for (const list of Object.keys(expected) as DueList[]) {
    const missing = [...expected[list]].filter((id) => !found[list].has(id));
    const extra = [...found[list]].filter((id) => !expected[list].has(id));
    if (missing.length > 0 || extra.length > 0) {
      throw new Error(`sweep reads: ${what} found ${found[list].size} orders due on ${list}, ${expected[list].size} were seeded due; missing ${missing.slice(0, 5).join(', ') || 'none'}, extra ${extra.slice(0, 5).join(', ') || 'none'}`);
    }
  }
}

/** Reading without the indexes: every order, filtered by the sweep's own lists and cutoffs, and tallied as read. */
class FilteredRead {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, string> = {};
  readonly filter: string;

  constructor(
    private readonly lists: typeof DueLists,
    private readonly cutoffs: Record<DueList, string>,
  ) {
    this.filter = (Object.keys(lists) as DueList[])
      .map((list, i) => {
        Object.assign(this.names, { [`#key${i}`]: lists[list].key, [`#sort${i}`]: lists[list].sort });
        this.values[`:cutoff${i}`] = cutoffs[list];
        return `(attribute_exists(#key${i}) AND #sort${i} <= :cutoff${i})`;
      })
      .join(' OR ');
  }

  empty(): ReadSummary {
    return { itemsRead: 0, requests: 0, due: Object.fromEntries(Object.keys(this.lists).map((list) => [list, new Set<string>()])) as DueSets, rru: 0, ms: 0 };
  }

  /** Every page of one read into the tally. */
  async pages(into: ReadSummary, send: Send): Promise<void> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await send(start);
      into.requests += 1;
      into.itemsRead += page.ScannedCount ?? 0;
      into.rru += page.ConsumedCapacity?.CapacityUnits ?? Number.NaN;
      for (const item of page.Items ?? []) {
        for (const list of Object.keys(this.lists) as DueList[]) {
          const { key, sort } = this.lists[list];
          const since = item[sort];
          if (item[key] !== undefined && typeof since === 'string' && since <= this.cutoffs[list]) into.due[list].add(String(item.orderId));
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
}

/** The product's `findDueOrders`, with the read units DynamoDB reports for its queries. */
async function sweepReader(policy: Policy['sweep']): Promise<{ lists: typeof DueLists; cutoffs: Record<DueList, string>; once: () => Promise<ReadSummary> }> {
  // Loaded only now: the product's DynamoDB client takes its endpoint from the environment when it is created.
  const { findDueOrders, dueLists, dueCutoffs } = await import('../functions/sweeps/due-orders.js');
  const units = await productReadUnits();
  const lists = Object.keys(dueLists) as DueList[];
  const once = async (): Promise<ReadSummary> => {
    units.reset();
    const started = performance.now();
    const found = await findDueOrders(STORE_ID, SWEEP_AT, policy);
    const ms = performance.now() - started;
    const due = Object.fromEntries(lists.map((list) => [list, new Set(found.lists[list].map((order) => order.orderId))])) as DueSets;
    return { itemsRead: found.itemsRead, requests: found.queries, due, rru: units.units(), ms };
  };
  return { lists: dueLists, cutoffs: dueCutoffs(SWEEP_AT, policy), once };
}

/**
 * The daily sweep's reads on a large store: one store's orders seeded into DynamoDB Local (the orders table as the
 * synthesized template defines it, items with the product's own sweep keys), then the product's `findDueOrders`
 * beside a read of every order that finds the same due orders, each with the read units DynamoDB reports. The sweep
 * must read what is due, whatever the size of the table.
 */
export async function benchSweepReads(options: { orders: number; log: (line: string) => void }): Promise<SweepReadsResult> {
  const { orders, log } = options;
  log('Starting DynamoDB Local (in memory) and creating the orders table from the synthesized template…');
  const { TableName, db, stop } = await startBenchTable('ordersUnpaidSince', ENV.ordersTable);
  try {
    const policy = defaultPolicy().sweep;

    log(`Seeding ${orders.toLocaleString('en-US')} orders of one store (BatchWriteItem, 25 a request, ${WRITERS} writers)…`);
    const seeded = await seedStore(db, { table: TableName, storeId: STORE_ID, orders, now: SWEEP_AT, policy, writers: WRITERS, log });
    log(`  seeded in ${seeded.seconds.toFixed(0)} s (${seeded.perSecond.toFixed(0)} orders a second); ${dueCount(seeded.due)} due, ${seeded.notYetDue} listed but not yet due`);
    const report = (what: string, read: ReadSummary) =>
      log(`  ${what}: ${read.itemsRead} items read in ${read.requests} requests, ${dueCount(read.due)} due, ${read.rru} RRU, ${seconds(read.ms)}`);

    const sweepReads = await sweepReader(policy);
    // Once untimed, so the timed runs do not pay for DynamoDB Local's JIT or the first connections.
    await sweepReads.once();
    const sweepRuns: ReadSummary[] = [];
    for (let run = 0; run < SWEEP_RUNS; run++) {
      const read = await sweepReads.once();
      assertSameDue(seeded.due, read.due, 'the sweep');
      report('sweep (findDueOrders)', read);
      sweepRuns.push(read);
    }
    const sweep = [...sweepRuns].sort((a, b) => a.ms - b.ms)[Math.floor(SWEEP_RUNS / 2)];
    if (!sweep) throw new Error('sweep reads: the sweep did not run');

    const filtered = new FilteredRead(sweepReads.lists, sweepReads.cutoffs);
    const segments = Math.ceil(orders / SEGMENT_ORDERS);
    log(`The baseline: every order, in ${segments} key ranges of ${SEGMENT_ORDERS} orders, ${IN_FLIGHT} at a time…`);
    const everyOrder = filtered.empty();
    let started = performance.now();
    const segment = await measure(segments, IN_FLIGHT, (range) =>
      filtered.pages(everyOrder, (start) =>
        db.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: '#store = :store AND #orderId BETWEEN :from AND :to',
            FilterExpression: filtered.filter,
            ExpressionAttributeNames: { ...filtered.names, '#store': 'storeId', '#orderId': 'orderId' },
            ExpressionAttributeValues: { ...filtered.values, ':store': STORE_ID, ':from': orderIdOf(range * SEGMENT_ORDERS), ':to': orderIdOf(Math.min(orders, (range + 1) * SEGMENT_ORDERS) - 1) },
            ExclusiveStartKey: start,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        ),
      ),
    );
    everyOrder.ms = performance.now() - started;
    assertSameDue(seeded.due, everyOrder.due, 'reading every order');
    if (everyOrder.itemsRead !== orders) throw new Error(`sweep reads: reading every order read ${everyOrder.itemsRead} of ${orders}`);
    report('every order', everyOrder);

    let scan: ReadSummary | undefined;
    if (orders <= FULL_SCAN_MAX_ORDERS) {
      log(`A parallel Scan (${IN_FLIGHT} segments) of the table, which must read what the baseline reads…`);
      const read = filtered.empty();
      started = performance.now();
      await measure(IN_FLIGHT, IN_FLIGHT, (segment) =>
        filtered.pages(read, (start) =>
          db.send(
            new ScanCommand({
              TableName,
              Segment: segment,
              TotalSegments: IN_FLIGHT,
              FilterExpression: filtered.filter,
              ExpressionAttributeNames: filtered.names,
              ExpressionAttributeValues: filtered.values,
              ExclusiveStartKey: start,
              ReturnConsumedCapacity: 'TOTAL',
            }),
          ),
        ),
      );
      read.ms = performance.now() - started;
      assertSameDue(seeded.due, read.due, 'the scan');
      if (read.itemsRead !== orders) throw new Error(`sweep reads: the scan read ${read.itemsRead} of ${orders}`);
      report('scan', read);
      scan = read;
    } else {
      log(`No Scan above ${FULL_SCAN_MAX_ORDERS.toLocaleString('en-US')} orders: DynamoDB Local would take hours over it.`);
    }
    if (![sweep, everyOrder, scan].every((read) => read === undefined || Number.isFinite(read.rru))) throw new Error('sweep reads: DynamoDB Local reported no consumed capacity for a read');
    return { seeded, sweep, sweepRunsMs: sweepRuns.map((run) => run.ms), everyOrder: { ...everyOrder, segments, segment }, ...(scan ? { scan } : {}) };
  } finally {
    await stop();
  }
}

const thousands = (value: number) => Math.round(value).toLocaleString('en-US');
const units = (value: number) => (value < 1_000 ? String(Math.round(value * 10) / 10) : thousands(value));
const usd = (value: number) => (value >= 0.01 ? `$${value.toFixed(2)}` : `$${value.toPrecision(2)}`);
const seconds = (ms: number) =>
  ms < 1_000 ? `${ms.toFixed(0)} ms` : ms < 120_000 ? `${(ms / 1_000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
const times = (ratio: number) => `${ratio >= 10 ? thousands(ratio) : ratio.toFixed(1)}×`;

/** The results section: the seeding, the reads, their ratios, and what 100 times the store would read a day. */
export function sweepSection(result: SweepReadsResult, machine: string, date: string): string {
  const { seeded, sweep, everyOrder, scan } = result;
  const due = dueCount(seeded.due);
  const perDay = (rru: number) => cost(PRICES.dynamoRead, rru);
  const row = (name: string, read: ReadSummary) =>
    `| ${name} | ${thousands(read.itemsRead)} | ${thousands(read.requests)} | ${thousands(dueCount(read.due))} | **${read.itemsRead / due < 10 ? (read.itemsRead / due).toFixed(2) : thousands(read.itemsRead / due)}** | ${units(read.rru)} | ${seconds(read.ms)} | ${usd(perDay(read.rru))} |`;
  const mix = seedMix()
    .map((kind) => `| ${kind.name} | ${kind.per10k} | ${kind.due ? `due: ${kind.due}` : kind.notYetDue ? 'listed, not yet due' : '—'} |`)
    .join('\n');
  const scale = 100;
  return `## Daily sweep reads: sparse indexes vs reading every order

\`npm run bench -- --only sweep --orders ${seeded.orders}\`. Machine: ${machine}. Date: ${date}.

One store of **${thousands(seeded.orders)} orders** in DynamoDB Local (in memory), in the orders table created from the
synthesized template (its four sparse sweep indexes, ${SWEEP_SHARDS} shards a store), each item built with the product's
\`sweepIndexKeys\`. Seeding: BatchWriteItem, 25 orders a request, ${seeded.writers} writers: **${seconds(seeded.seconds * 1_000)}**,
${thousands(seeded.perSecond)} orders a second (a request's p50 ${seeded.batchWrite.p50.toFixed(0)} ms). The mix, repeated every 10,000 orders:

| orders | per 10,000 | this morning |
| --- | --- | --- |
${mix}

So ${thousands(due)} orders are due at 09:00 Shanghai (${SWEEP_AT.toISOString()}, default policy) — unpaid
${seeded.due.unpaid.size}, not shipped ${seeded.due.unshipped.size}, in transit ${seeded.due.inTransit.size}, delivered ${seeded.due.delivered.size} — and ${thousands(seeded.notYetDue)} more are listed but not yet due.

Measured in the same run, each read checked to find exactly the orders seeded due, list by list:
- **sweep**: the product's \`findDueOrders\` — Query on each list's ${SWEEP_SHARDS} shards up to its cutoff (median of
  ${result.sweepRunsMs.length} runs: ${result.sweepRunsMs.map(seconds).join(', ')});
- **baseline, every order**: the store's orders read whole with a filter that finds the same orders — Query on the
  table's key in ${thousands(everyOrder.segments)} ranges of ${thousands(SEGMENT_ORDERS)} orders, ${IN_FLIGHT} in flight like a parallel scan's segments (a range's p50
  ${seconds(everyOrder.segment.p50)}). For a table of one store these are the items a Scan reads, at the same units. A Scan
  itself slows down here with the square of the store's size (DynamoDB Local sorts what is left of a partition for
  every page it answers, and one store is one partition), so it runs only up to ${thousands(FULL_SCAN_MAX_ORDERS)} orders, to check that
  it reads what the baseline reads${scan ? '' : ' (not in this run)'}.

Read request units as DynamoDB Local reports them (\`ReturnConsumedCapacity: TOTAL\`: eventually consistent, half a
unit per 4 KB of items a request, rounded up); cost per day for one sweep a day at $${PRICES.dynamoRead.usd} per million RRU
(on demand, us-east-1, checked ${PRICES_CHECKED_ON}).

| read | items read | requests | orders due found | items read ÷ due | RRU | wall time | cost per day |
| --- | --- | --- | --- | --- | --- | --- | --- |
${row('sweep: Query on the sparse indexes', sweep)}
${row('baseline: every order, by key ranges', everyOrder)}
${scan ? `${row(`parallel Scan of the table (${IN_FLIGHT} segments)`, scan)}\n` : ''}
**Baseline ÷ sweep: ${times(everyOrder.itemsRead / sweep.itemsRead)} the items read, ${times(everyOrder.rru / sweep.rru)} the read units, ${times(everyOrder.ms / sweep.ms)} the time.**
Both read whole orders (the indexes project every attribute): ${(sweep.rru / sweep.itemsRead).toFixed(3)} RRU an item for the sweep,
${(everyOrder.rru / everyOrder.itemsRead).toFixed(3)} for the baseline (an order grows as it goes from placed to completed, and each request rounds up to
4 KB). The wall times are DynamoDB Local's, on one SQL thread; the items read and the read units are what AWS bills.

At ${scale}× the store (${thousands(seeded.orders * scale)} orders, a backlog ${scale}× too): the sweep about ${units(sweep.rru * scale)} RRU,
${usd(perDay(sweep.rru * scale))} a day; reading every order about ${thousands(everyOrder.rru * scale)} RRU, ${usd(perDay(everyOrder.rru * scale))} a day
(${usd(perDay(everyOrder.rru * scale) * 365)} a year, for one store). See the README's design note.
`;
}
