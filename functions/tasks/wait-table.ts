/** Helpers every workflow's transition table shares: which wait a task kind is, and what people may do there. */

/** The state whose wait has this task kind, if any. */
export function waitingStatusOf<W extends Record<string, { kind: string }>>(waits: W, kind: string): keyof W | undefined {
  return (Object.keys(waits) as Array<keyof W>).find((status) => waits[status]?.kind === kind);
}

/** The actions people may take in a state: its rows, less those the product takes itself (rules, deadlines). */
export function offeredActions(rows: ReadonlyArray<{ from: string; actor: string; action: string }>, status: string): string[] {
  return [...new Set(rows.filter((row) => row.from === status && row.actor !== 'timeout' && row.actor !== 'rule').map((row) => row.action))];
}
