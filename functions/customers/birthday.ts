/**
 * Birthdays as the customer file keeps them: month and day only ('MM-DD'). Greetings need nothing more, and a birth
 * year is personal data the store has no use for, so a full date is cut down to its month and day when it comes in.
 */

const FULL = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
/** A leap year, so that 02-29 is a real month and day. */
const ANY_LEAP_YEAR = 2000;

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The 'MM-DD' of a birthday given as 'YYYY-MM-DD' or 'MM-DD', or undefined when it is no real date: a full date must
 * exist in its year (1999-02-29 does not); a month and day alone may be 02-29.
 */
export function monthDayOf(birthday: string): string | undefined {
  const full = FULL.exec(birthday);
  if (full) return isRealDate(Number(full[1]), Number(full[2]), Number(full[3])) ? `${full[2]}-${full[3]}` : undefined;
  const short = MONTH_DAY.exec(birthday);
  if (short) return isRealDate(ANY_LEAP_YEAR, Number(short[1]), Number(short[2])) ? birthday : undefined;
  return undefined;
}

export const BIRTHDAY_PROBLEM = "a birthday as 'YYYY-MM-DD' or 'MM-DD', and a real date (02-29 only with a leap year, or without a year)";
