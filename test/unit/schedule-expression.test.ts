import { describe, it, expect } from 'vitest';
import { nextRunAfter, parseScheduleExpression } from '../../local/schedules/schedule-expression.js';

// Expected instants are worked out by hand. Calendar facts used: 2024-03-01 is a Friday;
// America/New_York springs forward on 2024-03-10 (02:00 EST -> 03:00 EDT, at 07:00Z) and falls
// back on 2024-11-03 (02:00 EDT -> 01:00 EST, at 06:00Z); Asia/Shanghai is UTC+8 with no DST.
function next(expression: string, timezone: string, after: string): string | undefined {
  return nextRunAfter(parseScheduleExpression(expression), timezone, new Date(after))?.toISOString();
}

describe('cron in a fixed-offset zone', () => {
  it('fires daily at 09:00 Asia/Shanghai, which is 01:00 UTC', () => {
    const daily = 'cron(0 9 * * ? *)';
    expect(next(daily, 'Asia/Shanghai', '2024-03-10T00:30:00Z')).toBe('2024-03-10T01:00:00.000Z');
    expect(next(daily, 'Asia/Shanghai', '2024-03-10T01:00:00Z')).toBe('2024-03-11T01:00:00.000Z');
    expect(next(daily, 'Asia/Shanghai', '2024-03-10T02:00:00Z')).toBe('2024-03-11T01:00:00.000Z');
  });

  it('skips the weekend for MON-FRI and counts day-of-week from Sunday = 1', () => {
    expect(next('cron(0 9 ? * MON-FRI *)', 'UTC', '2024-03-08T10:00:00Z')).toBe('2024-03-11T09:00:00.000Z');
    expect(next('cron(0 9 ? * 2-6 *)', 'UTC', '2024-03-08T10:00:00Z')).toBe('2024-03-11T09:00:00.000Z');
    expect(next('cron(0 12 ? * 1 *)', 'UTC', '2024-03-08T00:00:00Z')).toBe('2024-03-10T12:00:00.000Z');
    // 08:00 Friday in Shanghai is exactly 00:00Z Friday; the weekday test uses the local date.
    expect(next('cron(0 8 ? * mon-fri *)', 'Asia/Shanghai', '2024-03-08T00:00:00Z')).toBe('2024-03-11T00:00:00.000Z');
  });

  it('fires on the 1st of the month at local midnight in Asia/Shanghai', () => {
    const monthly = 'cron(0 0 1 * ? *)';
    expect(next(monthly, 'Asia/Shanghai', '2024-02-29T15:59:59Z')).toBe('2024-02-29T16:00:00.000Z');
    expect(next(monthly, 'Asia/Shanghai', '2024-02-29T16:00:00Z')).toBe('2024-03-31T16:00:00.000Z');
    expect(next(monthly, 'Asia/Shanghai', '2024-12-15T00:00:00Z')).toBe('2024-12-31T16:00:00.000Z');
  });
});

describe('cron across DST in America/New_York', () => {
  it('skips 02:30 on the spring-forward day', () => {
    const at0230 = 'cron(30 2 * * ? *)';
    expect(next(at0230, 'America/New_York', '2024-03-09T00:00:00Z')).toBe('2024-03-09T07:30:00.000Z');
    expect(next(at0230, 'America/New_York', '2024-03-09T08:00:00Z')).toBe('2024-03-11T06:30:00.000Z');
    // Hourly at :30 goes from 01:30 EST straight to 03:30 EDT.
    expect(next('cron(30 * * * ? *)', 'America/New_York', '2024-03-10T06:45:00Z')).toBe('2024-03-10T07:30:00.000Z');
  });

  it('fires a repeated local time once, on its first occurrence, on the fall-back day', () => {
    const at0130 = 'cron(30 1 * * ? *)';
    expect(next(at0130, 'America/New_York', '2024-11-03T00:00:00Z')).toBe('2024-11-03T05:30:00.000Z');
    // Not 06:30Z (the second 01:30, in EST): next is 01:30 EST on Nov 4.
    expect(next(at0130, 'America/New_York', '2024-11-03T05:30:00Z')).toBe('2024-11-04T06:30:00.000Z');
    expect(next('cron(30 2 * * ? *)', 'America/New_York', '2024-11-03T00:00:00Z')).toBe('2024-11-03T07:30:00.000Z');
    expect(next('cron(30 * * * ? *)', 'America/New_York', '2024-11-03T05:45:00Z')).toBe('2024-11-03T07:30:00.000Z');
  });
});

describe('rate', () => {
  it('runs every N units anchored at the Unix epoch, ignoring the time zone', () => {
    expect(next('rate(5 minutes)', 'UTC', '2024-03-10T10:02:30Z')).toBe('2024-03-10T10:05:00.000Z');
    expect(next('rate(5 minutes)', 'Asia/Shanghai', '2024-03-10T10:05:00Z')).toBe('2024-03-10T10:10:00.000Z');
    expect(next('rate(1 hour)', 'UTC', '2024-03-10T10:00:00.001Z')).toBe('2024-03-10T11:00:00.000Z');
    expect(next('rate(1 day)', 'UTC', '2024-03-10T10:00:00Z')).toBe('2024-03-11T00:00:00.000Z');
    // 2024-03-10 is epoch day 19792; 19791 is the last multiple of 3, so the next is day 19794.
    expect(next('rate(3 days)', 'UTC', '2024-03-10T10:00:00Z')).toBe('2024-03-12T00:00:00.000Z');
  });
});

describe('at', () => {
  it('fires once at the local time in the given zone', () => {
    expect(next('at(2030-01-15T09:30:00)', 'Asia/Shanghai', '2024-03-10T00:00:00Z')).toBe('2030-01-15T01:30:00.000Z');
    expect(next('at(2030-01-15T09:30:00)', 'America/New_York', '2024-03-10T00:00:00Z')).toBe('2030-01-15T14:30:00.000Z');
    expect(next('at(2030-01-15T09:30:00)', 'UTC', '2024-03-10T00:00:00Z')).toBe('2030-01-15T09:30:00.000Z');
  });

  it('returns undefined once the time has passed or never exists locally', () => {
    expect(next('at(2020-01-01T00:00:00)', 'UTC', '2024-03-10T00:00:00Z')).toBeUndefined();
    expect(next('at(2030-01-15T09:30:00)', 'UTC', '2030-01-15T09:30:00Z')).toBeUndefined();
    expect(next('at(2024-03-10T02:30:00)', 'America/New_York', '2024-01-01T00:00:00Z')).toBeUndefined();
  });
});

describe('cron field syntax', () => {
  it('supports steps', () => {
    expect(next('cron(0/15 * * * ? *)', 'UTC', '2024-03-10T10:46:00Z')).toBe('2024-03-10T11:00:00.000Z');
    expect(next('cron(*/20 * * * ? *)', 'UTC', '2024-03-10T10:14:00Z')).toBe('2024-03-10T10:20:00.000Z');
    expect(next('cron(5-20/5 9 * * ? *)', 'UTC', '2024-03-10T09:20:00Z')).toBe('2024-03-11T09:05:00.000Z');
    // Days 1, 11, 21, 31: February has no 31st, so after Feb 21 comes Mar 1.
    expect(next('cron(0 0 1/10 * ? *)', 'UTC', '2024-02-21T00:00:00Z')).toBe('2024-03-01T00:00:00.000Z');
  });

  it('supports lists, month names and years', () => {
    expect(next('cron(0 8,12,18 * * ? *)', 'UTC', '2024-03-10T12:00:00Z')).toBe('2024-03-10T18:00:00.000Z');
    expect(next('cron(0 12 1 JAN,JUL ? *)', 'UTC', '2024-03-10T00:00:00Z')).toBe('2024-07-01T12:00:00.000Z');
    expect(next('cron(0 0 1 1 ? 2026)', 'UTC', '2024-03-10T00:00:00Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(next('cron(0 0 29 2 ? *)', 'UTC', '2024-03-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('returns undefined when the cron can never fire again', () => {
    expect(next('cron(0 0 1 1 ? 2020)', 'UTC', '2024-03-10T00:00:00Z')).toBeUndefined();
    expect(next('cron(0 0 30 2 ? *)', 'UTC', '2024-03-10T00:00:00Z')).toBeUndefined();
  });
});

describe('bad input', () => {
  it.each([
    ['every 5 minutes', /expected rate\(\.\.\.\), cron\(\.\.\.\) or at\(\.\.\.\)/],
    ['cron(0 9 * * *)', /6 fields.*got 5/],
    ['cron(0 9 * * * *)', /exactly one of day-of-month and day-of-week must be "\?"/],
    ['cron(0 9 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(? 9 * * ? *)', /"\?" is only allowed in day-of-month or day-of-week, not minutes/],
    ['cron(60 * * * ? *)', /minutes value 60 is out of range 0-59/],
    ['cron(0 0 ? * 8 *)', /day-of-week value 8 is out of range 1-7/],
    ['cron(0 0 ? * FOO *)', /"FOO" is not a valid day-of-week value/],
    ['cron(30-10 * * * ? *)', /range "30-10" in minutes starts after it ends/],
    ['cron(*/0 * * * ? *)', /step .* must be a positive integer/],
    ['cron(0 0 L * ? *)', /L, W and # are not supported/],
    ['cron(0 0 15W * ? *)', /L, W and # are not supported/],
    ['cron(0 0 ? * 6#3 *)', /L, W and # are not supported/],
    ['rate(0 minutes)', /positive integer/],
    ['rate(5 minute)', /must be "minutes" for value 5/],
    ['rate(1 hours)', /must be "hour" for value 1/],
    ['rate(2 weeks)', /rate unit "weeks" must be minute\(s\), hour\(s\) or day\(s\)/],
    ['at(2024-13-01T00:00:00)', /not a valid date and time/],
    ['at(2024-02-30T00:00:00)', /not a valid date and time/],
    ['at(2024-02-01 00:00:00)', /yyyy-mm-ddThh:mm:ss/],
  ])('rejects %s', (expression, message) => {
    expect(() => parseScheduleExpression(expression)).toThrow(message);
    expect(() => parseScheduleExpression(expression)).toThrow(`Invalid schedule expression "${expression}"`);
  });

  it('rejects an unknown time zone', () => {
    expect(() => nextRunAfter(parseScheduleExpression('rate(1 hour)'), 'Mars/Olympus', new Date(0))).toThrow(
      /Invalid time zone "Mars\/Olympus"/,
    );
  });
});

describe('efficiency', () => {
  it('finds a rare cron without scanning minute by minute', () => {
    const started = performance.now();
    expect(next('cron(0 0 29 2 ? *)', 'America/New_York', '2097-03-01T00:00:00Z')).toBe('2104-02-29T05:00:00.000Z');
    expect(performance.now() - started).toBeLessThan(500);
  });
});
