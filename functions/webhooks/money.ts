import { z } from 'zod';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * A storefront's decimal amount ("199.00", "0.5", 12) in integer fen. The decimal point is moved in the
 * digits, never by multiplying a float, so 0.29 is 29 and not 28.999999999999996.
 * Trailing zeros are fine ("10.000"); a third significant decimal is refused, since no fen can hold it.
 */
export function decimalToFen(value: string | number): number {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${value} is not an amount of money`);
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new Error(`"${String(value)}" is not a decimal amount of money`);
  const [, sign, whole = '', fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > 2) throw new Error(`"${String(value)}" has more than 2 decimals, which whole fen cannot express`);
  const fen = Number(`${whole}${significant.padEnd(2, '0')}`);
  if (!Number.isSafeInteger(fen)) throw new Error(`"${String(value)}" is too large an amount of money`);
  return sign === '-' && fen !== 0 ? -fen : fen;
}

/** A decimal amount read at a boundary: a bad one becomes a validation issue on its field, not a crash. */
export const decimalFen = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return decimalToFen(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    return z.NEVER;
  }
});
