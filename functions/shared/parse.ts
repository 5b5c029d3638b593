import type { z } from 'zod';
import { badRequest, fromZodError } from './errors.js';

/** Validates a value at a boundary; a failure is a 400 that names the field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, context: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(context, result.error);
  return result.data;
}

/** Reads a JSON request body; unreadable JSON is the sender's error, not ours. */
export function parseJsonBody(body: string | undefined, context: string): unknown {
  if (body === undefined || body === '') throw badRequest(`${context}: the body is empty, a JSON object is expected`);
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw badRequest(`${context}: the body is not valid JSON`);
  }
}
