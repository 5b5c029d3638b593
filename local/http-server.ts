import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { maskPersonalText } from '../functions/shared/personal-data.js';
import { tokenRequestSchema, type LocalJwtAuthorizer } from './jwt-authorizer.js';
import { LocalHttpApi } from './api-gateway.js';
import type { LocalLambdas } from './lambda.js';
import { consolePage } from './console-page.js';
import { AwsApiError } from './aws-api-error.js';
import { decodePathSegment, HttpError } from './http-error.js';
import type { LocalScheduler } from './schedules/scheduler.js';
import type { Activity } from './activity.js';
import type { InvoiceBody, MessageBody, RefundBody, ServiceSimulator, ShipmentBody } from './service-simulator.js';
import type { FaultInjector } from './faults.js';

/** API Gateway answers 413 above its payload limit before any function runs. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;
export const STEP_FUNCTIONS_PATH = '/aws/states';
export const SECRETS_MANAGER_PATH = '/aws/secretsmanager';

/**
 * The local cloud's own errors, on stderr beside the functions' logs and masked as they are: an error thrown
 * through a function can quote the data it was working on.
 */
export function logLocalError(what: string, error: unknown): void {
  console.error(`local cloud: ${what}`, maskPersonalText(inspect(error)));
}

/** An AWS JSON-protocol service: the operation named in `X-Amz-Target`, the body as JSON. */
export type AwsJsonService = (operation: string, body: Record<string, unknown>) => unknown;

export interface LocalServerParts {
  api: LocalHttpApi;
  lambdas: LocalLambdas;
  /** AWS services the functions reach through the SDK, by path (`AWS_ENDPOINT_URL_<SERVICE>` points here). */
  awsServices: Record<string, AwsJsonService>;
  scheduler: LocalScheduler;
  activity: Activity;
  /** The clock as JSON, and moving it: `{ advance: "<ISO duration>" }` or `{ set: "<ISO time>" }`. */
  clockNow: () => { now: string };
  moveClock: (body: unknown) => Promise<{ now: string }>;
  /** Called after each request to the HTTP API, so what it stored is processed right away. */
  afterRequest: () => void;
  /** Simulators of the services outside AWS that the product calls. */
  payments: ServiceSimulator<RefundBody>;
  fulfilment: ServiceSimulator<ShipmentBody>;
  invoicing: ServiceSimulator<InvoiceBody>;
  messaging: ServiceSimulator<MessageBody>;
  /** Faults injected into DynamoDB and the functions (`/local/faults`). */
  faults: FaultInjector;
  /** API Gateway's JWT authorizer for the routes the template protects with one. */
  authorizer: LocalJwtAuthorizer;
}

export const PAYMENTS_PATH = '/local/payments';
export const FULFILMENT_PATH = '/local/fulfilment';
export const INVOICING_PATH = '/local/invoicing';
export const MESSAGING_PATH = '/local/messaging';

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const contentType = Buffer.isBuffer(body) || typeof body === 'string' ? {} : { 'content-type': 'application/json; charset=utf-8' };
  response.writeHead(status, { ...contentType, ...headers, 'content-length': String(payload.length) });
  response.end(payload);
}

function parseJson(body: Buffer): unknown {
  try {
    return body.length ? (JSON.parse(body.toString('utf8')) as unknown) : {};
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
}

/** The local cloud's one HTTP server: the HTTP API from the template, the Step Functions API, and local routes. */
export function createLocalServer(parts: LocalServerParts): Server {
  /** Local routes move the clock and wait for the cloud to settle, so they must not count as activity. */
  async function handleLocal(request: IncomingMessage, method: string, url: URL, body: Buffer, response: ServerResponse): Promise<boolean> {
    if (method === 'GET' && url.pathname === '/health') return (send(response, 200, { status: 'ok' }), true);
    if (method === 'GET' && url.pathname === '/') return (send(response, 200, await consolePage(), { 'content-type': 'text/html; charset=utf-8' }), true);
    if (url.pathname === '/local/clock' && method === 'GET') return (send(response, 200, parts.clockNow()), true);
    if (url.pathname === '/local/clock' && method === 'POST') return (send(response, 200, await parts.moveClock(parseJson(body))), true);
    if (method === 'GET' && url.pathname === '/local/faults') return (send(response, 200, parts.faults.view()), true);
    if (method === 'POST' && url.pathname === '/local/faults') return (send(response, 200, parts.faults.configure(parseJson(body))), true);
    if (method === 'GET' && url.pathname === '/local/schedules') return (send(response, 200, { items: parts.scheduler.list() }), true);
    if (url.pathname.startsWith(`${PAYMENTS_PATH}/`)) return handleSimulator(parts.payments, url.pathname.slice(PAYMENTS_PATH.length), method, body, request, response);
    if (url.pathname.startsWith(`${FULFILMENT_PATH}/`)) return handleSimulator(parts.fulfilment, url.pathname.slice(FULFILMENT_PATH.length), method, body, request, response);
    if (url.pathname.startsWith(`${INVOICING_PATH}/`)) return handleSimulator(parts.invoicing, url.pathname.slice(INVOICING_PATH.length), method, body, request, response);
    if (url.pathname.startsWith(`${MESSAGING_PATH}/`)) return handleSimulator(parts.messaging, url.pathname.slice(MESSAGING_PATH.length), method, body, request, response);
    if (method === 'POST' && url.pathname === '/local/tokens') {
      // Only an administrator hands out agents' tokens, as only an administrator adds users to the user pool.
      const claims = parts.authorizer.authorize(request.headers.authorization, new Date());
      if (!claims?.['cognito:groups']?.includes('admin')) throw new HttpError(401, 'an administrator\'s bearer token is needed to issue tokens');
      const parsed = tokenRequestSchema.safeParse(parseJson(body));
      if (!parsed.success) throw new HttpError(400, `the token request: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ')}`);
      return (send(response, 200, parts.authorizer.issue(parsed.data, new Date())), true);
    }
    const scheduleRun = /^\/local\/schedules\/([^/]+)\/run$/.exec(url.pathname);
    if (method === 'POST' && scheduleRun) {
      const name = decodePathSegment(scheduleRun[1] ?? '');
      if (!parts.scheduler.has(name)) throw new HttpError(404, `no schedule named "${name}"`);
      const result = await parts.scheduler.run(name);
      send(response, 200, { name, result });
      return true;
    }
    return false;
  }

  /** A simulated outside service: what its adapter talks to, its ledger, and fault injection. */
  async function handleSimulator<Body extends object>(
    simulator: ServiceSimulator<Body>,
    path: string,
    method: string,
    body: Buffer,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<boolean> {
    const key = request.headers['idempotency-key'];
    const answer = await simulator.serve(method, path, typeof key === 'string' ? key : undefined, parseJson(body));
    if (!answer) return false;
    // A held-back answer may come after the caller gave up and closed the connection.
    if (!response.destroyed) send(response, answer.status, answer.body);
    return true;
  }

  /** The AWS side: the Step Functions API and the template's HTTP API, counted as activity while they run. */
  async function handleAws(request: IncomingMessage, method: string, url: URL, body: Buffer, response: ServerResponse): Promise<void> {
    const service = method === 'POST' ? parts.awsServices[url.pathname.replace(/\/$/, '')] : undefined;
    if (service) {
      const operation = String(request.headers['x-amz-target'] ?? '').replace(/^[^.]*\./, '');
      const contentType = { 'content-type': String(request.headers['content-type'] ?? 'application/x-amz-json-1.0') };
      try {
        return send(response, 200, service(operation, parseJson(body) as Record<string, unknown>), contentType);
      } catch (error) {
        if (error instanceof AwsApiError) return send(response, 400, { __type: error.type, message: error.message }, contentType);
        throw error;
      }
    }
    const matched = parts.api.match(method, url.pathname);
    if (!matched) throw new HttpError(404, `no route for ${method} ${url.pathname}`);
    const event = LocalHttpApi.event(request, url, body, matched.route.routeKey, matched.pathParameters, request.socket.remoteAddress ?? '127.0.0.1');
    if (matched.route.jwt) {
      const claims = parts.authorizer.authorize(request.headers.authorization, new Date());
      if (!claims) return send(response, 401, { message: 'Unauthorized' });
      Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes: null } } });
    }
    const result = LocalHttpApi.response(await parts.lambdas.invoke(matched.route.functionArn, event));
    send(response, result.status, result.body, result.headers);
    parts.afterRequest();
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    if (await handleLocal(request, method, url, body, response)) return;
    await parts.activity.track(() => handleAws(request, method, url, body, response));
  }

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
        if (response.headersSent) return;
        if (error instanceof HttpError) return send(response, error.status, { error: { message: error.message } });
        logLocalError('request failed', error);
        send(response, 500, { error: { message: 'internal error in the local cloud' } });
      });
  });
}
