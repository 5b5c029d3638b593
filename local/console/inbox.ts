import { admin } from './api.js';
import { caseLink, dueCell } from './cases.js';
import { clockNow } from './clock.js';
import { h, table } from './dom.js';
import { href, queryString } from './router.js';
import { settings } from './settings.js';
import type { Task } from '../../functions/tasks/task.js';

type InboxTask = Pick<Task, 'taskId' | 'kind' | 'caseId' | 'role' | 'assignee' | 'dueAt'>;

/** The store's open tasks, the most pressing first; each is decided on its case, where the context is. */
export async function inboxView(): Promise<HTMLElement> {
  const { items } = await admin<{ items: InboxTask[] }>('GET', `/admin/tasks${queryString({ storeId: settings.storeId, status: 'open' })}`);
  const tasks = items.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const overdue = tasks.filter((task) => Date.parse(task.dueAt) < clockNow()).length;
  const rows = tasks.map((task) =>
    h(
      'tr',
      { 'data-task': task.taskId, class: Date.parse(task.dueAt) < clockNow() ? 'overdue' : '' },
      dueCell(task.dueAt),
      h('td', {}, h('code', {}, task.kind)),
      h('td', {}, caseLink(task.caseId)),
      h('td', {}, task.role),
      h('td', {}, task.assignee ?? '—'),
      h('td', {}, h('a', { class: 'button', href: href(['cases', task.caseId]) }, 'Decide…')),
    ),
  );
  return h(
    'div',
    {},
    h('h2', {}, 'Task inbox'),
    h('p', { class: 'summary' }, `${tasks.length} open`, overdue ? h('strong', { class: 'overdue' }, ` · ${overdue} overdue`) : null),
    table(['Due', 'Kind', 'Case', 'Waiting for', 'Assignee', ''], rows, 'No open tasks: nothing waits for anyone.'),
  );
}
