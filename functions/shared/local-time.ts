/**
 * The store's calendar: "daily", "9 am", "a birthday" and "N days after delivery" mean the store's local day and
 * hour (DOMAIN.md: the store's time zone, default Asia/Shanghai), not UTC's.
 */

const parts = (at: Date, timezone: string) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;

/** The date of `now` in the store's time zone (YYYY-MM-DD). */
export function localDate(now: Date, timezone: string): string {
  const { year, month, day } = parts(now, timezone);
  return `${year}-${month}-${day}`;
}

/** The month (YYYY-MM) it is in the store's time zone: a monthly batch or summary is the store's month. */
export function localMonth(at: Date, timezone: string): string {
  return localDate(at, timezone).slice(0, 7);
}

/** The local time of day, HH:MM. */
export function localTimeOfDay(at: Date, timezone: string): string {
  const { hour, minute } = parts(at, timezone);
  return `${hour}:${minute}`;
}

const DAY_MS = 86_400_000;

/** How far the zone's wall clock is ahead of UTC at that moment. */
function offsetMs(at: number, timezone: string): number {
  const p = parts(new Date(at), timezone);
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - Math.floor(at / 1000) * 1000;
}

/**
 * The moment a local date and time (HH:MM) happens in the zone. A time the clock shows twice (autumn) is the first
 * of the two; a time the clock skips (spring) is as far into the jump as it names (02:30 → 03:30), never before it.
 */
export function localMoment(date: string, time: string, timezone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // The offsets a day either side: a zone changes its clock at most once in that span.
  const before = offsetMs(wall - DAY_MS, timezone);
  const after = offsetMs(wall + DAY_MS, timezone);
  const earlier = Math.min(wall - before, wall - after);
  const later = Math.max(wall - before, wall - after);
  if (offsetMs(earlier, timezone) === wall - earlier) return new Date(earlier);
  if (offsetMs(later, timezone) === wall - later) return new Date(later);
  // Skipped: the wall time read with the offset from before the change lies past the jump.
  return new Date(wall - before);
}

/** A local day as the UTC instants it spans, [from, to), for querying keys kept in UTC. */
export function localDayInUtc(date: string, timezone: string): { from: string; to: string } {
  return { from: localMoment(date, '00:00', timezone).toISOString(), to: localMoment(addDays(date, 1), '00:00', timezone).toISOString() };
}

/** A calendar date moved by whole days (negative: back). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
