type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

function fill<E extends Element>(element: E, attributes: Attributes, children: Array<Child | Child[]>): E {
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value));
  }
  // Text goes in as text nodes, never as HTML: what the API returns can hold anything a buyer typed.
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) element.append(typeof child === 'number' ? String(child) : child);
  return element;
}

/** An HTML element with its attributes (`on…` ones are listeners) and children. */
export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Array<Child | Child[]>) =>
  fill(document.createElement(tag), attributes, children);

export const svg = <K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Array<Child | Child[]>) =>
  fill(document.createElementNS('http://www.w3.org/2000/svg', tag), attributes, children);

const pad = (n: number) => String(n).padStart(2, '0');

/** A time as people here read it, in the browser's time zone: 2026-11-23 10:05. */
export function formatTime(iso: string | undefined, seconds = false): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const date = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `${date} ${pad(at.getHours())}:${pad(at.getMinutes())}${seconds ? `:${pad(at.getSeconds())}` : ''}`;
}

/** A length of time in days, hours and minutes: 2 d 3 h, 47 h would read worse. */
export function formatSpan(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const [days, hours, mins] = [Math.floor(minutes / 1440), Math.floor(minutes / 60) % 24, minutes % 60];
  if (days) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours) return mins ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** A table from rows, with a message instead when there are none. */
export function table(headings: string[], rows: HTMLTableRowElement[], empty: string): HTMLElement {
  if (!rows.length) return h('p', { class: 'empty' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, headings.map((heading) => h('th', {}, heading)))), h('tbody', {}, rows));
}

/** A definition list of what is known, leaving out what is not. */
export function facts(entries: Array<[string, Child]>): HTMLElement {
  return h('dl', { class: 'facts' }, ...entries.filter(([, value]) => value !== undefined && value !== null && value !== '').map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

export const badge = (text: string, kind = text.toLowerCase()) => h('span', { class: `badge ${kind}` }, text);
