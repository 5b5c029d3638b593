import { randomUUID } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

/** The header the benchmark's SDK middleware sets on the product's DynamoDB requests: which function made it. */
export const ORIGIN_HEADER = 'x-bench-origin';

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** What the proxy knows of a request before it answers it. */
export interface DynamoRequestTarget {
  /** `DynamoDB_20120810` (tables) or `DynamoDBStreams_20120810` (streams). */
  service: string;
  operation: string;
  kind: 'read' | 'write' | 'other';
}

/**
 * An answer DynamoDB could have given in its place, in the JSON 1.0 protocol: `type` is the error's `__type`.
 * `afterForwarding` answers it once DynamoDB Local has carried the request out (a 500 leaves the caller unsure
 * whether it happened); otherwise the request never reaches it (a throttled request is not carried out).
 */
export interface DynamoErrorAnswer {
  status: number;
  type: string;
  message: string;
  afterForwarding: boolean;
}

/** One request that went through the proxy, as the benchmark counts it. */
export interface DynamoRequest {
  /** `DynamoDB_20120810` (tables) or `DynamoDBStreams_20120810` (streams). */
  service: string;
  operation: string;
  kind: 'read' | 'write' | 'other';
  table?: string;
  /** What the SDK middleware said made the request; absent for the local cloud's own and the benchmark's clients. */
  origin?: string;
  status: number;
  /** The error's type for a refused request, e.g. ConditionalCheckFailedException. */
  error?: string;
  /** Capacity units DynamoDB Local reports for the request (table plus indexes); undefined when it reports none. */
  capacityUnits?: number;
}

interface ConsumedCapacity {
  TableName?: string;
  CapacityUnits?: number;
}

function capacityOf(value: unknown): number | undefined {
  const entries = (Array.isArray(value) ? value : value ? [value] : []) as ConsumedCapacity[];
  if (entries.length === 0) return undefined;
  return entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}

const errorHeaders = (): IncomingHttpHeaders => ({ 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID(), 'x-amz-crc32': '0' });
const errorBody = (refusal: DynamoErrorAnswer) => Buffer.from(JSON.stringify({ __type: refusal.type, message: refusal.message }));

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The request's headers for DynamoDB; the origin stays on for a counting proxy further on (the local cloud's own sits in front of the benchmark's). */
function forwardHeaders(headers: IncomingHttpHeaders, length: number, keepOrigin: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'content-length' || name === 'host' || (name === ORIGIN_HEADER && !keepOrigin)) continue;
    out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  out['content-length'] = String(length);
  return out;
}

export interface DynamoProxyOptions {
  /**
   * Counts every request. To count capacity too, a data-plane request that did not ask for `ReturnConsumedCapacity`
   * is sent with `INDEXES`, so DynamoDB Local reports the capacity units (table and indexes) it used; that field is
   * taken out of the answer again (and the answer's CRC32 recomputed), so the product sees exactly what it would have seen.
   */
  onRequest?: (request: DynamoRequest) => void;
  /** An error to answer a request with instead of DynamoDB Local's answer (an injected fault), or undefined. */
  refuse?: (request: DynamoRequestTarget) => DynamoErrorAnswer | undefined;
}

/** Sends an answer with the headers DynamoDB's own carry, dated by this process's clock (see below). */
function answerWith(outgoing: ServerResponse, status: number, upstreamHeaders: IncomingHttpHeaders, body: Buffer): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstreamHeaders)) {
    if (value !== undefined && name !== 'content-length' && name !== 'connection' && name !== 'keep-alive' && name !== 'transfer-encoding') headers[name] = value;
  }
  headers['content-length'] = String(body.length);
  // DynamoDB Local dates its answers by the machine's clock; the product runs on the local cloud's clock,
  // which is days ahead once the clock is moved. The SDK would take that for clock skew, and on an error
  // answer "correct" it and retry the request (a refused conditional write went out four times). In AWS
  // both clocks agree, so the proxy dates the answer by this process's clock, which is the local cloud's.
  headers.date = new Date().toUTCString();
  if (headers['x-amz-crc32'] !== undefined) headers['x-amz-crc32'] = String(crc32(body) >>> 0);
  outgoing.writeHead(status, headers);
  outgoing.end(body);
}

/**
 * An HTTP proxy in front of DynamoDB Local, which the benchmark counts requests with and the local cloud injects
 * faults through (`refuse`). It forwards every request unchanged unless it counts (above).
 */
export class DynamoProxy {
  private constructor(
    readonly url: string,
    private readonly server: Server,
    private readonly agent: Agent,
  ) {}

  static async start(target: string, options: DynamoProxyOptions): Promise<DynamoProxy> {
    const upstream = new URL(target);
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const server = createServer((incoming, outgoing) => {
      void (async () => {
        const raw = await readAll(incoming);
        const target = String(incoming.headers['x-amz-target'] ?? '');
        const [service = '', operation = ''] = target.split('.');
        const origin = incoming.headers[ORIGIN_HEADER];
        let body = raw;
        let parsed: Record<string, unknown> | undefined;
        let injected = false;
        const kind = READS.has(operation) ? 'read' : WRITES.has(operation) ? 'write' : 'other';
        const refusal = options.refuse?.({ service, operation, kind });
        if (refusal && !refusal.afterForwarding) return answerWith(outgoing, refusal.status, errorHeaders(), errorBody(refusal));
        if (options.onRequest && service === 'DynamoDB_20120810' && kind !== 'other') {
          try {
            parsed = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
            if (parsed.ReturnConsumedCapacity === undefined || parsed.ReturnConsumedCapacity === 'NONE') {
              parsed.ReturnConsumedCapacity = 'INDEXES';
              injected = true;
              body = Buffer.from(JSON.stringify(parsed));
            }
          } catch {
            parsed = undefined;
          }
        }
        const answer = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
          const forwarded = httpRequest(
            { host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers: forwardHeaders(incoming.headers, body.length, !options.onRequest), agent },
            (response) => {
              readAll(response).then((buffer) => resolve({ status: response.statusCode ?? 500, headers: response.headers, body: buffer }), reject);
            },
          );
          forwarded.once('error', reject);
          forwarded.end(body);
        });

        let answerBody = answer.body;
        let answerJson: Record<string, unknown> | undefined;
        if (!answer.headers['content-encoding']) {
          try {
            answerJson = answer.body.length ? (JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>) : undefined;
          } catch {
            answerJson = undefined;
          }
        }
        const capacityUnits = capacityOf(answerJson?.ConsumedCapacity);
        if (injected && answerJson && 'ConsumedCapacity' in answerJson) {
          delete answerJson.ConsumedCapacity;
          answerBody = Buffer.from(JSON.stringify(answerJson));
        }
        if (refusal) return answerWith(outgoing, refusal.status, errorHeaders(), errorBody(refusal));
        answerWith(outgoing, answer.status, answer.headers, answerBody);

        if (!options.onRequest) return;
        const errorType = answer.status >= 400 && typeof answerJson?.__type === 'string' ? answerJson.__type.replace(/^.*#/, '') : undefined;
        options.onRequest({
          service,
          operation,
          kind,
          ...(typeof parsed?.TableName === 'string' ? { table: parsed.TableName } : {}),
          ...(typeof origin === 'string' ? { origin } : {}),
          status: answer.status,
          ...(errorType ? { error: errorType } : {}),
          ...(capacityUnits !== undefined ? { capacityUnits } : {}),
        });
      })().catch((error: unknown) => {
        if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(`DynamoDB proxy: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new DynamoProxy(`http://127.0.0.1:${port}`, server, agent);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.agent.destroy();
  }
}
