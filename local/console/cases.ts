import { admin } from './api.js';
import { clockNow } from './clock.js';
import { decideForm, type OpenTask } from './decide-form.js';
import { badge, facts, formatSpan, formatTime, h, table } from './dom.js';
import { executionSection } from './executions.js';
import { href, queryString, refresh, type Route } from './router.js';
import { settings } from './settings.js';
import type { CaseRecord, HistoryEntry } from '../../functions/cases/case.js';
import type { ExecutionView } from '../../functions/shared/executions.js';

type CaseSummary = Omit<CaseRecord, 'history' | 'version'> & { owner?: string };
interface CaseView extends CaseSummary {
  history: HistoryEntry[];
  execution: { name: string; status: string; currentState?: string } | null;
  openTasks: OpenTask[];
  [field: string]: unknown;
}

export const caseLink = (caseId: string) => h('a', { href: href(['cases', caseId]) }, caseId);

/** When a task is due, against the product's clock: overdue ones say so. */
export function dueCell(dueAt: string): HTMLTableCellElement {
  const left = Date.parse(dueAt) - clockNow();
  return h('td', { class: left < 0 ? 'due overdue' : 'due' }, formatTime(dueAt), h('small', {}, left < 0 ? `overdue by ${formatSpan(left)}` : `in ${formatSpan(left)}`));
}

const detailText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function historyTable(history: HistoryEntry[]): HTMLElement {
  const rows = history.map(({ at, by, action, ...details }) =>
    h(
      'tr',
      { 'data-action': action },
      h('td', {}, formatTime(at, true)),
      h('td', {}, by === 'timeout' ? badge('timeout') : by),
      h('td', {}, h('strong', {}, action)),
      h('td', { class: 'details' }, Object.entries(details).map(([key, value]) => h('span', {}, h('em', {}, key), ' ', detailText(value)))),
    ),
  );
  return table(['At', 'By', 'Action', 'Details'], rows, 'Nothing has happened yet.');
}

const getCase = (caseId: string) => admin<CaseView>('GET', `/admin/cases/${encodeURIComponent(caseId)}`);
const signature = (aCase: CaseView) => JSON.stringify([aCase.history.length, aCase.status, aCase.execution, aCase.openTasks.map((task) => task.taskId)]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A decision sets the workflow going on its own: the case is drawn again each time it changes, until it has
 * stood still for a moment (it waits for someone again, or has ended) or fifteen seconds have passed.
 */
async function followCase(caseId: string, before: string): Promise<void> {
  let last = before;
  let changedAt = Date.now();
  for (const until = Date.now() + 15_000; Date.now() < until; ) {
    await sleep(300);
    const now = signature(await getCase(caseId));
    if (now !== last) {
      last = now;
      changedAt = Date.now();
      refresh();
    } else if (last !== before && Date.now() - changedAt > 1_000) return;
  }
  refresh();
}

function openTaskSection(aCase: CaseView, task: OpenTask): HTMLElement {
  const decided = (decision: string) => {
    section.replaceChildren(h('p', { class: 'notice' }, `Decided: ${decision}. Following the workflow…`));
    // Should the case fail to load meanwhile, drawing the view again shows why.
    followCase(aCase.caseId, signature(aCase)).catch(refresh);
  };
  const section = h(
    'section',
    { class: 'open-task', 'data-task': task.taskId },
    h('h3', {}, 'Waiting for ', task.role, ': ', h('code', {}, task.kind)),
    h('table', { class: 'compact' }, h('tr', {}, h('th', {}, 'Due'), dueCell(task.dueAt), h('th', {}, 'Assignee'), h('td', {}, task.assignee ?? '—'))),
    decideForm(task, decided),
  );
  return section;
}

export async function caseView(caseId: string): Promise<HTMLElement> {
  const aCase = await getCase(caseId);
  const execution = aCase.execution ? await admin<ExecutionView>('GET', `/admin/executions/${encodeURIComponent(aCase.execution.name)}`) : undefined;
  const { history, openTasks, execution: _execution, ...fields } = aCase;
  return h(
    'div',
    { class: 'case', 'data-case': caseId },
    h('h2', {}, 'Case ', h('code', {}, caseId), ' ', badge(aCase.status), aCase.outcome ? badge(aCase.outcome, 'outcome') : null),
    h(
      'div',
      { class: 'case-top' },
      facts([
        ['Type', aCase.type],
        ['Order', aCase.orderId],
        ['Buyer', aCase.buyerId],
        ['Owner', aCase.owner],
        ['Opened', formatTime(aCase.createdAt)],
        ['Last change', formatTime(aCase.updatedAt)],
      ]),
      openTasks.map((task) => openTaskSection(aCase, task)),
    ),
    execution ? await executionSection(execution) : h('p', { class: 'empty' }, 'No workflow execution for this case.'),
    h('section', {}, h('h3', {}, 'History'), historyTable(history)),
    h('details', {}, h('summary', {}, 'Every field of the case'), h('pre', {}, JSON.stringify(fields, null, 2))),
  );
}

const distinct = (values: string[]) => [...new Set(values)].sort();

/** The store's cases, latest change first, filtered by type and status. */
export async function casesView(route: Route): Promise<HTMLElement> {
  const [type, status] = [route.query.get('type') ?? '', route.query.get('status') ?? ''];
  const { items } = await admin<{ items: CaseSummary[] }>('GET', `/admin/cases${queryString({ storeId: settings.storeId })}`);
  const shown = items.filter((item) => (!type || item.type === type) && (!status || item.status === status)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const filter = (name: string, selected: string, values: string[]) =>
    h(
      'select',
      { name, 'aria-label': name, onchange: (event) => (location.hash = href(['cases'], { type, status, [name]: (event.target as HTMLSelectElement).value })) },
      h('option', { value: '' }, `every ${name}`),
      values.map((value) => h('option', { value, selected: value === selected }, value)),
    );
  return h(
    'div',
    {},
    h('h2', {}, 'Cases'),
    h('p', { class: 'filters' }, filter('type', type, distinct(items.map((item) => item.type))), filter('status', status, distinct(items.map((item) => item.status)))),
    table(
      ['Case', 'Type', 'Status', 'Outcome', 'Order', 'Owner', 'Last change'],
      shown.map((item) =>
        h(
          'tr',
          { 'data-case': item.caseId },
          h('td', {}, caseLink(item.caseId)),
          h('td', {}, item.type),
          h('td', {}, badge(item.status)),
          h('td', {}, item.outcome ?? ''),
          h('td', {}, item.orderId),
          h('td', {}, item.owner ?? ''),
          h('td', {}, formatTime(item.updatedAt)),
        ),
      ),
      'No cases.',
    ),
  );
}
