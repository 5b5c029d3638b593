import * as path from 'node:path';
import { projectRoot } from '../cdk/app-function.js';
import { caseTransitions, REFUND_FAILURE_WAIT, refundTransitions, waits, type Condition } from '../functions/returns/transitions.js';
import { defaultPolicy } from '../functions/stores/policy.js';

export const PROCESS_FILE = path.join(projectRoot, 'docs', 'returns-process.md');

const conditionText = (when: Condition): string =>
  [
    when.types ? `type ${when.types.join(' or ')}` : '',
    when.trusted !== undefined ? (when.trusted ? 'trusted buyer' : 'buyer not trusted') : '',
    when.eligible === false ? 'not eligible' : '',
    when.partialRefund !== undefined ? (when.partialRefund ? 'inspection agreed a partial refund' : 'no partial refund') : '',
    when.replacementShipped !== undefined ? (when.replacementShipped ? 'replacement already shipped' : 'replacement not shipped yet') : '',
  ]
    .filter(Boolean)
    .join(', ') || '—';

const duration = (seconds: number) => (seconds % 86_400 === 0 && seconds >= 3 * 86_400 ? `${seconds / 86_400} d` : `${seconds / 3_600} h`);

/**
 * The after-sales process as people read it, written from the same transition table the workflow, the admin API
 * and the steps use (functions/returns/transitions.ts); `npm run schemas` rewrites it and a test fails when stale.
 */
export function returnsProcessMarkdown(): string {
  const policy = defaultPolicy().returns;
  const deadlineOf = (name: string) => duration((policy as unknown as Record<string, number>)[name] ?? 0);
  const lines = [
    '# The after-sales process (generated)',
    '',
    'Written by `npm run schemas` from `functions/returns/transitions.ts`; do not edit by hand.',
    '',
    '## Where a case waits, and for how long',
    '',
    '| state | workflow state | waits for | task kind | default deadline (policy) |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(waits).map(([status, wait]) => `| \`${status}\` | ${wait.state} | ${wait.role} | \`${wait.kind}\` | ${deadlineOf(wait.deadline)} (\`${wait.deadline}\`) |`),
    `| (refund failed) | ${REFUND_FAILURE_WAIT.state} | ${REFUND_FAILURE_WAIT.role} | \`${REFUND_FAILURE_WAIT.kind}\` | ${deadlineOf(REFUND_FAILURE_WAIT.deadline)} (\`${REFUND_FAILURE_WAIT.deadline}\`) |`,
    '',
    'The store decides within `unshippedRefundSeconds` (24 h) instead for a refund-only request on an order not shipped yet.',
    '',
    '## Transitions of a case',
    '',
    '| state | actor | condition | action | next state | workflow state |',
    '| --- | --- | --- | --- | --- | --- |',
    ...caseTransitions.map(
      (row) => `| \`${row.from}\` | ${row.actor} | ${conditionText(row.when)} | \`${row.action}\` | \`${row.to}\`${row.outcome ? ` (${row.outcome})` : ''} | ${row.step} |`,
    ),
    '',
    '## Transitions of a refund',
    '',
    '| state | actor | condition | action | next state |',
    '| --- | --- | --- | --- | --- |',
    ...refundTransitions.map((row) => `| \`${row.from}\` | ${row.actor} | ${row.condition} | \`${row.action}\` | \`${row.to}\` |`),
    '',
  ];
  return lines.join('\n');
}
