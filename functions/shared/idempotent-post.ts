import { z } from 'zod';
import { requiredEnv } from './env.js';

/**
 * A service outside AWS did not confirm (down, refused, or too slow). Each port names its own subclass, because
 * the state machines' Retry and Catch rules match the error by its name.
 */
export class NotConfirmed extends Error {}

export interface IdempotentPost<T> {
  url: string;
  /** The same key on a retry lets the service answer with what it did the first time instead of doing it again. */
  idempotencyKey: string;
  body: unknown;
  /** The answer that confirms the service did it; anything else counts as not confirmed. */
  answer: z.ZodType<T>;
  timeoutMs: number;
  /** Who is called, as the error messages name it ("the payment provider"). */
  service: string;
  /** The error a caller retries on: the service may or may not have acted, and only a retry with the key can tell. */
  unavailable: new (message: string) => Error;
}

/**
 * POSTs JSON to a service outside AWS in the common shape of such APIs (an `Idempotency-Key` header).
 * No answer in time, a non-2xx answer and an answer that is not the expected one all throw the caller's
 * error, because for the caller they mean the same thing: not confirmed, retry with the same key.
 */
export async function postIdempotently<T>(request: IdempotentPost<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    throw new request.unavailable(`${request.service} did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) {
    // Releases the connection now rather than when the unread body is collected.
    await response.body?.cancel().catch(() => undefined);
    throw new request.unavailable(`${request.service} answered ${response.status}`);
  }
  const answer = request.answer.safeParse(await response.json().catch(() => null));
  if (!answer.success) throw new request.unavailable(`${request.service} answered with something unexpected: ${z.prettifyError(answer.error)}`);
  return answer.data;
}

const timeoutSchema = z.coerce.number().int().positive().default(5000);

/** Where an outside service is and how long to wait for it: the URL is required (nothing is ever pretended), the wait defaults to 5 s. */
export function outsideServiceFromEnv(urlVariable: string, timeoutVariable: string): { baseUrl: string; timeoutMs: number } {
  const timeoutMs = timeoutSchema.safeParse(process.env[timeoutVariable] || undefined);
  if (!timeoutMs.success) throw new Error(`environment variable ${timeoutVariable} must be a whole number of milliseconds`);
  return { baseUrl: requiredEnv(urlVariable), timeoutMs: timeoutMs.data };
}
