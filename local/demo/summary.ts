import { caseTypes } from '../../functions/cases/case.js';

export interface DemoCase {
  caseId: string;
  type: string;
  status: string;
  outcome?: string;
  trusted?: boolean;
  history: Array<{ by: string; action: string; from?: string }>;
  refund?: { status: string; amount: number };
  replacement?: { shipmentId: string };
}

/** What the demo read back from the local cloud at the end. */
export interface DemoState {
  cases: DemoCase[];
  executions: Array<{ name: string; status: string }>;
  openTasks: Array<{ taskId: string; caseId: string; kind: string; assignee?: string }>;
  messages: Array<{ template: string; status: string; suppressedReason?: string }>;
  /** The ledgers of the simulated payment and fulfilment services. */
  refunds: Array<{ amount: number }>;
  shipments: Array<{ id: string }>;
}

/** What the demo did itself while playing the plan. */
export interface DemoTally {
  webhooks: number;
  refused: number;
  decisions: number;
  /** Planned decisions whose task was not open (the case had moved on), left out. */
  skipped: number;
  /** Decisions the admin API refused for another reason than a closed task. */
  failed: number;
}

type Counts = Record<string, number>;

export interface DemoSummary {
  cases: number;
  /** Of them, the requests the demo played (the rest the morning sweeps opened). */
  aftersales: number;
  trusted: number;
  /** Type → outcome (or status, while a case is not closed) → cases. */
  byTypeAndOutcome: Record<string, Counts>;
  /** Who decided → action → times. */
  decisions: Record<string, Counts>;
  executionsByStatus: Counts;
  messages: Counts;
  refunds: { count: number; fen: number };
  replacements: number;
}

const isAftersale = (aCase: DemoCase) => (caseTypes as readonly string[]).includes(aCase.type);

const count = (into: Counts, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};
const countIn = (into: Record<string, Counts>, row: string, column: string) => count((into[row] ??= {}), column);

/** Who decides: a named agent counts as "agent", so the table shows people, parties and deadlines. */
const deciderOf = (by: string) => (by.startsWith('agent:') ? 'agent' : by);
/** The moves of a case someone (or a deadline) decided; a rule decides only when it refuses a request. */
const isDecision = (entry: DemoCase['history'][number]) => entry.from !== undefined && (entry.by !== 'rule' || entry.action === 'reject');

export function summarise(state: DemoState): DemoSummary {
  const summary: DemoSummary = {
    cases: state.cases.length,
    aftersales: state.cases.filter(isAftersale).length,
    trusted: state.cases.filter((aCase) => aCase.trusted).length,
    byTypeAndOutcome: {},
    decisions: {},
    executionsByStatus: {},
    messages: {},
    refunds: { count: state.refunds.length, fen: state.refunds.reduce((sum, refund) => sum + refund.amount, 0) },
    replacements: state.shipments.length,
  };
  for (const message of state.messages) count(summary.messages, `${message.template} (${[message.status, message.suppressedReason].filter(Boolean).join(': ')})`);
  for (const execution of state.executions) count(summary.executionsByStatus, execution.status);
  for (const aCase of state.cases) {
    countIn(summary.byTypeAndOutcome, aCase.type, aCase.status === 'closed' ? (aCase.outcome ?? 'closed without outcome') : `still ${aCase.status}`);
    for (const entry of aCase.history.filter(isDecision)) countIn(summary.decisions, deciderOf(entry.by), entry.action);
  }
  return summary;
}

/** What must hold once every deadline has passed: everything played, ended and accounted for. */
export function inconsistencies(state: DemoState, tally: DemoTally, requests: number): string[] {
  const problems: string[] = [];
  const list = (what: string, ids: string[]) => ids.length > 0 && problems.push(`${what}: ${ids.join(', ')}`);
  const refunded = state.cases.filter((aCase) => aCase.refund?.status === 'succeeded');
  const refundedFen = refunded.reduce((sum, aCase) => sum + (aCase.refund?.amount ?? 0), 0);
  const ledgerFen = state.refunds.reduce((sum, refund) => sum + refund.amount, 0);
  if (tally.refused > 0) problems.push(`${tally.refused} webhooks refused`);
  if (tally.failed > 0) problems.push(`${tally.failed} decisions refused by the admin API`);
  const aftersales = state.cases.filter(isAftersale);
  if (aftersales.length !== requests) problems.push(`${aftersales.length} after-sales cases for ${requests} requests`);
  if (state.executions.length !== state.cases.length) problems.push(`${state.executions.length} executions for ${state.cases.length} cases`);
  list('executions not SUCCEEDED', state.executions.filter((execution) => execution.status !== 'SUCCEEDED').map((execution) => `${execution.name} (${execution.status})`));
  list('cases not closed with an outcome', state.cases.filter((aCase) => aCase.status !== 'closed' || !aCase.outcome).map((aCase) => `${aCase.caseId} (${aCase.status})`));
  list('open tasks left', state.openTasks.map((task) => `${task.kind} of ${task.caseId}`));
  list('refunded without a refund', state.cases.filter((aCase) => aCase.outcome?.endsWith('refunded') && aCase.refund?.status !== 'succeeded').map((aCase) => aCase.caseId));
  if (refunded.length !== state.refunds.length || refundedFen !== ledgerFen)
    problems.push(`cases record ${refunded.length} refunds (${refundedFen} fen), the payment service ${state.refunds.length} (${ledgerFen} fen)`);
  const replaced = state.cases.filter((aCase) => aCase.replacement).length;
  if (replaced !== state.shipments.length) problems.push(`cases record ${replaced} replacements, the fulfilment service ${state.shipments.length}`);
  return problems;
}

function table(title: string, rows: Counts): string {
  const entries = Object.entries(rows).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return `${title}\n  (none)\n`;
  const width = Math.max(...entries.map(([key]) => key.length));
  return `${title}\n${entries.map(([key, value]) => `  ${key.padEnd(width)}  ${String(value).padStart(4)}`).join('\n')}\n`;
}

/** Rows by columns, with a total per row; a blank cell is none. */
function grid(title: string, rows: Record<string, Counts>): string {
  const names = Object.keys(rows).sort();
  const columns = [...new Set(names.flatMap((name) => Object.keys(rows[name] ?? {})))].sort();
  const header = ['', ...columns, 'total'];
  const lines = names.map((name) => {
    const cells = columns.map((column) => rows[name]?.[column] ?? 0);
    return [name, ...cells.map((cell) => (cell ? String(cell) : '')), String(cells.reduce((sum, cell) => sum + cell, 0))];
  });
  const widths = header.map((cell, index) => Math.max(cell.length, ...lines.map((line) => line[index]?.length ?? 0)));
  const render = (line: string[]) => `  ${line.map((cell, index) => (index === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[index] ?? 0))).join('  ')}`;
  return `${title}\n${[header, ...lines].map(render).join('\n')}\n`;
}

/** One line per decider, its actions with how often: "agent     approve 9 · reject 4". */
function decisions(title: string, rows: Record<string, Counts>): string {
  const order = ['agent', 'store', 'buyer', 'platform', 'carrier', 'timeout', 'rule'];
  const names = Object.keys(rows).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  const width = Math.max(0, ...names.map((name) => name.length));
  const line = (name: string) => {
    const actions = Object.entries(rows[name] ?? {}).sort(([, a], [, b]) => b - a);
    return `  ${name.padEnd(width)}  ${actions.map(([action, times]) => `${action} ${times}`).join(' · ')}`;
  };
  return `${title}\n${names.length ? names.map(line).join('\n') : '  (none)'}\n`;
}

const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function renderSummary(summary: DemoSummary, tally: DemoTally, context: { orders: number; days: number; from: string; to: string }): string {
  const sent = Object.entries(summary.messages).reduce((sum, [key, value]) => sum + (key.endsWith('(sent)') ? value : 0), 0);
  return [
    `\nA small store: ${context.orders} orders over ${context.days} days, played from ${context.from} to ${context.to} (local clock) so that every case could end`,
    `${summary.aftersales} after-sales cases (${summary.trusted} from trusted buyers), ${summary.cases - summary.aftersales} follow-ups from the morning sweeps.`,
    `Refunds paid: ${summary.refunds.count}, ¥${yuan(summary.refunds.fen)}. Replacements shipped: ${summary.replacements}. Messages sent: ${sent}.\n`,
    grid('Cases by type and outcome', summary.byTypeAndOutcome),
    decisions('Decisions, by who or what took them', summary.decisions),
    table('Workflow executions by status', summary.executionsByStatus),
    table('Messages to buyers, by template (status)', summary.messages),
    `Demo: ${tally.webhooks} webhooks accepted, ${tally.refused} refused; ${tally.decisions} decisions through the admin API, ${tally.skipped} skipped (task no longer open), ${tally.failed} refused.`,
  ].join('\n');
}
