export interface DemoCase {
  caseId: string;
  status: string;
  outcome?: string;
  history: Array<{ by: string; action: string }>;
  refund?: { amount: number };
}

export interface DemoSummary {
  cases: number;
  byStatus: Record<string, number>;
  byOutcome: Record<string, number>;
  decisionsBy: Record<string, number>;
  executionsByStatus: Record<string, number>;
  messages: Record<string, number>;
  refundedFen: number;
}

const count = (into: Record<string, number>, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};

/** Who decides: a named agent counts as "agent", so the table shows people, rules and deadlines. */
const deciderOf = (by: string) => (by.startsWith('agent:') ? 'agent' : by);

export function summarise(cases: DemoCase[], executions: Array<{ status: string }>, messages: Array<{ template: string; status: string }>): DemoSummary {
  const summary: DemoSummary = { cases: cases.length, byStatus: {}, byOutcome: {}, decisionsBy: {}, executionsByStatus: {}, messages: {}, refundedFen: 0 };
  for (const message of messages) count(summary.messages, `${message.template} (${message.status})`);
  for (const aCase of cases) {
    count(summary.byStatus, aCase.status);
    if (aCase.outcome) count(summary.byOutcome, aCase.outcome);
    summary.refundedFen += aCase.refund?.amount ?? 0;
    for (const entry of aCase.history) {
      if (entry.action === 'agreed' || entry.action === 'rejected') count(summary.decisionsBy, `${entry.action} by ${deciderOf(entry.by)}`);
      if (entry.action === 'eligibility_checked' && (entry as { eligible?: boolean }).eligible === false) count(summary.decisionsBy, 'refused by rule (not eligible)');
    }
  }
  for (const execution of executions) count(summary.executionsByStatus, execution.status);
  return summary;
}

function table(title: string, rows: Record<string, number>): string {
  const entries = Object.entries(rows).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return `${title}\n  (none)\n`;
  const width = Math.max(...entries.map(([key]) => key.length));
  return `${title}\n${entries.map(([key, value]) => `  ${key.padEnd(width)}  ${String(value).padStart(4)}`).join('\n')}\n`;
}

export function renderSummary(summary: DemoSummary, context: { orders: number; days: number; from: string; to: string }): string {
  const yuan = (summary.refundedFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return [
    `\nA week of the store, ${context.from} → ${context.to} (local clock)`,
    `${context.orders} orders over ${context.days} days, ${summary.cases} after-sales cases, ¥${yuan} refunded\n`,
    table('Cases by status', summary.byStatus),
    table('Closed cases by outcome', summary.byOutcome),
    table('Decisions, by who or what took them', summary.decisionsBy),
    table('Workflow executions by status', summary.executionsByStatus),
    table('Messages to buyers, by template (status)', summary.messages),
  ].join('\n');
}
