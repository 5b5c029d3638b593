import { local } from './api.js';
import { formatTime, h } from './dom.js';
import { refresh } from './router.js';

interface Schedule {
  name: string;
  expression: string;
  timezone: string;
  nextRunAt: string;
}

/** The local clock minus this browser's; undefined where no local cloud serves the page (then it is real time). */
let offsetMs: number | undefined;

/** Now, as the product sees it: deadlines and overdue tasks are judged by this. */
export const clockNow = () => Date.now() + (offsetMs ?? 0);

const adopt = (answer: { now: string } | undefined) => {
  offsetMs = answer ? Date.parse(answer.now) - Date.now() : undefined;
};

export const hasLocalClock = () => offsetMs !== undefined;

export async function syncClock(): Promise<void> {
  adopt(await local<{ now: string }>('GET', '/local/clock'));
}

/**
 * The local clock, ticking, with the buttons that move it and the schedules' next runs; none where there is no
 * local clock. Moving it answers once everything that fell due on the way has run, so the view drawn afterwards
 * shows where it all got to.
 */
export function clockPanel(): HTMLElement | undefined {
  if (!hasLocalClock()) return undefined;
  const time = h('output', { id: 'clock-now' });
  const schedules = h('ul', { class: 'schedules' });
  const status = h('span', { class: 'status', role: 'status' });
  const duration = h('input', { id: 'clock-duration', value: 'PT1H', size: 8, 'aria-label': 'duration to advance (ISO-8601)', title: 'an ISO-8601 duration: PT30M, PT48H, P7D' });
  const panel = h('section', { id: 'clock', 'aria-label': 'local clock' });

  async function showSchedules(): Promise<void> {
    const answer = await local<{ items: Schedule[] }>('GET', '/local/schedules');
    schedules.replaceChildren(...(answer?.items ?? []).map((item) => h('li', {}, h('code', {}, item.name), ` next ${formatTime(item.nextRunAt)}`)));
  }

  async function advance(by: string): Promise<void> {
    status.textContent = `moving the clock ${by}…`;
    panel.classList.add('busy');
    try {
      adopt(await local<{ now: string }>('POST', '/local/clock', { advance: by }));
      tick();
      status.textContent = `moved ${by}`;
      await showSchedules();
      refresh();
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : String(error);
    } finally {
      panel.classList.remove('busy');
    }
  }

  const button = (by: string, label: string) => h('button', { type: 'button', 'data-advance': by, onclick: () => void advance(by) }, label);
  const onsubmit = (event: Event) => {
    event.preventDefault();
    void advance(duration.value.trim());
  };
  panel.append(
    h('span', { class: 'label' }, 'Local clock'),
    time,
    button('PT1H', '+1 h'),
    button('P1D', '+1 day'),
    h('form', { class: 'advance', onsubmit }, duration, h('button', { type: 'submit' }, 'Advance')),
    status,
    schedules,
  );
  const tick = () => {
    time.textContent = formatTime(new Date(clockNow()).toISOString(), true);
  };
  tick();
  setInterval(tick, 1000);
  void showSchedules();
  return panel;
}
