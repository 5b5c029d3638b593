/** Where the page is: `#/cases/<id>?status=open` → path parts and query. */
export interface Route {
  parts: string[];
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const [path = '', search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(search) };
}

/** `?a=1&b=2` of the values given, leaving out the empty ones (`''` when none is left). */
export function queryString(values: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return search ? `?${search}` : '';
}

/** A link within the page. */
export const href = (parts: string[], query: Record<string, string | undefined> = {}) => `#/${parts.map(encodeURIComponent).join('/')}${queryString(query)}`;

const REFRESH = 'console-refresh';

/** Draws the current view again, with fresh data. */
export const refresh = () => window.dispatchEvent(new Event(REFRESH));
export const onRefresh = (listener: () => void) => window.addEventListener(REFRESH, listener);
