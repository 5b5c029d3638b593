const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Adds an ISO-8601 duration (`P2D`, `PT48H`, `P1M`, `PT30M10S`) to a time. Years and months are calendar
 * steps in UTC; the rest are exact. Returns undefined for text that is not such a duration.
 */
export function addIsoDuration(from: number, duration: string): number | undefined {
  const match = PATTERN.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) return undefined;
  const [years, months, weeks, days, hours, minutes] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const seconds = Number(match[7] ?? 0);
  const date = new Date(from);
  if (years || months) {
    // Calendar months end on their last day: 31 January + 1 month is 28 (or 29) February, not 3 March.
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + (years ?? 0) * 12 + (months ?? 0));
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
  }
  return date.getTime() + ((((weeks ?? 0) * 7 + (days ?? 0)) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60_000 + seconds * 1000;
}
