import { ScanCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';

// What the fuzz tests of the input surfaces share: JSON documents changed in one place, the values that break
// careless code, and what a refusal must look like.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What is done at the place a mutation reaches: its value replaced, the place dropped, or a key added there. */
export type Edit = { kind: 'replace'; value: Json } | { kind: 'drop' } | { kind: 'add'; key: string; value: Json };

const isObject = (value: Json): value is { [key: string]: Json } => value !== null && typeof value === 'object' && !Array.isArray(value);

function applied(value: Json, edit: Edit): Json {
  if (edit.kind === 'replace') return edit.value;
  if (edit.kind === 'drop') return null;
  return isObject(value) ? { ...value, [edit.key]: edit.value } : { [edit.key]: edit.value };
}

/**
 * The document with one place changed. Each step of the path picks a key or an element by its position (modulo their
 * number), so any list of numbers reaches somewhere; the walk stops early at a scalar or an empty container.
 */
export function mutate(value: Json, path: readonly number[], edit: Edit): Json {
  const [step = 0, ...rest] = path;
  const size = Array.isArray(value) ? value.length : isObject(value) ? Object.keys(value).length : 0;
  if (path.length === 0 || size === 0) return applied(value, edit);
  const dropHere = rest.length === 0 && edit.kind === 'drop';
  if (Array.isArray(value)) {
    const index = step % size;
    return dropHere ? value.filter((_, i) => i !== index) : value.map((item, i) => (i === index ? mutate(item, rest, edit) : item));
  }
  const object = value as { [key: string]: Json };
  const key = Object.keys(object)[step % size] as string;
  if (dropHere) return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
  return { ...object, [key]: mutate(object[key] as Json, rest, edit) };
}

/** Names every object answers through its prototype: where code looks a sent name up in a table, these surprise it. */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];

/** Stand-ins for numbers JSON can write but JavaScript cannot hold; `toBody` writes them as such. */
const HUGE = '@huge-number';
const LONG_INTEGER = '@long-integer';

/** A request body: the document as JSON, the stand-ins written as a number beyond a double and an integer beyond 2^53. */
export const toBody = (document: Json): string =>
  JSON.stringify(document).replaceAll(`"${HUGE}"`, '1e400').replaceAll(`"${LONG_INTEGER}"`, '123456789012345678901234567890');

/** Values that break careless code: huge, negative and fractional numbers, wrong types, long and odd strings, prototype names. */
export const edgyJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(-1, 0, 0.5, -0.01, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e21, 1e308, -1e308, HUGE, LONG_INTEGER),
  fc.constantFrom<Json>('', ' ', '%', '%zz', '\u0000', '\u202e', '😀', '</script>', 'x'.repeat(5000), true, [], {}, ...PROTOTYPE_NAMES),
  fc.record({ name: fc.constantFrom(...PROTOTYPE_NAMES), value: fc.jsonValue() as fc.Arbitrary<Json> }).map(({ name, value }): Json => ({ [name]: value })),
);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: edgyJson.map((value): Edit => ({ kind: 'replace', value })) },
  { weight: 1, arbitrary: fc.constant<Edit>({ kind: 'drop' }) },
  { weight: 1, arbitrary: fc.record({ key: fc.oneof(fc.string(), fc.constantFrom(...PROTOTYPE_NAMES)), value: edgyJson }).map((added): Edit => ({ kind: 'add', ...added })) },
);

/** A document changed in one place. */
export const mutatedFrom = (document: Json): fc.Arbitrary<Json> =>
  fc.tuple(fc.array(fc.nat(40), { maxLength: 6 }), edit).map(([path, change]) => mutate(document, path, change));

/** A document changed in one place, as it would be sent. */
export const mutationOf = (document: Json): fc.Arbitrary<string> => mutatedFrom(document).map(toBody);

/** Any request body: arbitrary JSON, the valid document changed in one place, or text that is no JSON at all. */
export const bodyAround = (document: Json): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 2, arbitrary: edgyJson.map(toBody) },
    { weight: 5, arbitrary: mutationOf(document) },
    { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('', '{', 'null', '[]', '{"a":1}}', toBody(document).slice(0, -1))) },
  );

/** Text for a URL: random, long, percent signs that escape nothing, the prototype's names. */
export const edgyText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', '%', '%zz', '%E0%A4%A', '..', '/', 'a'.repeat(3000), ...PROTOTYPE_NAMES),
);

/** A 4xx as the API promises it: JSON `{ error: { message } }` telling the sender what is wrong, never a stack trace. */
export async function expectRefusal(response: Response): Promise<void> {
  expect(response.status, 'a refusal').toBeGreaterThanOrEqual(400);
  expect(response.status, 'a refusal, not a failure').toBeLessThan(500);
  const text = await response.text();
  const answer = JSON.parse(text) as { error?: { message?: unknown } };
  expect(answer.error?.message, text).toEqual(expect.any(String));
  // A stack frame names a function and its file:line:column.
  expect(text).not.toMatch(/\bat \S+ \(\S+:\d+:\d+\)|node_modules/);
}

/** How many items a table of the local cloud holds. */
export async function itemCount(cloud: LocalCloud, table: string | undefined): Promise<number> {
  const db = DynamoDBDocumentClient.from(cloud.dynamo);
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: start }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}
