import { describe, expect, it } from 'vitest';
import { decimalToFen } from '../../functions/webhooks/money.js';

describe('decimalToFen', () => {
  it.each([
    ['199.00', 19900],
    ['0.5', 50],
    ['12', 1200],
    ['0.29', 29],
    ['1.10', 110],
    ['10.0', 1000],
    ['10.000', 1000],
    ['0', 0],
    ['0.00', 0],
    ['-5.00', -500],
    [' 7.5 ', 750],
    ['90071992547409.91', 9007199254740991],
  ])('reads the string %j as %i fen', (value, fen) => {
    expect(decimalToFen(value)).toBe(fen);
  });

  it.each([
    [199, 19900],
    [0.5, 50],
    [0.29, 29],
    [1.15, 115],
    [3, 300],
    [0, 0],
  ])('reads the number %d as %i fen, without float error', (value, fen) => {
    expect(decimalToFen(value)).toBe(fen);
  });

  it.each(['1.234', '0.001', 1.005])('refuses %j: more than 2 decimals', (value) => {
    expect(() => decimalToFen(value)).toThrow(/more than 2 decimals/);
  });

  it.each(['', 'abc', '1,00', '1.', '.5', '+1', '1e3', '12 CNY', Number.NaN, Number.POSITIVE_INFINITY, 1e21])(
    'refuses %j: not a decimal amount',
    (value) => {
      expect(() => decimalToFen(value)).toThrow(/not (a decimal amount|an amount) of money/);
    },
  );

  it('refuses an amount too large to count exactly in fen', () => {
    expect(() => decimalToFen('90071992547409.92')).toThrow(/too large/);
  });
});
