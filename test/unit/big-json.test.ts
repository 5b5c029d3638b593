import { describe, expect, it } from 'vitest';
import { parseJsonKeepingBigIntegers } from '../../functions/webhooks/big-json.js';

describe('parseJsonKeepingBigIntegers', () => {
  it('keeps the exact digits of integers beyond 2^53 as strings', () => {
    expect(parseJsonKeepingBigIntegers('{"id": 820982911946154508}')).toEqual({ id: '820982911946154508' });
    expect(parseJsonKeepingBigIntegers('-820982911946154508')).toBe('-820982911946154508');
    expect(parseJsonKeepingBigIntegers('12345678901234567890123')).toBe('12345678901234567890123');
  });

  it('draws the line at the largest safe integer', () => {
    expect(parseJsonKeepingBigIntegers('[9007199254740991, -9007199254740991, 9007199254740992, -9007199254740992]')).toEqual([
      9007199254740991, -9007199254740991, '9007199254740992', '-9007199254740992',
    ]);
  });

  it('leaves small integers, decimals and exponents as numbers', () => {
    expect(parseJsonKeepingBigIntegers('[0, -0, 12, -3, 199.00, 0.5, 1e3, -2.5E-2, 12345678901234567890.5, 1e20]')).toEqual([
      0, -0, 12, -3, 199, 0.5, 1000, -0.025, 12345678901234567890.5, 1e20,
    ]);
  });

  it('leaves numbers inside strings alone, escapes included', () => {
    const text = String.raw`{"a": "820982911946154508", "b": "x\"820982911946154508\"", "c\\": 820982911946154508, "d": "\\", "e": 1}`;
    expect(parseJsonKeepingBigIntegers(text)).toEqual({
      a: '820982911946154508',
      b: 'x"820982911946154508"',
      'c\\': '820982911946154508',
      d: '\\',
      e: 1,
    });
    expect(parseJsonKeepingBigIntegers('"gid://shopify/Order/820982911946154508"')).toBe('gid://shopify/Order/820982911946154508');
  });

  it('works through nested arrays and objects', () => {
    const text = '{"order": {"lines": [{"id": 866550311766439020, "qty": 1}, [141249953214522974, {"x": null}]], "ok": true}}';
    expect(parseJsonKeepingBigIntegers(text)).toEqual({
      order: { lines: [{ id: '866550311766439020', qty: 1 }, ['141249953214522974', { x: null }]], ok: true },
    });
  });

  it('gives the same result as JSON.parse when there is no big integer', () => {
    const text = '{"a": [1, 2.5, "3", {"b": false}], "c": "d\\u0041\\n"}';
    expect(parseJsonKeepingBigIntegers(text)).toEqual(JSON.parse(text));
  });

  it.each([
    ['empty text', ''],
    ['a trailing comma', '[1, 2,]'],
    ['an unquoted key', '{a: 1}'],
    ['a big number as a key', '{12345678901234567890: 1}'],
    ['a leading zero', '0123'],
    ['an unterminated string', '{"a": "12345678901234567890}'],
    ['a lone minus', '-'],
  ])('throws a SyntaxError for invalid JSON: %s', (_label, text) => {
    expect(() => parseJsonKeepingBigIntegers(text)).toThrow(SyntaxError);
  });
});
