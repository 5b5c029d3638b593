import { ApiError } from './api.js';
import { caseView, casesView } from './cases.js';
import { clockPanel, syncClock } from './clock.js';
import { h } from './dom.js';
import { executionsView, executionView } from './executions.js';
import { inboxView } from './inbox.js';
import { reportView } from './report.js';
import { currentRoute, href, onRefresh, type Route } from './router.js';
import { saveSettings, settings, takeTokenFromSignIn } from './settings.js';

takeTokenFromSignIn();

type View = (route: Route) => Promise<HTMLElement>;

const SECTIONS: Array<{ path: string; label: string; view: View; needsStore: boolean }> = [
  { path: 'inbox', label: 'Inbox', view: inboxView, needsStore: true },
  { path: 'cases', label: 'Cases', view: (route) => (route.parts[1] ? caseView(route.parts[1]) : casesView(route)), needsStore: true },
  { path: 'executions', label: 'Executions', view: (route) => (route.parts[1] ? executionView(route.parts[1]) : executionsView(route)), needsStore: false },
  { path: 'report', label: 'Daily report', view: reportView, needsStore: true },
];

const main = h('main', { id: 'view', 'aria-live': 'polite' });
const nav = h('nav', { class: 'sections' }, SECTIONS.map((section) => h('a', { href: href([section.path]), 'data-section': section.path }, section.label)));

function settingsForm(): HTMLFormElement {
  const field = (name: keyof typeof settings, label: string, attributes: Record<string, string> = {}) =>
    h('label', {}, h('span', {}, label), h('input', { id: `setting-${name}`, name, value: settings[name], ...attributes }));
  const form = h(
    'form',
    { class: 'settings' },
    field('storeId', 'Store', { placeholder: 'my-shop', required: 'required' }),
    field('token', 'Admin token', { type: 'password', placeholder: 'local-admin', autocomplete: 'off' }),
    field('agentId', 'Agent', { placeholder: 'you, when deciding' }),
    field('apiBase', 'API', { placeholder: 'this server', size: '14' }),
    h('button', { type: 'submit' }, 'Use'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    saveSettings({ storeId: value('storeId'), token: value('token'), agentId: value('agentId'), apiBase: value('apiBase') });
    void render();
  });
  return form;
}

function problem(error: unknown): HTMLElement {
  const hint = error instanceof ApiError && error.status === 401 ? ' Enter the admin token above (npm start prints it; local-admin by default).' : '';
  return h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error), hint);
}

let drawing = 0;

/** Draws the view the address names; a slower, older drawing never replaces a newer one. */
async function render(): Promise<void> {
  const route = currentRoute();
  const section = SECTIONS.find((candidate) => candidate.path === route.parts[0]) ?? SECTIONS[0];
  if (!section) return;
  for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', link.dataset.section === section.path);
  const mine = ++drawing;
  main.classList.add('loading');
  let content: HTMLElement;
  try {
    content = section.needsStore && !settings.storeId ? h('p', { class: 'empty' }, 'Enter a store id above.') : await section.view(route);
  } catch (error) {
    content = problem(error);
  }
  if (mine !== drawing) return;
  main.classList.remove('loading');
  main.replaceChildren(content);
}

async function start(): Promise<void> {
  await syncClock().catch((error: unknown) => console.warn('no local clock', error));
  document.body.replaceChildren(
    h('header', {}, h('h1', {}, 'After-sales console'), nav, settingsForm(), h('button', { type: 'button', class: 'refresh', onclick: () => void render() }, 'Refresh')),
    clockPanel() ?? '',
    main,
  );
  window.addEventListener('hashchange', () => void render());
  onRefresh(() => void render());
  await render();
}

void start();
