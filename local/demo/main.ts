import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalCloud } from '../cloud.js';
import { StorefrontClient } from '../storefront-client.js';
import { planDemo, type PlannedAction } from './plan.js';
import { renderSummary, summarise, type DemoCase } from './summary.js';

const HELP = `npm run demo -- [options]

Runs the after-sales product on the local cloud and plays a small store through signed webhooks:
orders are placed, paid, shipped and delivered; some buyers ask for returns; agents decide some of
them and leave the rest for the 48-hour deadline. The clock is moved forward as the week goes by,
and a summary of cases, decisions and workflow executions is printed at the end.

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
const START = Date.parse('2026-11-02T09:00:00+08:00');
const log = (line: string) => process.stdout.write(`${line}\n`);

const dataDir = mkdtempSync(path.join(tmpdir(), 'after-sales-demo-'));
log('Starting the local cloud (DynamoDB Local on Java, tables and state machines from the CDK template)…');
const cloud = await LocalCloud.start({ dataDir, clockStart: new Date(START), adminToken: 'demo-admin' });
log(`Local cloud ready at ${cloud.baseUrl}; clock at ${new Date(cloud.clock.now()).toISOString()}`);
let exitCode = 0;
try {
  const shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, STORE, 'demo-webhook-secret');
  await shop.adminJson('PUT', `/admin/stores/${STORE}`, { platform: 'native', webhookSecret: shop.secret, timezone: 'Asia/Shanghai' });
  const plan = planDemo({ orders, days, start: START, seed });
  log(`Playing ${plan.orders} orders and ${plan.requests} after-sales requests over ${days} days…`);

  const tally = { webhooks: 0, refused: 0, decisions: 0, missed: 0 };
  let day = -1;
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
    const caseId = `as-${STORE}-${action.caseRequestId}`;
    const { items } = await shop.adminJson<{ items: Array<{ taskId: string; caseId: string }> }>('GET', `/admin/tasks?storeId=${STORE}&status=open`);
    const task = items.find((candidate) => candidate.caseId === caseId);
    if (!task) {
      tally.missed += 1;
      return;
    }
    const reason = action.decision === 'reject' ? 'The photos show the item was worn; we cannot accept the return.' : undefined;
    await shop.adminJson('POST', `/admin/tasks/${task.taskId}`, { decision: action.decision, agentId: action.agentId, ...(reason ? { reason } : {}) });
    tally.decisions += 1;
  }

  for (const action of plan.actions) {
    await cloud.advanceTo(action.at);
    const today = Math.floor((action.at - START) / 86_400_000);
    if (today !== day) {
      day = today;
      log(`  day ${day + 1} (${new Date(action.at).toISOString().slice(0, 10)}): ${tally.webhooks} webhooks accepted, ${tally.decisions} agent decisions so far`);
    }
    await perform(action);
  }
  log('Letting the remaining deadlines pass…');
  await cloud.advanceTo(plan.end);

  const { items: cases } = await shop.adminJson<{ items: DemoCase[] }>('GET', `/admin/cases?storeId=${STORE}`);
  const { items: executions } = await shop.adminJson<{ items: Array<{ status: string }> }>('GET', '/admin/executions?workflow=returns');
  const { items: messages } = await shop.adminJson<{ items: Array<{ template: string; status: string }> }>('GET', `/admin/messages?storeId=${STORE}`);
  const summary = summarise(cases, executions, messages);
  log(renderSummary(summary, { orders, days, from: new Date(START).toISOString(), to: new Date(cloud.clock.now()).toISOString() }));
  log(`Webhooks: ${tally.webhooks} accepted, ${tally.refused} refused. Agent decisions: ${tally.decisions} (${tally.missed} came after the case had moved on).`);
  const stuck = executions.filter((execution) => execution.status !== 'SUCCEEDED').length;
  if (tally.refused > 0 || stuck > 0 || summary.cases !== plan.requests) {
    log(`Something is wrong: ${tally.refused} refused webhooks, ${stuck} executions not succeeded, ${summary.cases}/${plan.requests} cases.`);
    exitCode = 1;
  }
} finally {
  await cloud.stop();
  if (values.keep) log(`Data kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
