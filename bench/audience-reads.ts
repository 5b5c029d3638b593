import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { emptyCustomer, laterOrderTime, type CustomerRecord } from '../functions/customers/customer.js';
import { customerItem } from '../functions/customers/customer-repository.js';
import { lifetimeSpendOf, tierOf } from '../functions/customers/membership.js';
import { SWEEP_SHARDS } from '../functions/orders/order.js';
import { ENV } from '../functions/shared/env.js';
import { defaultPolicy } from '../functions/stores/policy.js';
import { productReadUnits, startBenchTable, putItems } from './bench-table.js';
import { cost, PRICES, PRICES_CHECKED_ON } from './prices.js';
import { measure, mulberry32, type LatencySummary } from './stats.js';

const STORE_ID = 'bench-customer-base';
/** 09:00 in Shanghai, when a morning's campaigns would pick their audiences. */
const RUN_AT = new Date('2026-11-24T01:00:00Z');
/** Asia/Shanghai keeps +08:00 all year (no daylight saving time), so a local day is these 24 hours. */
const OFFSET = '+08:00';
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const WIN_BACK_DAYS = 90;
const WRITERS = 4;
const BATCH = 25;
/** The audiences' reads are cheap, so they are timed a few times (the median is kept); the baseline once per audience. */
const RUNS = 3;
const IN_FLIGHT = 4;
/** Customers per key range of the baseline (see bench/sweep-reads.ts: DynamoDB Local's scans take time in the square of a partition). */
const SEGMENT = 2_000;

const buyerIdOf = (index: number) => `c-${String(index).padStart(8, '0')}`;
const localDay = (at: Date) => new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
const daysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

/** Today's birthdays, and the win-back audience: last ordered exactly WIN_BACK_DAYS ago, one local day. */
function audiences(at: Date) {
  const today = localDay(at);
  const day = daysBefore(today, WIN_BACK_DAYS);
  return { monthDay: today.slice(5), winBackDay: day, from: `${day}T00:00:00.000${OFFSET}`, to: `${day}T23:59:59.999${OFFSET}` };
}
type Audiences = ReturnType<typeof audiences>;

/**
 * One customer of a store with a long history: 60 % gave a birthday (any day of a leap year, so 02-29 a quarter as
 * often as the others), 92 % have ordered — half within the last six months, half over the 18 before (the win-back
 * audiences) — one to six orders each, with their net spend, tier and tags as the product derives them.
 */
function customerRecord(index: number, random: () => number): CustomerRecord {
  const record: CustomerRecord = { ...emptyCustomer(STORE_ID, buyerIdOf(index)), name: '顾客', phone: `139${String(index).padStart(8, '0')}`, email: `c${index}@example.com` };
  if (random() < 0.6) {
    const dayOfYear = Math.floor(random() * 366);
    record.birthday = new Date(Date.UTC(2000, 0, 1) + dayOfYear * DAY_MS).toISOString().slice(5, 10);
  }
  if (random() < 0.92) {
    const daysAgo = random() < 0.5 ? random() * 180 : 180 + random() * 540;
    const orders = 1 + Math.floor(random() * 6);
    const spendByOrder = Object.fromEntries(Array.from({ length: orders }, (_, i) => [`o-${index}-${i}`, 3_900 + Math.floor(random() * 76_100)]));
    const placed = new Date(RUN_AT.getTime() - daysAgo * DAY_MS + OFFSET_MS).toISOString().replace('Z', OFFSET);
    const tier = tierOf(spendByOrder, defaultPolicy().membership);
    Object.assign(record, { orderIds: new Set(Object.keys(spendByOrder)), spendByOrder, lifetimeSpend: lifetimeSpendOf(spendByOrder), tier, lastOrderAt: laterOrderTime(undefined, placed) });
  }
  return record;
}

interface Seeded {
  customers: number;
  birthday: Set<string>;
  winBack: Set<string>;
  withBirthday: number;
  ordered: number;
  seconds: number;
  batchWrite: LatencySummary;
}

/** Seeds the store's customers with BatchWriteItem from a few writers; the same customers on every run. */
async function seedCustomers(db: DynamoDBDocumentClient, table: string, customers: number, wanted: Audiences, log: (line: string) => void): Promise<Seeded> {
  const random = mulberry32(20261124);
  const seeded = { customers, birthday: new Set<string>(), winBack: new Set<string>(), withBirthday: 0, ordered: 0 };
  const [from, to] = [new Date(wanted.from).toISOString(), new Date(wanted.to).toISOString()];
  let written = 0;
  let reported = 0;
  const started = performance.now();
  const batchWrite = await measure(Math.ceil(customers / BATCH), WRITERS, async (batch) => {
    const items = [];
    for (let index = batch * BATCH; index < Math.min(customers, (batch + 1) * BATCH); index++) {
      const record = customerRecord(index, random);
      if (record.birthday) seeded.withBirthday++;
      if (record.birthday === wanted.monthDay) seeded.birthday.add(record.buyerId);
      if (record.lastOrderAt) seeded.ordered++;
      if (record.lastOrderAt && record.lastOrderAt >= from && record.lastOrderAt <= to) seeded.winBack.add(record.buyerId);
      items.push(customerItem(record));
    }
    await putItems(db, table, items);
    written += items.length;
    if (written - reported >= customers / 10 || written === customers) {
      reported = written;
      log(`  ${written.toLocaleString('en-US')} of ${customers.toLocaleString('en-US')} customers in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  });
  return { ...seeded, seconds: (performance.now() - started) / 1000, batchWrite };
}

export interface AudienceMeasure {
  found: Set<string>;
  itemsRead: number;
  requests: number;
  rru: number;
  ms: number;
}

function assertSame(expected: Set<string>, read: AudienceMeasure, what: string): void {
  const missing = [...expected].filter((id) => !read.found.has(id));
  const extra = [...read.found].filter((id) => !expected.has(id));
  if (missing.length || extra.length) throw new Error(`audience reads: ${what} found ${read.found.size}, ${expected.size} were seeded; missing ${missing.slice(0, 5).join(', ') || 'none'}, extra ${extra.slice(0, 5).join(', ') || 'none'}`);
}

/** The baseline: every customer of the store, range by range, filtered down to the audience. */
async function readEveryCustomer(db: DynamoDBDocumentClient, table: string, customers: number, filter: { expression: string; values: Record<string, string> }): Promise<AudienceMeasure> {
  const read: AudienceMeasure = { found: new Set(), itemsRead: 0, requests: 0, rru: 0, ms: 0 };
  const started = performance.now();
  await measure(Math.ceil(customers / SEGMENT), IN_FLIGHT, async (range) => {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'storeId = :store AND buyerId BETWEEN :from AND :to',
          FilterExpression: filter.expression,
          ExpressionAttributeValues: { ...filter.values, ':store': STORE_ID, ':from': buyerIdOf(range * SEGMENT), ':to': buyerIdOf(Math.min(customers, (range + 1) * SEGMENT) - 1) },
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      read.requests += 1;
      read.itemsRead += page.ScannedCount ?? 0;
      read.rru += page.ConsumedCapacity?.CapacityUnits ?? Number.NaN;
      for (const item of page.Items ?? []) read.found.add(String(item.buyerId));
      start = page.LastEvaluatedKey;
    } while (start);
  });
  read.ms = performance.now() - started;
  if (read.itemsRead !== customers) throw new Error(`audience reads: the baseline read ${read.itemsRead} of ${customers} customers`);
  return read;
}

export interface AudienceReadsResult {
  seeded: Seeded;
  wanted: Audiences;
  birthday: { index: AudienceMeasure; runsMs: number[]; everyCustomer: AudienceMeasure };
  winBack: { index: AudienceMeasure; runsMs: number[]; everyCustomer: AudienceMeasure };
}

/**
 * The revisit campaigns' audiences on a large customer base: the store's customers seeded into DynamoDB Local (the
 * customers table as the synthesized template defines it, items as the product writes them), then the product's
 * audience queries on the birthday and last-order indexes beside a read of every customer that finds the same ones.
 */
export async function benchAudienceReads(options: { customers: number; log: (line: string) => void }): Promise<AudienceReadsResult> {
  const { customers, log } = options;
  log('Starting DynamoDB Local (in memory) and creating the customers table from the synthesized template…');
  const { TableName, db, stop } = await startBenchTable('customersByBirthday', ENV.customersTable);
  try {
    const wanted = audiences(RUN_AT);
    log(`Seeding ${customers.toLocaleString('en-US')} customers of one store (BatchWriteItem, ${BATCH} a request, ${WRITERS} writers)…`);
    const seeded = await seedCustomers(db, TableName, customers, wanted, log);
    log(`  seeded in ${seeded.seconds.toFixed(0)} s; ${seeded.birthday.size} birthdays on ${wanted.monthDay}, ${seeded.winBack.size} last ordered on ${wanted.winBackDay}`);

    // Loaded only now: the product's DynamoDB client takes its endpoint from the environment when it is created.
    const { readBirthdayAudience, readLastOrderAudience } = await import('../functions/customers/audiences.js');
    const units = await productReadUnits();
    const timed = async (what: string, expected: Set<string>, read: () => Promise<{ customers: Array<{ buyerId: string }>; itemsRead: number; queries: number }>) => {
      await read();
      const runs: AudienceMeasure[] = [];
      for (let run = 0; run < RUNS; run++) {
        units.reset();
        const started = performance.now();
        const audience = await read();
        const measured = { found: new Set(audience.customers.map((one) => one.buyerId)), itemsRead: audience.itemsRead, requests: audience.queries, rru: units.units(), ms: performance.now() - started };
        assertSame(expected, measured, what);
        runs.push(measured);
      }
      const median = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)] as AudienceMeasure;
      log(`  ${what}: ${median.found.size} customers, ${median.itemsRead} items read, ${median.rru} RRU, ${median.ms.toFixed(0)} ms`);
      return { index: median, runsMs: runs.map((run) => run.ms) };
    };
    const baseline = async (what: string, expected: Set<string>, filter: { expression: string; values: Record<string, string> }) => {
      log(`The baseline for ${what}: every customer, in key ranges of ${SEGMENT}, ${IN_FLIGHT} at a time…`);
      const read = await readEveryCustomer(db, TableName, customers, filter);
      assertSame(expected, read, `${what} (every customer)`);
      log(`  ${read.itemsRead} items read, ${read.rru} RRU, ${(read.ms / 1000).toFixed(1)} s`);
      return read;
    };

    const birthday = await timed('birthdays (customersByBirthday)', seeded.birthday, () => readBirthdayAudience(STORE_ID, wanted.monthDay));
    const winBack = await timed('win-back (customersByLastOrder)', seeded.winBack, () => readLastOrderAudience(STORE_ID, wanted.from, wanted.to));
    const birthdayBaseline = await baseline('birthdays', seeded.birthday, { expression: 'birthday = :day', values: { ':day': wanted.monthDay } });
    const winBackBaseline = await baseline('win-back', seeded.winBack, {
      expression: 'lastOrderAt BETWEEN :since AND :until',
      values: { ':since': new Date(wanted.from).toISOString(), ':until': new Date(wanted.to).toISOString() },
    });
    if (![birthday.index, winBack.index, birthdayBaseline, winBackBaseline].every((read) => Number.isFinite(read.rru))) throw new Error('audience reads: DynamoDB Local reported no consumed capacity for a read');
    return { seeded, wanted, birthday: { ...birthday, everyCustomer: birthdayBaseline }, winBack: { ...winBack, everyCustomer: winBackBaseline } };
  } finally {
    await stop();
  }
}

const thousands = (value: number) => Math.round(value).toLocaleString('en-US');
const units = (value: number) => (value < 1_000 ? String(Math.round(value * 10) / 10) : thousands(value));
const usd = (value: number) => `$${value.toPrecision(2)}`;
const seconds = (ms: number) => (ms < 1_000 ? `${ms.toFixed(0)} ms` : `${(ms / 1_000).toFixed(1)} s`);
const perAudience = (read: AudienceMeasure) => ((share) => (share < 10 ? share.toFixed(2) : thousands(share)))(read.itemsRead / Math.max(1, read.found.size));
const ratio = (value: number) => `${value >= 10 ? thousands(value) : value.toFixed(1)}×`;

/** The results section: the customer base, both audiences through their index and by reading every customer, and their ratios. */
export function audienceSection(result: AudienceReadsResult, machine: string, date: string): string {
  const { seeded, wanted } = result;
  const perRun = (rru: number) => usd(cost(PRICES.dynamoRead, rru));
  const row = (name: string, read: AudienceMeasure) =>
    `| ${name} | ${thousands(read.found.size)} | ${thousands(read.itemsRead)} | **${perAudience(read)}** | ${thousands(read.requests)} | ${units(read.rru)} | ${seconds(read.ms)} | ${perRun(read.rru)} |`;
  const ratios = (name: string, audience: AudienceReadsResult['birthday']) =>
    `| **${name}: baseline ÷ index** | | **${ratio(audience.everyCustomer.itemsRead / audience.index.itemsRead)}** | | | **${ratio(audience.everyCustomer.rru / audience.index.rru)}** | ${ratio(audience.everyCustomer.ms / audience.index.ms)} | |`;
  return `## Campaign audiences: customer indexes vs reading every customer

\`npm run bench -- --only audience --customers ${seeded.customers}\`. Machine: ${machine}. Date: ${date}.

One store of **${thousands(seeded.customers)} customers** in DynamoDB Local (in memory), in the customers table created from the
synthesized template (its sparse \`customersByBirthday\` and \`customersByLastOrder\` indexes, the latter on ${SWEEP_SHARDS} shards a store),
each item as the product writes it (\`customerItem\`: tags, tier and index keys derived from the facts). ${thousands(seeded.withBirthday)} gave a
birthday (any day of a leap year), ${thousands(seeded.ordered)} have ordered (half in the last six months, half over the 18 before), with one
to six orders each. Seeding: BatchWriteItem, ${BATCH} a request, ${WRITERS} writers: ${seconds(seeded.seconds * 1_000)} (a request's p50 ${seeded.batchWrite.p50.toFixed(0)} ms).

The morning of ${localDay(RUN_AT)} (09:00 Asia/Shanghai, ${RUN_AT.toISOString()}), the campaigns ask for:
- **birthdays**: the customers whose birthday is today, ${wanted.monthDay} — \`readBirthdayAudience\`, one Query of the birthday index's key;
- **win-back**: the customers whose last order was exactly ${WIN_BACK_DAYS} days ago, one local day (${wanted.winBackDay}, ${wanted.from} to
  ${wanted.to}) — \`readLastOrderAudience\`, a Query of each of the ${SWEEP_SHARDS} shards in parallel over the UTC sort key.

Each beside the baseline of reading every customer of the store with a filter that finds the same ones (Query on the
table's key in ranges of ${thousands(SEGMENT)} customers, ${IN_FLIGHT} in flight: for a table of one store the items a Scan reads, at the same
units; a Scan itself slows down here with the square of the partition, see the sweep section). Every read is checked to
find exactly the customers seeded into the audience. Index reads: the median of ${RUNS} runs
(birthdays ${result.birthday.runsMs.map(seconds).join(', ')}; win-back ${result.winBack.runsMs.map(seconds).join(', ')}).
Read request units as DynamoDB Local reports them (eventually consistent); $ per run at $${PRICES.dynamoRead.usd} per million RRU
(on demand, us-east-1, checked ${PRICES_CHECKED_ON}).

| read | audience | items read | items read ÷ audience | requests | RRU | wall time | $ per run |
| --- | --- | --- | --- | --- | --- | --- | --- |
${row('birthdays: Query on customersByBirthday', result.birthday.index)}
${row('birthdays baseline: every customer', result.birthday.everyCustomer)}
${ratios('birthdays', result.birthday)}
${row(`win-back: Query on customersByLastOrder, ${SWEEP_SHARDS} shards`, result.winBack.index)}
${row('win-back baseline: every customer', result.winBack.everyCustomer)}
${ratios('win-back', result.winBack)}

The indexes read the audience and nothing else (items read ÷ audience 1.00): the day of the year is the birthday index's
key, and the local day's bounds in UTC are a range of the last-order index's sort key. Reading every customer costs the
same whatever the audience, so the ratio grows with the customer base. Wall times are DynamoDB Local's; the items read and
the read units are what AWS bills.
`;
}
