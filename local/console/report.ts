import { admin, adminText, ApiError, local } from './api.js';
import { caseLink } from './cases.js';
import { clockNow, hasLocalClock } from './clock.js';
import { facts, formatTime, h, table } from './dom.js';
import { href, queryString, refresh, type Route } from './router.js';
import { settings } from './settings.js';
import type { DailyReport } from '../../functions/sweeps/daily-report.js';

/** A moment's date in this browser's time zone; days are stepped from noon, so daylight saving never skips one. */
const day = (at: number) => formatTime(new Date(at).toISOString()).slice(0, 10);
const nextDay = (date: string, by: number) => day(Date.parse(`${date}T12:00:00`) + by * 86_400_000);
const row = (...cells: Array<Node | string | number | undefined>) => h('tr', {}, cells.map((cell) => h('td', {}, cell ?? '')));

function reportBody(report: DailyReport): HTMLElement[] {
  const byKind = Object.entries(report.openTasks.byKind).sort(([a], [b]) => a.localeCompare(b));
  return [
    facts([
      ['Open tasks', String(report.openTasks.total)],
      ['Overdue', String(report.openTasks.overdue)],
      ['Generated', formatTime(report.generatedAt)],
    ]),
    h('h3', {}, 'Open tasks by kind'),
    table(['Kind', 'Open', 'Overdue'], byKind.map(([kind, count]) => row(h('code', {}, kind), count.open, count.overdue)), 'No open tasks.'),
    h('h3', {}, 'Overdue tasks'),
    table(['Kind', 'Case', 'Due', 'Hours overdue'], report.overdueTasks.map((task) => row(h('code', {}, task.kind), caseLink(task.caseId), formatTime(task.dueAt), task.hoursOverdue)), 'None overdue.'),
    h('h3', {}, 'Service promises broken since the day before'),
    table(['Case', 'Kind', 'At', 'Was due'], report.breaches.map((breach) => row(caseLink(breach.caseId), breach.kind, formatTime(breach.at), formatTime(breach.dueAt))), 'None broken.'),
    h('h3', {}, 'Complaints closed since the day before'),
    table(
      ['Case', 'Category', 'Solution', 'Outcome', 'Handling'],
      report.complaintsClosed.map((closed) => row(caseLink(closed.caseId), closed.category, closed.solution, closed.outcome, closed.handlingMinutes === undefined ? '' : `${closed.handlingMinutes} min`)),
      'None closed.',
    ),
  ];
}

/** The same report as Markdown, where the API offers it (`&format=markdown`), to copy into a chat or an email. */
async function markdownOf(path: string): Promise<HTMLElement | null> {
  const answer = await adminText(`${path}&format=markdown`).catch(() => undefined);
  if (!answer?.contentType.startsWith('text/markdown')) return null;
  return h('details', { class: 'markdown' }, h('summary', {}, 'As Markdown'), h('pre', {}, answer.text));
}

function missing(message: string): HTMLElement[] {
  const run = async () => {
    await local('POST', '/local/schedules/daily-sweep/run');
    refresh();
  };
  const explained = h('p', { class: 'empty' }, message, '. The daily sweep writes it at 09:00 in the store\'s time zone.');
  return hasLocalClock() ? [explained, h('button', { type: 'button', onclick: () => void run() }, 'Run the daily sweep now')] : [explained];
}

/** The daily backlog report of one day, with the days around it a click away. */
export async function reportView(route: Route): Promise<HTMLElement> {
  const date = route.query.get('date') ?? day(clockNow());
  const path = `/admin/reports/daily${queryString({ storeId: settings.storeId, date })}`;
  const go = (to: string) => href(['report'], { date: to });
  const picker = h('input', { type: 'date', value: date, 'aria-label': 'day', onchange: (event) => (location.hash = go((event.target as HTMLInputElement).value)) });
  let body: HTMLElement[];
  try {
    body = reportBody(await admin<DailyReport>('GET', path));
    const markdown = await markdownOf(path);
    if (markdown) body.push(markdown);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    body = missing(error.message);
  }
  return h(
    'div',
    { class: 'report', 'data-date': date },
    h('h2', {}, 'Daily report'),
    h('p', { class: 'filters' }, h('a', { href: go(nextDay(date, -1)) }, '← day before'), picker, h('a', { href: go(nextDay(date, 1)) }, 'day after →')),
    ...body,
  );
}
