import { parseArgs } from 'node:util';
import { LocalCloud } from '../local/cloud.js';
import { machine, readSection, today, writeSection } from './results.js';
import { ms } from './stats.js';
import { runStorefrontLoad, type LoadReport } from './storefront-load.js';

const HELP = `npm run load -- [--senders N] [--events N] [--duplicates P] [--bad-signatures P] [--seed N]

Starts a local cloud (its own in-memory DynamoDB Local) and has N storefronts send signed native events to it at
once on loopback, each waiting for one answer at a time, with retries of events already sent and deliveries with a
wrong signature mixed in. Once processing settled it checks the tables against the answers: every 202 processed (its
order projected), every duplicate answered 200 and stored nothing, every bad signature answered 401 and wrote nothing,
no 5xx. Prints the figures, adds them to bench/RESULTS.md with the machine and the date, and exits 1 if a check failed.

  --senders N          concurrent storefronts, each a store of its own (default 50)
  --events N           events each storefront sends, four to an order (default 40)
  --duplicates P       chance that an event is delivered again, same id (default 0.1)
  --bad-signatures P   chance that a delivery with a wrong signature comes first (default 0.05)
  --seed N             seeds the storefronts' choices (default 1)
  -h, --help           this text
`;

const { values } = parseArgs({
  options: {
    senders: { type: 'string', default: '50' },
    events: { type: 'string', default: '40' },
    duplicates: { type: 'string', default: '0.1' },
    'bad-signatures': { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

function option(name: string, text: string, valid: (value: number) => boolean): number {
  const value = Number(text);
  if (!valid(value)) {
    process.stderr.write(`--${name} "${text}" is out of range\n\n${HELP}`);
    process.exit(2);
  }
  return value;
}
const count = (value: number) => Number.isInteger(value) && value >= 1 && value <= 10_000;
const chance = (value: number) => value >= 0 && value <= 1;
const options = {
  senders: option('senders', values.senders, count),
  events: option('events', values.events, count),
  duplicates: option('duplicates', values.duplicates, chance),
  badSignatures: option('bad-signatures', values['bad-signatures'], chance),
  seed: option('seed', values.seed, Number.isSafeInteger),
};

const INTRO = `## Storefront load (\`npm run load\`)

Concurrent storefronts, each a store of its own, send signed native events (orders from creation to delivery) to a
local cloud on loopback, each waiting for one answer at a time; retries of events already sent (same event id) and
deliveries with a wrong signature are mixed in. Processing runs live in the same process. Once it settled, the tables
are checked against the answers: every 202 processed (its order projected), every duplicate answered 200 and stored
nothing, every bad signature answered 401 and wrote nothing, no 5xx. Latency is from the request to the answer's
body. Each run adds an entry below, the newest last.`;

const triple = (latency: LoadReport['latency']) => `${ms(latency.p50)} / ${ms(latency.p95)} / ${ms(latency.p99)}`;

function entry(report: LoadReport): string {
  const { options: o, answers, statuses } = report;
  const failures = Object.entries(statuses).filter(([status]) => Number(status) >= 500).reduce((sum, [, n]) => sum + n, 0);
  return `### ${today()}: ${o.senders} senders × ${o.events} events

Machine: ${machine}. Duplicates ${o.duplicates}, bad signatures ${o.badSignatures}, seed ${o.seed}.

| | |
| --- | --- |
| answers | ${answers.event} events, ${statuses['202'] ?? 0} accepted (202); ${answers.duplicate} duplicates, ${statuses['200'] ?? 0} answered 200; ${answers.forged} bad signatures, ${statuses['401'] ?? 0} answered 401; ${failures} 5xx |
| accepted events per second | ${report.acceptedPerSecond.toFixed(0)} (all requests ${report.requestsPerSecond.toFixed(0)}/s), over ${report.sendingSeconds.toFixed(1)} s |
| latency p50 / p95 / p99, all answers | ${triple(report.latency)} |
| latency p50 / p95 / p99, accepted events | ${triple(report.acceptedLatency)} |
| processing settled | ${report.settleSeconds.toFixed(1)} s after the last answer |
| orders projected as their accepted events say | ${report.orders.projected} of ${report.orders.expected} |
| checks | ${report.problems.length === 0 ? 'all kept' : report.problems.map((problem) => problem.replaceAll('|', '\\|')).join('; ')} |
`;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
log('Starting the local cloud (in-memory DynamoDB Local)…');
const cloud = await LocalCloud.start({ adminToken: 'load-admin' });
let report: LoadReport;
try {
  report = await runStorefrontLoad(cloud, options, log);
} finally {
  await cloud.stop();
}
const text = entry(report);
writeSection('load', `${readSection('load') ?? INTRO}\n\n${text}`);
log(`\n${text}`);
process.exit(report.problems.length === 0 ? 0 : 1);
