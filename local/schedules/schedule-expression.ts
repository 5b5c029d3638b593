// Next-fire-time calculation for Amazon EventBridge Scheduler expressions (rate, cron, at),
// so the local cloud can trigger schedules the way AWS would.

const MINUTE_MS = 60_000, HOUR_MS = 60 * MINUTE_MS, DAY_MS = 24 * HOUR_MS;

interface CronFields {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  readonly months: readonly number[];
  /** 1 = Sunday ... 7 = Saturday, as in AWS. */
  readonly daysOfWeek: readonly number[];
  readonly years: readonly number[];
}

export type ScheduleSpec =
  | { readonly kind: 'rate'; readonly periodMs: number }
  | { readonly kind: 'cron'; readonly fields: CronFields }
  /** `wallMs` is the local wall-clock time encoded as if it were UTC; the zone is applied later. */
  | { readonly kind: 'at'; readonly wallMs: number };

export interface ScheduleExpression {
  readonly source: string;
  readonly spec: ScheduleSpec;
}

const RATE_UNITS = new Map([['minute', MINUTE_MS], ['hour', HOUR_MS], ['day', DAY_MS]]);

interface FieldSpec { readonly name: string; readonly min: number; readonly max: number; readonly names?: readonly string[] }

const CRON_FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2199 },
];

export function parseScheduleExpression(expression: string): ScheduleExpression {
  const source = expression.trim();
  try {
    const match = /^(rate|cron|at)\((.*)\)$/.exec(source);
    if (!match) throw new Error('expected rate(...), cron(...) or at(...)');
    const body = (match[2] ?? '').trim();
    const spec = match[1] === 'rate' ? parseRate(body) : match[1] === 'cron' ? parseCron(body) : parseAt(body);
    return { source, spec };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Invalid schedule expression "${expression}": ${detail}`);
  }
}

function parseRate(body: string): ScheduleSpec {
  const match = /^(\d+)\s+([a-z]+)$/.exec(body);
  if (!match) throw new Error('rate expects "rate(value unit)", e.g. rate(5 minutes)');
  const value = Number(match[1]);
  const unit = match[2] ?? '';
  const singular = unit.endsWith('s') ? unit.slice(0, -1) : unit;
  const unitMs = RATE_UNITS.get(singular);
  if (unitMs === undefined) throw new Error(`rate unit "${unit}" must be minute(s), hour(s) or day(s)`);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error('rate value must be a positive integer');
  // AWS rejects rate(1 hours) and rate(5 hour); matching that keeps local configs deployable.
  const expected = value === 1 ? singular : `${singular}s`;
  if (unit !== expected) throw new Error(`rate unit must be "${expected}" for value ${value}`);
  return { kind: 'rate', periodMs: value * unitMs };
}

function parseCron(body: string): ScheduleSpec {
  const parts = body.split(/\s+/);
  if (parts.length !== 6) {
    throw new Error(`cron expects 6 fields (minutes hours day-of-month month day-of-week year), got ${parts.length}`);
  }
  // AWS never combines day-of-month with day-of-week, so exactly one must be the "no value" marker.
  if ((parts[2] === '?') === (parts[4] === '?')) {
    throw new Error('exactly one of day-of-month and day-of-week must be "?"');
  }
  const [minutes = [], hours = [], daysOfMonth = [], months = [], daysOfWeek = [], years = []] = CRON_FIELDS.map(
    (spec, i) => {
      const text = parts[i] ?? '';
      if (text !== '?') return parseField(text, spec);
      if (i !== 2 && i !== 4) throw new Error(`"?" is only allowed in day-of-month or day-of-week, not ${spec.name}`);
      return range(spec.min, spec.max, 1);
    },
  );
  return { kind: 'cron', fields: { minutes, hours, daysOfMonth, months, daysOfWeek, years } };
}

function parseField(text: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [rangeText = '', stepText, extra] = part.split('/');
    if (extra !== undefined) throw new Error(`"${part}" in ${spec.name} has more than one "/"`);
    let lo = spec.min;
    let hi = spec.max;
    if (rangeText !== '*') {
      const [from = '', to, more] = rangeText.split('-');
      if (more !== undefined) throw new Error(`"${part}" in ${spec.name} is not a valid range`);
      lo = parseValue(from, spec, part);
      // A bare start with a step ("5/15") runs to the end of the field, as in AWS.
      hi = to !== undefined ? parseValue(to, spec, part) : stepText !== undefined ? spec.max : lo;
      if (lo > hi) throw new Error(`range "${part}" in ${spec.name} starts after it ends`);
    }
    if (stepText !== undefined && !/^[1-9]\d*$/.test(stepText)) {
      throw new Error(`step in "${part}" of ${spec.name} must be a positive integer`);
    }
    for (const value of range(lo, hi, stepText === undefined ? 1 : Number(stepText))) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

function parseValue(token: string, spec: FieldSpec, part: string): number {
  const upper = token.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return spec.min + named;
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    if (value < spec.min || value > spec.max) {
      throw new Error(`${spec.name} value ${token} is out of range ${spec.min}-${spec.max}`);
    }
    return value;
  }
  if (/[LW#]/.test(upper)) throw new Error(`"${part}" in ${spec.name}: L, W and # are not supported`);
  throw new Error(`"${part}" is not a valid ${spec.name} value`);
}

const range = (lo: number, hi: number, step: number): number[] =>
  Array.from({ length: Math.floor((hi - lo) / step) + 1 }, (_, i) => lo + i * step);

function parseAt(body: string): ScheduleSpec {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!match) throw new Error('at expects "at(yyyy-mm-ddThh:mm:ss)"');
  const n = (i: number): number => Number(match[i]);
  const wallMs = Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6));
  // Date.UTC silently rolls over out-of-range parts (Feb 30 -> Mar 1); a round trip catches that.
  if (Number.isNaN(wallMs) || new Date(wallMs).toISOString().slice(0, 19) !== body) {
    throw new Error(`"${body}" is not a valid date and time`);
  }
  return { kind: 'at', wallMs };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      throw new Error(`Invalid time zone "${timeZone}": expected an IANA name such as "UTC" or "Asia/Shanghai"`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock reading of an instant, encoded as if UTC so local dates can be compared as plain numbers. */
function wallClock(formatter: Intl.DateTimeFormat, instantMs: number): number {
  const parts = formatter.formatToParts(instantMs);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

function offsetAt(formatter: Intl.DateTimeFormat, instantMs: number): number {
  return wallClock(formatter, instantMs) - Math.floor(instantMs / 1000) * 1000;
}

/**
 * Instant for a wall-clock time, given the offsets in force shortly before and after it. Equal
 * offsets (every day but transition days) need no further Intl calls. On a transition day a
 * wall time may match no offset (spring-forward gap: skipped) or both (fall-back: the earlier
 * instant wins, so the schedule fires once).
 */
function toInstant(formatter: Intl.DateTimeFormat, wallMs: number, before: number, after: number): number | undefined {
  if (before === after) return wallMs - before;
  const valid = [wallMs - before, wallMs - after].filter((t) => wallClock(formatter, t) === wallMs);
  return valid.length > 0 ? Math.min(...valid) : undefined;
}

export function nextRunAfter(expression: ScheduleExpression, timezone: string, after: Date): Date | undefined {
  const afterMs = after.getTime();
  if (Number.isNaN(afterMs)) throw new Error('nextRunAfter: "after" is not a valid date');
  const formatter = formatterFor(timezone);
  const { spec } = expression;
  switch (spec.kind) {
    case 'rate':
      // Anchored at the Unix epoch (UTC) so every run of the emulator agrees on the fire times.
      return new Date((Math.floor(afterMs / spec.periodMs) + 1) * spec.periodMs);
    case 'at': {
      const t = toInstant(formatter, spec.wallMs,
        offsetAt(formatter, spec.wallMs - 2 * DAY_MS), offsetAt(formatter, spec.wallMs + 2 * DAY_MS));
      return t !== undefined && t > afterMs ? new Date(t) : undefined;
    }
    case 'cron':
      return nextCronRun(spec.fields, formatter, afterMs);
  }
}

function nextCronRun(fields: CronFields, formatter: Intl.DateTimeFormat, afterMs: number): Date | undefined {
  // With fall-back resolved to the first occurrence, no fire later than `after` has an earlier
  // wall-clock time than `after`, so everything before its local day and hour can be skipped.
  const start = new Date(wallClock(formatter, afterMs));
  const startYear = start.getUTCFullYear();
  const startMonth = start.getUTCMonth() + 1;
  const startDayMs = Date.UTC(startYear, startMonth - 1, start.getUTCDate());
  for (const year of fields.years) {
    if (year < startYear) continue;
    for (const month of fields.months) {
      if (year === startYear && month < startMonth) continue;
      const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
      for (const day of fields.daysOfMonth) {
        if (day > daysInMonth) break;
        const dayMs = Date.UTC(year, month - 1, day);
        if (dayMs < startDayMs || !fields.daysOfWeek.includes(new Date(dayMs).getUTCDay() + 1)) continue;
        // A window wide enough for any zone's offset to cover the whole local day.
        const before = offsetAt(formatter, dayMs - 2 * DAY_MS);
        const after = offsetAt(formatter, dayMs + 3 * DAY_MS);
        for (const hour of fields.hours) {
          if (dayMs === startDayMs && hour < start.getUTCHours()) continue;
          for (const minute of fields.minutes) {
            const t = toInstant(formatter, dayMs + hour * HOUR_MS + minute * MINUTE_MS, before, after);
            if (t !== undefined && t > afterMs) return new Date(t);
          }
        }
      }
    }
  }
  return undefined;
}
