import { AsyncLocalStorage } from 'node:async_hooks';
import { LocalCloud, stackTemplate } from '../local/cloud.js';
import { startDynamoDbLocal } from '../local/dynamodb.js';
import { LocalLambdas } from '../local/lambda.js';
import { LocalSecretsManager } from '../local/secrets-manager.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../local/storefront-client.js';
import { constructIdOf } from '../local/template.js';
import { DynamoProxy, ORIGIN_HEADER, type DynamoRequest } from '../local/dynamo-proxy.js';
import { cost, PRICES, PRICES_CHECKED_ON } from './prices.js';

/**
 * Cost per return: plays one return at a time through the local cloud and counts what AWS would bill for it —
 * Step Functions state transitions, Lambda invocations (and their duration), API Gateway requests, DynamoDB
 * requests with the capacity units DynamoDB Local reports for them, Secrets Manager calls — then prices them.
 *
 * Nothing in the product is changed. The benchmark observes from outside:
 * - Lambda: `LocalLambdas.prototype.invoke`, the one door every invocation goes through (HTTP API, stream
 *   mappings, Step Functions tasks, schedules), is wrapped for the run; it counts, times, and runs the handler
 *   in an AsyncLocalStorage context naming the function.
 * - DynamoDB: a counting proxy sits between the product and DynamoDB Local; an SDK middleware added to the
 *   product's shared DynamoDB client tags each request with the function that made it, read from that context.
 * - Step Functions: the execution's history, read with GetExecutionHistory from the local Step Functions API.
 * The benchmark's own admin reads carry a header; the invocations they cause and their DynamoDB requests are left out.
 */

const PROBE_HEADER = 'x-bench-probe';
const ADMIN_TOKEN = 'bench-admin-token';
const STORE_ID = 'bench-returns';
/** Per store and day, not per return: they run when the clock passes 09:00 (the sweep) and 10:00 (the campaigns) in the store's time zone. */
const PER_DAY_FUNCTIONS = new Set(['DailySweep', 'Campaigns']);

interface Origin {
  fn: string;
  probe: boolean;
}

interface FunctionUsage {
  invocations: number;
  /** Local wall time of the handler, summed. */
  ms: number;
  /** Each invocation rounded up to the millisecond, as Lambda bills. */
  billedMs: number;
  gbSeconds: number;
  streamRecords: number;
  /** DynamoDB requests by operation, and how many of them were refused. */
  dynamo: Map<string, number>;
  dynamoFailed: Map<string, number>;
}

interface OperationUsage {
  kind: DynamoRequest['kind'];
  requests: number;
  /** Refused requests (a failed condition still consumes write capacity in AWS). */
  failed: Map<string, number>;
  /** Capacity units DynamoDB Local reported (table and indexes), plus 1 WRU for each failed conditional write. */
  units: number;
}

export interface Usage {
  functions: Map<string, FunctionUsage>;
  apiRequests: number;
  operations: Map<string, OperationUsage>;
  tables: Map<string, { reads: number; writes: number; units: number }>;
  secretsCalls: Map<string, number>;
  excluded: {
    probeInvocations: number;
    probeDynamoRequests: number;
    perDayInvocations: Map<string, number>;
    perDayDynamoRequests: number;
    /** Table requests that no function made: must stay empty while a return is counted. */
    untagged: DynamoRequest[];
  };
}

function emptyUsage(): Usage {
  return {
    functions: new Map(),
    apiRequests: 0,
    operations: new Map(),
    tables: new Map(),
    secretsCalls: new Map(),
    excluded: { probeInvocations: 0, probeDynamoRequests: 0, perDayInvocations: new Map(), perDayDynamoRequests: 0, untagged: [] },
  };
}

const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

/** `ReturnSteps1A2B3C4D` → `ReturnSteps`: the logical id without CDK's hash. */

function isApiEvent(event: unknown): event is { headers?: Record<string, string>; requestContext: { http: unknown } } {
  return typeof event === 'object' && event !== null && 'requestContext' in event && typeof (event as { requestContext?: { http?: unknown } }).requestContext?.http === 'object';
}

function streamRecords(event: unknown): number {
  const records = typeof event === 'object' && event !== null ? (event as { Records?: unknown }).Records : undefined;
  return Array.isArray(records) ? records.length : 0;
}

/** Collects usage while a phase is recorded; everything outside a phase is ignored. */
class Meter {
  private current: Usage | undefined;

  constructor(
    private readonly memoryMb: (fn: string) => number,
    private readonly tableName: (name: string) => string,
  ) {}

  begin(): void {
    this.current = emptyUsage();
  }

  end(): Usage {
    const usage = this.current;
    this.current = undefined;
    if (!usage) throw new Error('no phase was being recorded');
    return usage;
  }

  invoked(origin: Origin, ms: number, event: unknown): void {
    const usage = this.current;
    if (!usage) return;
    if (origin.probe) {
      usage.excluded.probeInvocations += 1;
      return;
    }
    if (PER_DAY_FUNCTIONS.has(origin.fn)) {
      bump(usage.excluded.perDayInvocations, origin.fn);
      return;
    }
    const fn = this.functionUsage(usage, origin.fn);
    const billedMs = Math.max(1, Math.ceil(ms));
    fn.invocations += 1;
    fn.ms += ms;
    fn.billedMs += billedMs;
    fn.gbSeconds += (this.memoryMb(origin.fn) / 1024) * (billedMs / 1000);
    fn.streamRecords += streamRecords(event);
    if (isApiEvent(event)) usage.apiRequests += 1;
  }

  dynamo(request: DynamoRequest): void {
    const usage = this.current;
    if (!usage || request.service !== 'DynamoDB_20120810') return;
    const origin = request.origin;
    if (!origin) {
      usage.excluded.untagged.push(request);
      return;
    }
    if (origin.startsWith('probe:')) {
      usage.excluded.probeDynamoRequests += 1;
      return;
    }
    if (PER_DAY_FUNCTIONS.has(origin)) {
      usage.excluded.perDayDynamoRequests += 1;
      return;
    }
    const operation = usage.operations.get(request.operation) ?? { kind: request.kind, requests: 0, failed: new Map<string, number>(), units: 0 };
    operation.requests += 1;
    // DynamoDB reports no consumed capacity with an error; AWS still bills a failed conditional write by the
    // size of the item it checked, at least 1 WRU: counted as 1. A read is counted as at least half a unit
    // (one eventually consistent read), which is what a Query that finds nothing costs in AWS at least.
    const reported = request.capacityUnits ?? (request.error === 'ConditionalCheckFailedException' ? 1 : 0);
    const units = request.kind === 'read' ? Math.max(0.5, reported) : reported;
    operation.units += units;
    if (request.error) bump(operation.failed, request.error);
    usage.operations.set(request.operation, operation);
    const table = this.tableName(request.table ?? '?');
    const perTable = usage.tables.get(table) ?? { reads: 0, writes: 0, units: 0 };
    if (request.kind === 'read') perTable.reads += 1;
    if (request.kind === 'write') perTable.writes += 1;
    perTable.units += units;
    usage.tables.set(table, perTable);
    const fn = this.functionUsage(usage, origin);
    bump(fn.dynamo, request.operation);
    if (request.error) bump(fn.dynamoFailed, request.operation);
  }

  secrets(operation: string): void {
    if (this.current) bump(this.current.secretsCalls, operation);
  }

  private functionUsage(usage: Usage, fn: string): FunctionUsage {
    let found = usage.functions.get(fn);
    if (!found) {
      found = { invocations: 0, ms: 0, billedMs: 0, gbSeconds: 0, streamRecords: 0, dynamo: new Map(), dynamoFailed: new Map() };
      usage.functions.set(fn, found);
    }
    return found;
  }
}

// ---- the scenarios -------------------------------------------------------------------------------------------

interface Ids {
  orderId: string;
  buyerId: string;
  requestId: string;
  trackingNo: string;
  caseId: string;
}

interface Play {
  ids: Ids;
  send(type: string, data: Record<string, unknown>): Promise<void>;
  decide(kind: string, body: Record<string, unknown>): Promise<void>;
}

interface Step {
  /** What happens, for the report. */
  label: string;
  /** How long after the previous step (the clock is moved; deadlines that fall due on the way fire). */
  after: string;
  act?: (play: Play) => Promise<void>;
}

interface ScenarioSpec {
  key: string;
  title: string;
  order: 'delivered' | 'paid';
  request: Record<string, unknown>;
  /** How long after the order's last event the buyer asks. */
  requestAfter: string;
  steps: Step[];
  outcome: string;
  /** Who took each action, as the case's history must record it. */
  by: Record<string, string>;
  refund: number;
}

const now = () => new Date().toISOString();
const approve = (agentId: string): Step['act'] => (play) => play.decide('store_decision', { decision: 'approve', agentId });
const shipReturn: Step['act'] = (play) =>
  play.send('aftersale.return_shipped', { requestId: play.ids.requestId, carrier: 'YTO', trackingNo: play.ids.trackingNo, shippedAt: now() });
const carrierDelivered: Step['act'] = (play) => play.send('logistics.updated', { trackingNo: play.ids.trackingNo, status: 'delivered', at: now() });
const restock: Step['act'] = (play) => play.decide('receipt_confirmation', { decision: 'restock', agentId: 'wang' });

export const SCENARIOS: ScenarioSpec[] = [
  {
    key: 'happy',
    title: 'Return and refund, everyone acts (happy path)',
    order: 'delivered',
    request: {},
    requestAfter: 'P1D',
    steps: [
      { label: 'an agent approves', after: 'PT3H', act: approve('li') },
      { label: 'the buyer ships the parcel back', after: 'P1D', act: shipReturn },
      { label: 'the carrier reports it delivered', after: 'P2D', act: carrierDelivered },
      { label: 'the warehouse confirms receipt and restocks; the refund is paid and the case closed', after: 'PT6H', act: restock },
    ],
    outcome: 'refunded',
    by: { approve: 'agent:li', ship_return: 'buyer', delivered_back: 'carrier', restock: 'agent:wang', refund: 'rule' },
    refund: 9_900,
  },
  {
    key: 'timeout',
    title: 'Return and refund, nobody at the store acts (deadlines decide)',
    order: 'delivered',
    request: {},
    requestAfter: 'P1D',
    steps: [
      { label: 'the store does not answer: 48 h later the request is agreed automatically', after: 'PT48H1S' },
      { label: 'the buyer ships the parcel back', after: 'P1D', act: shipReturn },
      { label: 'the carrier reports it delivered', after: 'P2D', act: carrierDelivered },
      { label: 'nobody confirms receipt: 10 days later receipt is confirmed automatically, the refund paid and the case closed', after: 'P10DT1S' },
    ],
    outcome: 'refunded',
    by: { approve: 'timeout', ship_return: 'buyer', delivered_back: 'carrier', restock: 'timeout', refund: 'rule' },
    refund: 9_900,
  },
  {
    key: 'refund-only',
    title: 'Refund only before shipment, agreed by the store (baseline)',
    order: 'paid',
    request: { type: 'refund_only', reason: 'other' },
    requestAfter: 'PT2H',
    steps: [{ label: 'an agent approves; the refund is paid and the case closed', after: 'PT1H', act: approve('li') }],
    outcome: 'refunded',
    by: { approve: 'agent:li', refund: 'rule' },
    refund: 9_900,
  },
];

// ---- results -------------------------------------------------------------------------------------------------

export interface ScenarioRun {
  spec: ScenarioSpec;
  caseId: string;
  states: string[];
  /** States entered by type: Task, Choice, Succeed… */
  stateTypes: Map<string, number>;
  transitions: number;
  retries: number;
  usage: Usage;
  /** The order's own webhooks before the request (not part of the return). */
  orderUsage: Usage;
}

export interface ReturnCostResult {
  /** Per scenario, its plays. */
  runs: ScenarioRun[][];
  memoryMb: Map<string, number>;
  clockStart: string;
}

// ---- the local Step Functions API, read directly (no function, no DynamoDB) ----------------------------------

interface HistoryEvent {
  id: number;
  type: string;
  stateEnteredEventDetails?: { name: string };
}

async function stepFunctions<T>(cloud: LocalCloud, operation: string, body: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${cloud.baseUrl}/aws/states`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`Step Functions ${operation} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function executionHistory(cloud: LocalCloud, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await stepFunctions<{ events: HistoryEvent[]; nextToken?: string }>(cloud, 'GetExecutionHistory', { executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/**
 * Billed transitions: every state entered (Task, Choice, Pass, Succeed… alike), plus every retry of a task,
 * which Step Functions bills as one more transition without a new StateEntered event.
 */
function transitionsOf(events: HistoryEvent[]): { states: string[]; stateTypes: Map<string, number>; transitions: number; retries: number } {
  const states: string[] = [];
  const stateTypes = new Map<string, number>();
  let retries = 0;
  let scheduledInState = 0;
  for (const event of events) {
    if (event.type.endsWith('StateEntered')) {
      states.push(event.stateEnteredEventDetails?.name ?? '?');
      bump(stateTypes, event.type.replace(/StateEntered$/, ''));
      scheduledInState = 0;
    } else if (event.type === 'TaskScheduled') {
      scheduledInState += 1;
      if (scheduledInState > 1) retries += 1;
    }
  }
  return { states, stateTypes, transitions: states.length + retries, retries };
}

// ---- the run -------------------------------------------------------------------------------------------------

function fail(message: string): never {
  throw new Error(`cost per return: ${message}`);
}

/** Plays every scenario `repeat` times on a fresh local cloud behind a counting DynamoDB proxy. */
export async function benchReturnCost(options: { repeat: number; log: (line: string) => void }): Promise<ReturnCostResult> {
  const { log } = options;
  const template = stackTemplate();
  const memoryMb = new Map<string, number>();
  const tableNames = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type === 'AWS::Lambda::Function') memoryMb.set(constructIdOf(logicalId), Number(resource.Properties?.MemorySize ?? 128));
    if (resource.Type === 'AWS::DynamoDB::Table') tableNames.set(logicalId, constructIdOf(logicalId).replace(/^Data/, ''));
  }
  const meter = new Meter(
    (fn) => memoryMb.get(fn) ?? 128,
    (name) => tableNames.get(name) ?? name,
  );
  const context = new AsyncLocalStorage<Origin>();

  log('Starting DynamoDB Local, a counting proxy in front of it, and the local cloud behind the proxy…');
  const dynamoLocal = await startDynamoDbLocal();
  let proxy: DynamoProxy | undefined;
  let cloud: LocalCloud | undefined;
  const restore: Array<() => void> = [];
  try {
    proxy = await DynamoProxy.start(dynamoLocal.endpoint, { onRequest: (request) => meter.dynamo(request) });
    const clockStart = new Date('2026-11-16T02:00:00Z');
    cloud = await LocalCloud.start({ dynamoEndpoint: proxy.url, adminToken: ADMIN_TOKEN, clockStart });

    // Observe every invocation from outside: count it, time it, and name the function for its SDK calls.
    const invoke = LocalLambdas.prototype.invoke;
    LocalLambdas.prototype.invoke = async function (this: LocalLambdas, nameOrArn: string, event: unknown): Promise<unknown> {
      const origin: Origin = { fn: constructIdOf(this.logicalIdOf(nameOrArn)), probe: isApiEvent(event) && event.headers?.[PROBE_HEADER] !== undefined };
      const started = performance.now();
      try {
        return await context.run(origin, () => invoke.call(this, nameOrArn, event));
      } finally {
        meter.invoked(origin, performance.now() - started, event);
      }
    };
    restore.push(() => (LocalLambdas.prototype.invoke = invoke));
    const handle = LocalSecretsManager.prototype.handle;
    LocalSecretsManager.prototype.handle = function (this: LocalSecretsManager, operation: string, body: Record<string, unknown>): unknown {
      meter.secrets(operation);
      return handle.call(this, operation, body);
    };
    restore.push(() => (LocalSecretsManager.prototype.handle = handle));
    // The product's one DynamoDB client (loaded by the functions already): tag each request with its function.
    const { dynamo } = await import('../functions/shared/aws.js');
    const MIDDLEWARE = 'benchOriginHeader';
    dynamo.middlewareStack.add(
      (next) => async (args) => {
        const origin = context.getStore();
        const request = args.request as { headers?: Record<string, string> };
        if (origin && request.headers) request.headers[ORIGIN_HEADER] = origin.probe ? `probe:${origin.fn}` : origin.fn;
        return next(args);
      },
      { step: 'build', name: MIDDLEWARE },
    );
    restore.push(() => void dynamo.middlewareStack.remove(MIDDLEWARE));

    const running = cloud;
    const store = new StorefrontClient(running.baseUrl, ADMIN_TOKEN, STORE_ID, 'bench-returns-webhook-secret');
    const registered = await store.registerStore({ agents: ['li', 'wang'] });
    if (registered.status !== 200) fail(`registering the store answered ${registered.status}`);
    const returnsArn = process.env.RETURNS_WORKFLOW_ARN ?? fail('RETURNS_WORKFLOW_ARN is not set');

    /** The benchmark's own admin reads: marked, so what they cost is left out. */
    const probe = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${running.baseUrl}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, [PROBE_HEADER]: '1' } });
      const text = await response.text();
      if (!response.ok) fail(`GET ${path} answered ${response.status}: ${text}`);
      return JSON.parse(text) as T;
    };

    let sequence = 0;
    const playOnce = async (spec: ScenarioSpec): Promise<ScenarioRun> => {
      const n = ++sequence;
      const ids: Ids = {
        orderId: `o-${spec.key}-${n}`,
        buyerId: `buyer-${spec.key}-${n}`,
        requestId: `r-${spec.key}-${n}`,
        trackingNo: `YT-${spec.key.toUpperCase()}-${n}`,
        caseId: `as-${STORE_ID}-r-${spec.key}-${n}`,
      };
      const play: Play = {
        ids,
        send: async (type, data) => {
          const sent = await store.send(type, data);
          if (sent.status !== 202) fail(`${type} answered ${sent.status}: ${JSON.stringify(sent.body)}`);
        },
        decide: async (kind, body) => {
          const { items } = await probe<{ items: Array<{ taskId: string; kind: string; caseId: string }> }>(`/admin/tasks?storeId=${STORE_ID}&status=open`);
          const task = items.find((candidate) => candidate.caseId === ids.caseId && candidate.kind === kind) ?? fail(`no open ${kind} task for ${ids.caseId}`);
          // The decision itself is the product's work (an agent in the console), so it is counted.
          const response = await store.admin('POST', `/admin/tasks/${task.taskId}`, body);
          if (response.status !== 200) fail(`deciding ${kind} answered ${response.status}: ${await response.text()}`);
        },
      };

      meter.begin();
      if (spec.order === 'delivered') {
        await playDeliveredOrder(store, { orderId: ids.orderId, buyerId: ids.buyerId });
      } else {
        const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
        await play.send('order.created', { orderId: ids.orderId, buyer: { id: ids.buyerId }, items: [{ sku: 'SKU-1', name: 'Linen shirt', quantity: 1, unitPrice: 9_900 }], total: 9_900, placedAt: at(1) });
        await play.send('order.paid', { orderId: ids.orderId, paidAt: at(0.5) });
      }
      await running.settle();
      const orderUsage = meter.end();

      meter.begin();
      await running.advance(spec.requestAfter);
      await play.send('aftersale.requested', returnRequest(ids.requestId, ids.orderId, spec.request));
      await running.settle();
      for (const step of spec.steps) {
        await running.advance(step.after);
        await step.act?.(play);
        await running.settle();
      }
      const usage = meter.end();

      // Fail loudly unless the return went the way the scenario says.
      const executionArn = `${returnsArn.replace(':stateMachine:', ':execution:')}:${ids.caseId}`;
      const described = await stepFunctions<{ status: string }>(running, 'DescribeExecution', { executionArn });
      if (described.status !== 'SUCCEEDED') fail(`${spec.key}: the execution ${ids.caseId} is ${described.status}, not SUCCEEDED`);
      const { states, stateTypes, transitions, retries } = transitionsOf(await executionHistory(running, executionArn));
      const view = await probe<{ status: string; states: string[] }>(`/admin/executions/${ids.caseId}`);
      if (view.status !== 'SUCCEEDED' || JSON.stringify(view.states) !== JSON.stringify(states)) fail(`${spec.key}: the admin API shows ${view.status} ${JSON.stringify(view.states)}, the history ${JSON.stringify(states)}`);
      const aCase = await probe<{ status: string; outcome?: string; history: Array<{ by: string; action: string }> }>(`/admin/cases/${ids.caseId}`);
      if (aCase.status !== 'closed' || aCase.outcome !== spec.outcome) fail(`${spec.key}: the case is ${aCase.status}/${aCase.outcome ?? '-'}, not closed/${spec.outcome}`);
      for (const [action, by] of Object.entries(spec.by)) {
        const found = aCase.history.find((entry) => entry.action === action)?.by;
        if (found !== by) fail(`${spec.key}: "${action}" was taken by ${found ?? 'nobody'}, not ${by}`);
      }
      const open = (await probe<{ items: Array<{ caseId: string }> }>(`/admin/tasks?storeId=${STORE_ID}&status=open`)).items.filter((task) => task.caseId === ids.caseId);
      if (open.length > 0) fail(`${spec.key}: ${open.length} task(s) still open for ${ids.caseId}`);
      const refunds = ((await (await fetch(`${running.baseUrl}/local/payments/refunds`)).json()) as { items: Array<{ idempotencyKey: string; amount?: number }> }).items.filter(
        (refund) => refund.idempotencyKey === `refund-${ids.caseId}`,
      );
      if (refunds.length !== 1 || refunds[0]?.amount !== spec.refund) fail(`${spec.key}: expected one refund of ${spec.refund}, found ${JSON.stringify(refunds)}`);
      if (running.streams.parked.length > 0) fail(`stream batches were parked: ${JSON.stringify(running.streams.parked)}`);
      if (usage.excluded.untagged.length > 0) {
        fail(`${usage.excluded.untagged.length} DynamoDB table request(s) came from no function while the return was counted: ${JSON.stringify(usage.excluded.untagged.slice(0, 3))}`);
      }
      return { spec, caseId: ids.caseId, states, stateTypes, transitions, retries, usage, orderUsage };
    };

    const runs: ScenarioRun[][] = [];
    for (const spec of SCENARIOS) {
      const plays: ScenarioRun[] = [];
      for (let i = 0; i < options.repeat; i++) {
        const run = await playOnce(spec);
        plays.push(run);
        log(`  ${spec.key} #${i + 1}: ${run.transitions} transitions, ${invocations(run.usage)} invocations, ${dynamoRequests(run.usage)} DynamoDB requests, $${totalCost(run).toFixed(6)}`);
      }
      runs.push(plays);
    }
    return { runs, memoryMb, clockStart: clockStart.toISOString() };
  } finally {
    for (const undo of restore.reverse()) undo();
    await cloud?.stop();
    await proxy?.stop();
    await dynamoLocal.stop();
  }
}

// ---- arithmetic ----------------------------------------------------------------------------------------------

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);
const invocations = (usage: Usage) => sum([...usage.functions.values()].map((fn) => fn.invocations));
const dynamoRequests = (usage: Usage) => sum([...usage.operations.values()].map((op) => op.requests));
const unitsOf = (usage: Usage, kind: 'read' | 'write') => sum([...usage.operations.values()].filter((op) => op.kind === kind).map((op) => op.units));
const requestsOf = (usage: Usage, kind: 'read' | 'write') => sum([...usage.operations.values()].filter((op) => op.kind === kind).map((op) => op.requests));
const secretsCalls = (usage: Usage) => sum(usage.secretsCalls.values());

/** The figures the summary shows, per play; all but the cost are counts, expected to agree from play to play. */
function metricsOf(run: ScenarioRun) {
  const { usage } = run;
  return {
    transitions: run.transitions,
    invocations: invocations(usage),
    api: usage.apiRequests,
    reads: requestsOf(usage, 'read'),
    writes: requestsOf(usage, 'write'),
    rru: unitsOf(usage, 'read'),
    wru: unitsOf(usage, 'write'),
    secrets: secretsCalls(usage),
    refused: refusedOf(usage),
    cost: totalCost(run),
  };
}

/** Refused requests by function and operation, e.g. "WebhookProcessor PutItem 1". */
function refusedOf(usage: Usage): string {
  const refused = [...usage.functions].flatMap(([name, fn]) => [...fn.dynamoFailed].map(([op, n]) => `${name} ${op} ${n}`));
  return refused.sort().join(', ') || 'none';
}

/** `7` when every play agrees, `82–85` when they differ. */
function spread(values: number[], format: (value: number) => string = String): string {
  const low = format(Math.min(...values));
  const high = format(Math.max(...values));
  return low === high ? low : `${low}–${high}`;
}

/** The play shown in detail: the one with the most DynamoDB requests, then invocations, then write units. */
function reportedPlay(plays: ScenarioRun[]): ScenarioRun {
  const [first, ...rest] = plays;
  if (!first) fail('a scenario has no play');
  const rank = (run: ScenarioRun) => {
    const m = metricsOf(run);
    return [m.reads + m.writes, m.invocations, m.wru];
  };
  const greater = (a: number[], b: number[]) => {
    const i = a.findIndex((value, index) => value !== b[index]);
    return i !== -1 && (a[i] ?? 0) > (b[i] ?? 0);
  };
  return rest.reduce((best, run) => (greater(rank(run), rank(best)) ? run : best), first);
}

interface CostLine {
  item: string;
  quantity: string;
  usd: number;
}

function costLines(run: { transitions: number; usage: Usage }): CostLine[] {
  const { usage } = run;
  const gbSeconds = sum([...usage.functions.values()].map((fn) => fn.gbSeconds));
  const billedMs = sum([...usage.functions.values()].map((fn) => fn.billedMs));
  const count = invocations(usage);
  const rru = unitsOf(usage, 'read');
  const wru = unitsOf(usage, 'write');
  return [
    { item: 'Step Functions state transitions', quantity: `${run.transitions}`, usd: cost(PRICES.stepFunctionsTransition, run.transitions) },
    { item: 'Lambda requests', quantity: `${count}`, usd: cost(PRICES.lambdaRequest, count) },
    { item: 'Lambda duration (local wall time, Arm)', quantity: `${billedMs} ms = ${gbSeconds.toFixed(3)} GB-s`, usd: cost(PRICES.lambdaArmGbSecond, gbSeconds) },
    { item: 'API Gateway HTTP API requests', quantity: `${usage.apiRequests}`, usd: cost(PRICES.apiGatewayHttpRequest, usage.apiRequests) },
    { item: 'DynamoDB reads', quantity: `${requestsOf(usage, 'read')} requests = ${fmtUnits(rru)} RRU`, usd: cost(PRICES.dynamoRead, rru) },
    { item: 'DynamoDB writes', quantity: `${requestsOf(usage, 'write')} requests = ${fmtUnits(wru)} WRU`, usd: cost(PRICES.dynamoWrite, wru) },
    { item: 'Secrets Manager calls', quantity: `${secretsCalls(usage)}`, usd: cost(PRICES.secretsManagerCall, secretsCalls(usage)) },
  ];
}

function totalCost(run: { transitions: number; usage: Usage }): number {
  return sum(costLines(run).map((line) => line.usd));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const fmtUnits = (units: number) => (Number.isInteger(units) ? String(units) : units.toFixed(1));
const usd = (value: number) => `$${value.toFixed(7)}`;
const perMillion = (value: number) => `$${(value * 1_000_000).toFixed(0)}`;

// ---- the report ----------------------------------------------------------------------------------------------

/** The "Cost per return" section of bench/RESULTS.md. */
export function returnCostSection(result: ReturnCostResult, machine: string, date: string, repeat: number): string {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  const reported = result.runs.map(reportedPlay);

  out('## Cost per return');
  out();
  out(`Counted by \`npm run bench -- --only returns\`, each scenario played ${plural(repeat, 'time')} on a fresh local cloud (clock from ${result.clockStart}). Machine: ${machine}. Date: ${date}.`);
  out();
  out('What is counted is everything the product does for one return, from the buyer\'s request to the closed case:');
  out('webhook ingest (API Gateway, `WebhookIngest`), stream processing (`WebhookProcessor`, `MessageSender` on the');
  out('outbox), the workflow\'s steps and human tasks (`ReturnSteps`, `OpenTask`), the agents\' decisions through the');
  out('admin API (`AdminApi`), and the DynamoDB requests all of them make. Left out: the order\'s own webhooks before');
  out('the request (shown apart below), the benchmark\'s own admin reads (marked with a header; the invocations and');
  out('DynamoDB requests they cause are dropped), the daily sweep and the campaigns (per store and day, not per return), and the stream');
  out('reads of the Lambda triggers (DynamoDB Streams reads by Lambda triggers are free).');
  out();
  out('How: **state transitions** are the states entered in the execution\'s history (`GetExecutionHistory` on the');
  out('local Step Functions API, cross-checked against `GET /admin/executions/{name}`), plus task retries, because');
  out('Standard workflows bill every state entered — Task, Choice, Pass and Succeed alike — and every retry.');
  out('**Lambda invocations** are counted at `LocalLambdas.invoke`, wrapped from outside for the run (every HTTP API');
  out('request, stream batch, workflow task and schedule goes through it); stream consumers are counted per batch, as');
  out('Lambda bills them. **DynamoDB requests** are counted by a proxy in front of DynamoDB Local, by `X-Amz-Target`;');
  out('it asks for `ReturnConsumedCapacity: INDEXES` and takes the figure out of the answer again, so the **capacity');
  out('units** are DynamoDB Local\'s own (item sizes, eventually consistent reads at half a unit, index writes');
  out('included), billed on demand as read/write request units. An SDK middleware on the product\'s DynamoDB client');
  out('names the function behind each request. The proxy also dates its answers by the local cloud\'s clock: DynamoDB');
  out('Local dates them by the machine\'s, days behind once the clock is moved, and the SDK would take that for clock');
  out('skew and send a refused conditional write up to four times (in AWS both clocks agree). Duration is the');
  out('handlers\' local wall time, warm, on this machine.');
  out();
  out('### Summary');
  out();
  out('| scenario | state transitions | Lambda invocations | API requests | DynamoDB requests (reads + writes) | RRU | WRU | cost per return | per million returns |');
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const varied: string[] = [];
  for (const plays of result.runs) {
    const metrics = plays.map(metricsOf);
    const all = <K extends keyof (typeof metrics)[number]>(key: K) => metrics.map((m) => m[key]);
    const title = plays[0]?.spec.title ?? '?';
    const requests = metrics.map((m) => m.reads + m.writes);
    out(
      `| ${title} | ${spread(all('transitions'))} | ${spread(all('invocations'))} | ${spread(all('api'))} | ${spread(requests)} (${spread(all('reads'))} + ${spread(all('writes'))}) | ${spread(all('rru'), fmtUnits)} | ${spread(all('wru'), fmtUnits)} | **${spread(all('cost'), usd)}** | ${spread(all('cost'), perMillion)} |`,
    );
    const reasons: string[] = [];
    const names = [...new Set(plays.flatMap((play) => [...play.usage.functions.keys()]))].sort();
    for (const name of names) {
      const counts = plays.map((play) => play.usage.functions.get(name)?.invocations ?? 0);
      if (new Set(counts).size > 1) {
        const records = plays.map((play) => play.usage.functions.get(name)?.streamRecords ?? 0);
        reasons.push(`${name} ${spread(counts)} invocations${Math.max(...records) > 0 ? ` for ${spread(records)} stream records` : ''}`);
      }
    }
    if (new Set(requests).size > 1 || new Set(all('refused')).size > 1) {
      reasons.push(`DynamoDB ${spread(requests)} requests, refused writes per play: ${all('refused').join(' / ')}`);
    }
    const counts = (m: (typeof metrics)[number]) => JSON.stringify({ ...m, cost: 0 });
    if (new Set(metrics.map(counts)).size > 1) varied.push(`${title}: ${reasons.join('; ') || 'capacity units only'}`);
  }
  out();
  if (varied.length === 0) {
    out(`The counts were the same in every play of a scenario${repeat > 1 ? '' : ' (one play each; `--repeat 2` or more checks it)'}; only the durations (and so the cost's last digits) vary.`);
  } else {
    out('Where plays differed the summary shows the range, and the tables below show the play with the most DynamoDB');
    out('requests. Two things vary, in AWS as much as here: a stream consumer gets records written close together in');
    out('one batch or in several, depending on when the stream is read; and two writers may race for one case under its');
    const steady = result.runs.every((plays) => new Set(plays.map((play) => play.transitions)).size === 1);
    out(`optimistic lock (the loser reads again, and is refused once or finds nothing left to do).${steady ? ' State transitions do not vary.' : ''}`);
    for (const line of varied) out(`- ${line}`);
  }
  out();

  for (const [index, run] of reported.entries()) {
    const { usage, spec } = run;
    const plays = result.runs[index] ?? [];
    out(`### ${spec.title}`);
    out();
    if (plays.length > 1) {
      const differ = new Set(plays.map((play) => `${dynamoRequests(play.usage)}/${invocations(play.usage)}`)).size > 1;
      out(`Shown: play ${plays.indexOf(run) + 1} of ${plays.length}${differ ? ' (the one with the most DynamoDB requests, then invocations)' : ''}.`);
    }
    out(`Played: ${spec.order === 'delivered' ? 'a delivered order' : 'a paid order, not shipped'}; ${spec.requestAfter} later the buyer asks (${String(spec.request.type ?? 'return_refund')}); then`);
    for (const step of spec.steps) out(`- ${step.after} later, ${step.label};`);
    out(`outcome \`${spec.outcome}\`, execution SUCCEEDED, case closed.`);
    out();
    const types = [...run.stateTypes].sort(([, a], [, b]) => b - a).map(([type, n]) => `${n} ${type}`).join(', ');
    out(`States entered (${run.states.length}: ${types}${run.retries ? `; plus ${run.retries} ${run.retries === 1 ? 'retry' : 'retries'}` : ''}): ${run.states.join(' → ')}.`);
    out();
    out('| item | quantity | USD |');
    out('| --- | --- | --- |');
    const costs = costLines(run);
    for (const line of costs) out(`| ${line.item} | ${line.quantity} | ${usd(line.usd)} |`);
    out(`| **total** | | **${usd(sum(costs.map((line) => line.usd)))}** |`);
    out();
    out('| DynamoDB operation | requests | capacity units |');
    out('| --- | --- | --- |');
    for (const [name, op] of [...usage.operations].sort(([a], [b]) => a.localeCompare(b))) {
      const failed = [...op.failed].map(([error, n]) => `${n} × ${error}`).join(', ');
      out(`| ${name} | ${op.requests}${failed ? ` (${failed})` : ''} | ${fmtUnits(op.units)} ${op.kind === 'read' ? 'RRU' : 'WRU'} |`);
    }
    out();
    out('| function | invocations | local duration | DynamoDB requests |');
    out('| --- | --- | --- | --- |');
    for (const [name, fn] of [...usage.functions].sort(([a], [b]) => a.localeCompare(b))) {
      const ops = [...fn.dynamo]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([op, n]) => `${op} ${n}${fn.dynamoFailed.get(op) ? ` (${fn.dynamoFailed.get(op)} refused)` : ''}`)
        .join(', ');
      const records = fn.streamRecords ? ` (${plural(fn.streamRecords, 'stream record')})` : '';
      out(`| ${name} | ${fn.invocations}${records} | ${fn.ms.toFixed(0)} ms | ${ops || '—'} |`);
    }
    out();
    const byTable = [...usage.tables]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([table, t]) => `${table} ${plural(t.reads, 'read')} + ${plural(t.writes, 'write')} (${fmtUnits(t.units)} ${t.units === 1 ? 'unit' : 'units'})`);
    out(`By table: ${byTable.join('; ')}.`);
    const perDay = [...usage.excluded.perDayInvocations].map(([fn, n]) => `${n} × ${fn}`).join(', ');
    out(
      `Left out while it was counted: ${plural(usage.excluded.probeInvocations, 'invocation')} and ${plural(usage.excluded.probeDynamoRequests, 'DynamoDB request')} of the benchmark's own admin reads${perDay ? `; ${perDay} (${plural(usage.excluded.perDayDynamoRequests, 'DynamoDB request')}) as the clock passed 09:00 and 10:00` : ''}.`,
    );
    out(
      `The order's own ${spec.order === 'delivered' ? 'four' : 'two'} webhooks before the request (not counted above): ${invocations(run.orderUsage)} invocations, ${dynamoRequests(run.orderUsage)} DynamoDB requests, ${usd(totalCost({ transitions: 0, usage: run.orderUsage }))}.`,
    );
    out();
  }

  const happy = reported.find((run) => run.spec.key === 'happy');
  if (happy) {
    const costs = costLines(happy);
    const total = sum(costs.map((line) => line.usd));
    const share = (item: string) => (100 * (costs.find((line) => line.item === item)?.usd ?? 0)) / total;
    out('### Where the money goes');
    out();
    out(`In the happy path, Step Functions is ${share('Step Functions state transitions').toFixed(0)} % of the cost, DynamoDB ${(share('DynamoDB reads') + share('DynamoDB writes')).toFixed(0)} %,`);
    out(`Lambda ${(share('Lambda requests') + share('Lambda duration (local wall time, Arm)')).toFixed(0)} % (requests and duration), API Gateway ${share('API Gateway HTTP API requests').toFixed(0)} %, Secrets Manager ${share('Secrets Manager calls').toFixed(0)} %.`);
    const choices = happy.stateTypes.get('Choice') ?? 0;
    const ends = (happy.stateTypes.get('Succeed') ?? 0) + (happy.stateTypes.get('Pass') ?? 0);
    out(`Of its ${happy.transitions} transitions, ${choices} are Choice states and ${ends} Pass or Succeed: they do no work but are billed like the others.`);
    out();
  }

  out('### Prices and assumptions');
  out();
  out(`On-demand list prices, US East (N. Virginia), as constants in \`bench/prices.ts\` (checked ${PRICES_CHECKED_ON}; free tiers ignored):`);
  out();
  out('| service | price | source |');
  out('| --- | --- | --- |');
  for (const price of Object.values(PRICES)) out(`| ${price.unit} | $${price.usd} per ${price.per.toLocaleString('en-US')} | ${price.source} |`);
  out();
  const memories = [...new Set(result.memoryMb.values())].sort((a, b) => a - b);
  out(`- Lambda duration uses each function's configured memory from the template (${memories.join(', ')} MB, ARM64) and the`);
  out('  handlers\' local wall time, rounded up per invocation to 1 ms. These are warm invocations against DynamoDB Local;');
  out('  in AWS a return\'s steps are hours or days apart, so many invocations start cold, and Lambda bills the init phase.');
  if (happy) {
    const count = invocations(happy.usage);
    const coldGbSeconds = count * 0.4 * ((memories.at(-1) ?? 512) / 1024);
    out(`  Assuming ~400 ms of init for every one of the happy path's ${count} invocations adds ${usd(cost(PRICES.lambdaArmGbSecond, coldGbSeconds))} per return`);
    out(`  (${coldGbSeconds.toFixed(1)} GB-s at ${memories.at(-1) ?? 512} MB), against ${usd(cost(PRICES.stepFunctionsTransition, happy.transitions))} of state transitions.`);
  }
  out('- A refused conditional write reports no consumed capacity; it is counted as 1 WRU (AWS bills the size of the');
  out('  item it checked, at least 1 WRU). A read that DynamoDB Local reports as 0 units (a Query that finds nothing) is');
  out('  counted as 0.5 RRU, one eventually consistent read.');
  out('- Secrets Manager: the ingest caches a store\'s secrets for 5 minutes; the steps of a return are hours apart');
  out('  (the clock is moved between them), so every webhook of the return reads them again, as it would in AWS.');
  out('- Not included: data transfer, CloudWatch Logs and X-Ray traces (the functions and the state machine have tracing');
  out('  on: $5 per million traces recorded beyond the free tier), DynamoDB storage and point-in-time recovery, the');
  out('  $0.40 a month for each store\'s secret, and SQS for the dead-letter queues (unused when nothing fails).');
  out();
  return lines.join('\n');
}
