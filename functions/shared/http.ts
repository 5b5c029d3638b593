import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { AppError } from './errors.js';
import { logger } from './logger.js';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export function json(statusCode: number, body: unknown): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

/** The single place where typed errors become answers: a 4xx names what is wrong, a 5xx never shows internals. */
export function errorResponse(error: unknown): HttpResult {
  if (error instanceof AppError) {
    return json(error.status, { error: { message: error.message, ...(error.issues ? { issues: error.issues } : {}) } });
  }
  logger.error('unexpected error', { error: error instanceof Error ? error : String(error) });
  return json(500, { error: { message: 'internal error; the request was not completed, please retry' } });
}

/** Wraps an HTTP handler: the body of the handler only deals with the happy path and typed errors. */
export function httpHandler(fn: (event: HttpEvent, context: Context) => Promise<HttpResult>) {
  return middy<HttpEvent, HttpResult>().handler(async (event, context) => {
    try {
      return await fn(event, context);
    } catch (error) {
      return errorResponse(error);
    }
  });
}

export function header(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** The body as the sender sent it, bytes intact: signatures are computed over these bytes. */
export function rawBody(event: HttpEvent): Buffer {
  if (event.body === undefined) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}
