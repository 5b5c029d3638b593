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

export function saveSettings(changes: Partial<Settings>): void {
  Object.assign(settings, changes);
  localStorage.setItem(KEY, JSON.stringify(settings));
}
