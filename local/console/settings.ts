/** What the user enters once and the page remembers in this browser. */
export interface Settings {
  /** Where the admin API is; empty when the page is served beside it (the local cloud). */
  apiBase: string;
  token: string;
  storeId: string;
  /** Who decides tasks from this browser (`agentId` of a decision). */
  agentId: string;
}

const KEY = 'after-sales-console';

function load(): Settings {
  const empty: Settings = { apiBase: '', token: '', storeId: '', agentId: '' };
  try {
    return { ...empty, ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>) };
  } catch {
    return empty;
  }
}

export const settings: Settings = load();

/**
 * Hosted in AWS, the page is where the user pool's sign-in sends people back to, with their ID token in the
 * address's fragment: it becomes the page's token, and leaves the address (and the browser's history).
 */
export function takeTokenFromSignIn(): void {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('id_token');
  if (!token) return;
  saveSettings({ token });
  history.replaceState(null, '', location.pathname + location.search);
}

export function saveSettings(changes: Partial<Settings>): void {
  Object.assign(settings, changes);
  localStorage.setItem(KEY, JSON.stringify(settings));
}
