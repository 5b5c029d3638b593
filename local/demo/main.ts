import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalCloud } from '../cloud.js';
import { StorefrontClient } from '../storefront-client.js';
import { caseIdFor } from '../../functions/cases/case.js';
import { planDemo, STORE_AGENTS, type PlannedAction } from './plan.js';
import { inconsistencies, renderSummary, summarise, type DemoState, type DemoTally } from './summary.js';

const HELP = `npm run demo -- [options]

Runs the after-sales product on the local cloud and plays a small store through signed webhooks and
the admin API: orders are placed, paid, shipped and delivered; some buyers ask for refunds, returns,
exchanges or partial refunds (a few too late). Agents approve or reject requests, or leave them to the
deadline; rejected buyers revise, escalate to the platform or give up; goods are shipped back, carried
and confirmed at the warehouse. The clock moves on until every deadline has passed and every case has
ended; a summary of cases, decisions, refunds and messages is printed, and the demo exits 1 if anything
is inconsistent (a case not closed, an execution not succeeded, a task left open, a refund unaccounted).

Options:
  --orders N    orders to play (default 40)
  --days D      days the orders are spread over (default 7)
  --seed S      random seed; the same seed plays the same week (default 7)
  --keep        keep the data directory and print where it is
  -h, --help    this help
`;

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '40' },
    days: { type: 'string', default: '7' },
    seed: { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const orders = Number(values.orders);
const days = Number(values.days);
const seed = Number(values.seed);
for (const [name, value, max] of [['--orders', orders, 100_000], ['--days', days, 365]] as const) {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    process.stderr.write(`${name} must be a whole number from 1 to ${max}\n\n${HELP}`);
    process.exit(2);
  }
}

const STORE = 'demo-shop';
const DAY = 86_400_000;
const START = Date.parse('2026-11-02T09:00:00+08:00');
const log = (line: string) => process.stdout.write(`${line}\n`);

const dataDir = mkdtempSync(path.join(tmpdir(), 'after-sales-demo-'));
log('Starting the local cloud (DynamoDB Local on Java, tables and state machines from the CDK template)…');
const cloud = await LocalCloud.start({ dataDir, clockStart: new Date(START), adminToken: 'demo-admin' });
log(`Local cloud ready at ${cloud.baseUrl}; clock at ${new Date(cloud.clock.now()).toISOString()}`);
let exitCode = 0;
try {
  const shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, STORE, 'demo-webhook-secret');
  await shop.adminJson('PUT', `/admin/stores/${STORE}`, { platform: 'native', webhookSecret: shop.secret, timezone: 'Asia/Shanghai', agents: STORE_AGENTS });
  const plan = planDemo({ orders, days, start: START, seed });
  log(`Playing ${plan.orders} orders and ${plan.requests} after-sales requests (${plan.late} of them too late) over ${days} days, each to its end…`);

  const tally: DemoTally = { webhooks: 0, refused: 0, decisions: 0, skipped: 0, failed: 0 };
  const items = async <T>(url: string) => (await shop.adminJson<{ items: T[] }>('GET', url)).items;
  const openTasks = () => items<DemoState['openTasks'][number]>(`/admin/tasks?storeId=${STORE}&status=open`);
  async function perform(action: PlannedAction): Promise<void> {
    if (action.kind === 'webhook') {
      const sent = await shop.send(action.type, action.data);
      if (sent.status === 202) tally.webhooks += 1;
      else {
        tally.refused += 1;
        log(`  ! ${action.type} for ${action.label} was refused (${sent.status}): ${JSON.stringify(sent.body)}`);
      }
      return;
    }
    // The plan cannot know every turn a case takes (a trusted buyer is refunded at the first scan): a decision
    // whose task is not open is skipped, as an agent would find the task gone.
    const caseId = caseIdFor('as', STORE, action.requestId);
    const task = (await openTasks()).find((candidate) => candidate.caseId === caseId && candidate.kind === action.task);
    const response = task && (await shop.admin('POST', `/admin/tasks/${task.taskId}`, { decision: action.decision, agentId: task.assignee ?? action.agentId, ...action.details }));
    if (!response || response.status === 404 || response.status === 409) tally.skipped += 1;
    else if (response.ok) tally.decisions += 1;
    else {
      tally.failed += 1;
      log(`  ! ${action.decision} on the ${action.task} task of ${caseId} was refused (${response.status}): ${await response.text()}`);
    }
  }

  let day = -1;
  for (const action of plan.actions) {
    await cloud.advanceTo(action.at);
    const today = Math.floor((action.at - START) / DAY);
    if (today !== day) {
      day = today;
      log(`  day ${day + 1} (${new Date(START + day * DAY).toISOString().slice(0, 10)}): ${tally.webhooks} webhooks accepted, ${tally.decisions} decisions taken, ${tally.skipped} skipped so far`);
    }
    await perform(action);
  }
  log(`Letting the remaining deadlines pass, until ${new Date(plan.end).toISOString().slice(0, 10)}…`);
  await cloud.advanceTo(plan.end);

  const state: DemoState = {
    cases: await items(`/admin/cases?storeId=${STORE}`),
    // The returns the demo plays, and the follow-ups the morning sweeps open on the way (a parcel without news).
    executions: (await Promise.all(['returns', 'follow-ups'].map((workflow) => items<DemoState['executions'][number]>(`/admin/executions?workflow=${workflow}`)))).flat(),
    openTasks: await openTasks(),
    messages: await items(`/admin/messages?storeId=${STORE}`),
    refunds: await items('/local/payments/refunds'),
    shipments: await items('/local/fulfilment/shipments'),
  };
  const fromTo = { from: new Date(START).toISOString().slice(0, 10), to: new Date(cloud.clock.now()).toISOString().slice(0, 10) };
  log(renderSummary(summarise(state), tally, { orders, days, ...fromTo }));
  const problems = inconsistencies(state, tally, plan.requests);
  if (problems.length > 0) {
    log(`\nSomething is wrong:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    exitCode = 1;
  }
} finally {
  await cloud.stop();
  if (values.keep) log(`Data kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
