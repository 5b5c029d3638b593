import { admin } from './api.js';
import { badge, facts, formatTime, h, table } from './dom.js';
import { executionGraph } from './graph.js';
import type { AslDefinition } from './graph-layout.js';
import { href, queryString, type Route } from './router.js';
import type { ExecutionStatus } from '@aws-sdk/client-sfn';
import type { ExecutionView, WorkflowName } from '../../functions/shared/executions.js';

const WORKFLOWS: WorkflowName[] = ['returns', 'invoices', 'complaints', 'bulk-orders', 'perks', 'follow-ups', 'daily-sweep', 'campaigns'];
const STATUSES: ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

type ExecutionSummary = Omit<ExecutionView, 'currentState' | 'states'>;

const definitions = new Map<string, Promise<AslDefinition>>();

/** A workflow's definition changes only with a deployment: read once per page load. */
function definitionOf(workflow: string): Promise<AslDefinition> {
  let definition = definitions.get(workflow);
  if (!definition) {
    definition = admin<{ definition: AslDefinition }>('GET', `/admin/workflows/${encodeURIComponent(workflow)}`).then((answer) => answer.definition);
    definitions.set(workflow, definition);
    definition.catch(() => definitions.delete(workflow));
  }
  return definition;
}

export const executionLink = (name: string) => h('a', { href: href(['executions', name]) }, name);

/** An execution's graph and the states it went through, for the execution's own view and its case's. */
export async function executionSection(execution: ExecutionView): Promise<HTMLElement> {
  const graph = executionGraph(await definitionOf(execution.workflow), execution.states, execution.currentState);
  return h(
    'section',
    { class: 'execution', 'data-status': execution.status },
    h('h3', {}, 'Workflow execution ', executionLink(execution.name), ' ', badge(execution.status)),
    facts([
      ['Workflow', execution.workflow],
      ['Current state', execution.currentState],
      ['Started', formatTime(execution.startedAt)],
      ['Stopped', execution.stoppedAt && formatTime(execution.stoppedAt)],
      ['States entered', String(execution.states.length)],
    ]),
    graph,
    h('details', {}, h('summary', {}, 'States entered, in order'), h('ol', { class: 'states-entered' }, execution.states.map((state) => h('li', {}, state)))),
  );
}

export async function executionView(name: string): Promise<HTMLElement> {
  const execution = await admin<ExecutionView>('GET', `/admin/executions/${encodeURIComponent(name)}`);
  return h(
    'div',
    {},
    h('h2', {}, 'Execution ', h('code', {}, name)),
    h('p', {}, 'Its case: ', h('a', { href: href(['cases', name]) }, name), ' (an execution is named by its case).'),
    await executionSection(execution),
  );
}

/** Executions as the Step Functions console lists them: by workflow, filtered by status, with a count of each. */
export async function executionsView(route: Route): Promise<HTMLElement> {
  const workflow = route.query.get('workflow') ?? 'returns';
  const status = route.query.get('status') ?? '';
  const { items } = await admin<{ items: ExecutionSummary[] }>('GET', `/admin/executions${queryString({ workflow })}`);
  const count = (wanted: string) => items.filter((item) => item.status === wanted).length;
  const shown = items.filter((item) => !status || item.status === status).sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  const tab = (label: string, query: Record<string, string>, active: boolean) =>
    h('a', { href: href(['executions'], query), class: active ? 'tab active' : 'tab', ...(active ? { 'aria-current': 'page' } : {}) }, label);
  return h(
    'div',
    {},
    h('h2', {}, 'Executions'),
    h('nav', { class: 'tabs', 'aria-label': 'workflows' }, WORKFLOWS.map((name) => tab(name, { workflow: name }, name === workflow))),
    h(
      'nav',
      { class: 'tabs small', 'aria-label': 'statuses' },
      tab(`all ${items.length}`, { workflow }, !status),
      STATUSES.map((name) => tab(`${name.toLowerCase().replace('_', ' ')} ${count(name)}`, { workflow, status: name }, name === status)),
    ),
    table(
      ['Name', 'Status', 'Started', 'Stopped'],
      shown.map((item) => h('tr', { 'data-execution': item.name }, h('td', {}, executionLink(item.name)), h('td', {}, badge(item.status)), h('td', {}, formatTime(item.startedAt)), h('td', {}, formatTime(item.stoppedAt)))),
      `No ${status ? `${status.toLowerCase()} ` : ''}executions of the ${workflow} workflow.`,
    ),
  );
}
