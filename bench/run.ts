import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { LocalCloud } from '../local/cloud.js';
import { benchColdStart, coldStartSection } from './cold-start.js';
import { machine, today, writeSection } from './results.js';
import { benchReturnCost, returnCostSection } from './return-cost.js';
import { ms } from './stats.js';
import { benchSweepReads, sweepSection } from './sweep-reads.js';
import { audienceSection, benchAudienceReads } from './audience-reads.js';
import { benchWebhookIngest, type IngestResult } from './webhook-ingest.js';

const PARTS = ['ingest', 'returns', 'sweep', 'audience', 'cold-start'] as const;

const HELP = `npm run bench -- [--only ingest|returns|sweep|audience|cold-start] [--n N] [--repeat N] [--orders N] [--customers N] [--runs N]

Measures the local cloud and writes bench/RESULTS.md, one section per part; a part run alone rewrites its
own section and keeps the others.

  --only ingest    webhook ingest latency beside a bare PutItem. Each figure is compared with its baseline
                   measured in the same run (ratios), because single timings on a shared machine are noisy.
  --only returns   cost per return: plays a happy-path return, one decided by its deadlines and a refund-only
                   request, and counts Step Functions state transitions, Lambda invocations, API requests,
                   DynamoDB requests by operation with their capacity units, and prices them in USD
                   (on-demand list prices in bench/prices.ts). Fails if a scenario does not end as it should.
  --only sweep     the daily sweep's reads on one large store: seeds DynamoDB Local with --orders orders (4 in
                   1,000 due), then the sweep's indexed reads beside a read of every order that finds the same
                   orders (and a parallel Scan, up to 100,000 orders): items read, read units, time, cost per
                   day. Fails unless each finds exactly the orders seeded due.
  --only audience  the revisit campaigns' audiences on a large customer base: seeds DynamoDB Local with
                   --customers customers, then today's birthdays and the win-back audience (last order 90
                   days ago, one day in Asia/Shanghai) through the customer indexes, each beside a read of every
                   customer that finds the same ones: audience, items read, read units, cost per run. Fails
                   unless each finds exactly the customers seeded into the audience.
  --only cold-start  a cold-start proxy: every function of the stack bundled as CDK bundles it, beside an empty
                   handler bundled the same way: bundle size, and the time importing the bundle takes in a
                   fresh Node process (--runs times), as ratios to the empty handler's.
  (none)           all five, each in a process of its own (the product's SDK clients keep the first
                   endpoints they meet, and each part runs its own DynamoDB Local).
  --n N            ingest: requests per measurement (default 400)
  --repeat N       returns: plays of each scenario, to check the counts agree (default 3)
  --orders N       sweep: orders in the store (default 50000, about a minute to seed; the recorded run uses
                   1000000, about a quarter of an hour on two cores)
  --customers N    audience: customers in the store (default 200000)
  --runs N         cold-start: fresh-process loads of each bundle (default 10)
  -h, --help       this text
`;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    n: { type: 'string', default: '400' },
    repeat: { type: 'string', default: '3' },
    orders: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '10' },
    customers: { type: 'string', default: '200000' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const only = values.only;
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) {
  process.stderr.write(`--only takes ${PARTS.join(' or ')}, not "${only}"\n\n${HELP}`);
  process.exit(2);
}
const log = (line: string) => process.stdout.write(`${line}\n`);

if (only === undefined) {
  // Each part in a process of its own, with the same loader (tsx) and options.
  for (const part of PARTS) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? 'bench/run.ts', '--only', part, '--n', values.n, '--repeat', values.repeat, '--orders', values.orders, '--customers', values.customers, '--runs', values.runs], {
      stdio: 'inherit',
    });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
  process.exit(0);
}

const date = today();

function ingestSection(ingest: IngestResult, n: number): string {
  const ratio = ingest.ingest.p50 / ingest.putItem.p50;
  const row = (name: string, s: { p50: number; p99: number; perSecond: number }) => `| ${name} | ${ms(s.p50)} | ${ms(s.p99)} | ${s.perSecond.toFixed(0)} |`;
  return `## Webhook ingest (POST /webhooks/{storeId} through the local HTTP server into DynamoDB Local)

${n} requests per measurement. Machine: ${machine}. Date: ${date}.

Baseline: the ingest's own durable write made directly — the same inbox item, table (with its stream) and\ncondition, one conditional \`PutItem\` through the product's own client, the way the functions reach DynamoDB Local — in the same run.
With one sender the paths alternate request by request, so all meet the same machine state; the empty HTTP\nround trip shows what the local HTTP hop itself costs.

| path | p50 | p99 | per second |
| --- | --- | --- | --- |
${row('bare PutItem, one sender', ingest.putItem)}
${row('local HTTP round trip (GET /health), one sender', ingest.httpRoundTrip)}
${row('webhook ingest, one sender', ingest.ingest)}
${row('webhook ingest, one sender, processing live in the same process', ingest.ingestWithProcessing)}
${row('bare PutItem, 10 senders', ingest.putItemConcurrent)}
${row('webhook ingest, 10 senders', ingest.ingestConcurrent)}

**Ingest p50 ÷ PutItem p50 = ${ratio.toFixed(2)}** (target: within 1.5); without the HTTP hop,
(ingest − HTTP round trip) ÷ PutItem = ${((ingest.ingest.p50 - ingest.httpRoundTrip.p50) / ingest.putItem.p50).toFixed(2)}. The hot path verifies the signature,
validates the event and makes one conditional write; the store and its secrets come from a one-minute cache,
and processing runs after the answer. In AWS the processor is another function fed by the table's stream; locally
it shares the process (and the machine's two cores) with the HTTP server, so the first rows hold processing
while they measure (${ingest.processedAfterwards} deliveries were processed afterwards), and one row shows the ingest with processing live.
`;
}

if (only === 'ingest') {
  const n = Math.max(40, Math.round(Number(values.n) / 4) * 4);
  log('Starting the local cloud (in-memory DynamoDB Local)…');
  const cloud = await LocalCloud.start({ adminToken: 'bench-admin' });
  try {
    log('Webhook ingest vs a bare PutItem:');
    const section = ingestSection(await benchWebhookIngest(cloud, n, log), n);
    writeSection('ingest', section);
    log(section);
  } finally {
    await cloud.stop();
  }
} else if (only === 'sweep') {
  const orders = Math.max(10_000, Math.round(Number(values.orders)) || 0);
  log(`Daily sweep reads on one store of ${orders.toLocaleString('en-US')} orders:`);
  const section = sweepSection(await benchSweepReads({ orders, log }), machine, date);
  writeSection('sweep', section);
  log(section);
} else if (only === 'audience') {
  const customers = Math.max(10_000, Math.round(Number(values.customers)) || 0);
  log(`Campaign audiences on one store of ${customers.toLocaleString('en-US')} customers:`);
  const section = audienceSection(await benchAudienceReads({ customers, log }), machine, date);
  writeSection('audience', section);
  log(section);
} else if (only === 'cold-start') {
  const runs = Math.max(3, Math.round(Number(values.runs)) || 0);
  log(`Cold-start proxy (${runs} loads of each bundle):`);
  const section = coldStartSection(await benchColdStart({ runs, log }), machine, date);
  writeSection('cold-start', section);
  log(section);
} else {
  const repeat = Math.max(1, Math.round(Number(values.repeat)) || 1);
  log(`Cost per return (${repeat} ${repeat === 1 ? 'play' : 'plays'} of each scenario):`);
  const section = returnCostSection(await benchReturnCost({ repeat, log }), machine, date, repeat);
  writeSection('returns', section);
  log(section);
}
