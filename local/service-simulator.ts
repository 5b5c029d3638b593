import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { addIsoDuration } from './duration.js';

const count = z.number().int().min(0).max(100).default(0);

/**
 * What the simulator does to the next requests: fail outright (503, nothing done), time out (nothing done,
 * the answer comes too late), or succeed and then time out (done, the answer comes too late). The last is
 * the case idempotency keys exist for: the caller cannot tell it from the second and must retry.
 * `downFor` (an ISO duration on the local clock) fails every request until that much time has passed: an outage.
 */
export const faultsSchema = z
  .object({
    failNext: count,
    timeOutNext: count,
    succeedThenTimeOutNext: count,
    downFor: z
      .string()
      .refine((duration) => addIsoDuration(0, duration) !== undefined, 'an ISO-8601 duration such as PT1H')
      .optional(),
  })
  .strict();
export type Faults = z.output<typeof faultsSchema>;

/** What one simulated service records: where it is asked, its ids, the body it accepts, and how it confirms. */
export interface SimulatedResource<Body extends object> {
  /** The path segment requests are posted to and the ledger is read at (`/refunds`). */
  resource: string;
  /** As the simulator's error messages name the service. */
  service: string;
  idPrefix: string;
  body: z.ZodType<Body>;
  /** The `status` of a confirming answer, which the product's adapter checks. */
  confirmedStatus: string;
  /** Earlier names of faults, still accepted so that existing scripts and tests keep working. */
  faultAliases?: Record<string, keyof Faults>;
}

const refundBody = z.object({ orderId: z.string().min(1), amount: z.number().int().min(0), currency: z.string().min(1) });
const shipmentBody = z.object({
  orderId: z.string().min(1),
  items: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() })).min(1),
});

const invoiceBody = z.object({
  orderId: z.string().min(1),
  /** A blue invoice, or the red-letter reversal of one (`reverses` names it; the amount is negative). */
  colour: z.enum(['blue', 'red']),
  kind: z.enum(['personal', 'company']),
  title: z.string().min(1),
  taxId: z.string().optional(),
  amount: z.number().int(),
  currency: z.string().min(1),
  reverses: z.string().optional(),
});

const messageBody = z.object({ channel: z.enum(['sms', 'email']), to: z.string().min(1), text: z.string().min(1) });

export type RefundBody = z.output<typeof refundBody>;
export type MessageBody = z.output<typeof messageBody>;
export type ShipmentBody = z.output<typeof shipmentBody>;
export type InvoiceBody = z.output<typeof invoiceBody>;

/** The payment service the refund adapter (`HttpPaymentProvider`) calls. */
export const REFUNDS: SimulatedResource<RefundBody> = {
  resource: 'refunds',
  service: 'payment service',
  idPrefix: 're_',
  body: refundBody,
  confirmedStatus: 'succeeded',
  faultAliases: { payThenTimeOutNext: 'succeedThenTimeOutNext' },
};

/** The warehouse the exchange adapter (`HttpFulfilment`) calls to ship a replacement. */
export const SHIPMENTS: SimulatedResource<ShipmentBody> = {
  resource: 'shipments',
  service: 'fulfilment service',
  idPrefix: 'sh_',
  body: shipmentBody,
  confirmedStatus: 'created',
};

/** The e-invoicing service the invoice adapter (`HttpInvoiceIssuer`) calls; its ledger is the store's e-invoice records. */
export const INVOICES: SimulatedResource<InvoiceBody> = {
  resource: 'invoices',
  service: 'e-invoicing service',
  idPrefix: 'FP',
  body: invoiceBody,
  confirmedStatus: 'issued',
};

/** The SMS and email provider the outbox's channel adapter (`HttpMessagingChannel`) calls; its ledger is what buyers received. */
export const MESSAGES: SimulatedResource<MessageBody> = {
  resource: 'messages',
  service: 'messaging provider',
  idPrefix: 'sm_',
  body: messageBody,
  confirmedStatus: 'accepted',
};

export type Recorded<Body> = Body & { id: string; idempotencyKey: string; createdAt: string };

export type SimulatorAnswer = { status: number; body: unknown; delayMs?: number };

const FAULTS_HELP = 'send { "failNext"?: n, "timeOutNext"?: n, "succeedThenTimeOutNext"?: n, "downFor"?: "<ISO duration>" }';

/** Maps earlier fault names to their current ones before the strict schema sees them. */
function renameAliases(value: unknown, aliases: Record<string, keyof Faults>): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, count]) => [aliases[key] ?? key, count]));
}

/**
 * An outside service for the local cloud: requests with idempotency keys (a repeated key answers with the
 * first record), a ledger that tests and admins can read, and injected faults. It stands for the world
 * outside; the product reaches it only through its HTTP adapters, as it would a real one.
 */
export class ServiceSimulator<Body extends object> {
  private readonly records = new Map<string, Recorded<Body>>();
  private faults: Faults = { failNext: 0, timeOutNext: 0, succeedThenTimeOutNext: 0 };
  /** Until when (on the clock `Date` reads) the service is down. */
  private downUntil: number | undefined;
  private readonly faultsBody: z.ZodType<Faults>;

  constructor(
    readonly kind: SimulatedResource<Body>,
    /** Where the ledger is kept across restarts; without it the ledger is in memory. */
    private readonly file: string | undefined,
    /** How long a "timed out" answer is held back: longer than the adapter waits. */
    private readonly lateMs: number,
  ) {
    this.faultsBody = z.preprocess((value) => renameAliases(value, kind.faultAliases ?? {}), faultsSchema);
    if (file && existsSync(file)) {
      const kept = z.array(z.object({ id: z.string(), idempotencyKey: z.string(), createdAt: z.string() }).and(kind.body)).safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!kept.success) throw new Error(`${file} is not a ledger of ${kind.resource}: ${z.prettifyError(kept.error)}`);
      for (const record of kept.data) this.records.set(record.idempotencyKey, record);
    }
  }

  ledger(): Array<Recorded<Body>> {
    return [...this.records.values()];
  }

  inject(faults: Faults): Faults & { downUntil?: string } {
    this.faults = { ...faults };
    this.downUntil = faults.downFor === undefined ? undefined : addIsoDuration(Date.now(), faults.downFor);
    return { ...this.faults, ...(this.downUntil === undefined ? {} : { downUntil: new Date(this.downUntil).toISOString() }) };
  }

  /** One request to the service; a held-back answer says for how long in `delayMs` (waited for by `serve`). */
  request(idempotencyKey: string | undefined, body: unknown): SimulatorAnswer {
    const { service } = this.kind;
    if (!idempotencyKey) return { status: 400, body: { error: 'Idempotency-Key header required' } };
    if (this.downUntil !== undefined && Date.now() < this.downUntil) return { status: 503, body: { error: `${service} down until ${new Date(this.downUntil).toISOString()} (injected)` } };
    if (this.take('failNext')) return { status: 503, body: { error: `${service} unavailable (injected)` } };
    if (this.take('timeOutNext')) return { status: 504, body: { error: `${service} timed out (injected)` }, delayMs: this.lateMs };
    const request = this.kind.body.safeParse(body);
    if (!request.success) return { status: 400, body: { error: z.prettifyError(request.error) } };
    let record = this.records.get(idempotencyKey);
    if (!record) {
      // The body goes first so that nothing in it can overwrite what the service assigns.
      record = { ...request.data, id: `${this.kind.idPrefix}${randomUUID().slice(0, 12)}`, idempotencyKey, createdAt: new Date().toISOString() };
      this.records.set(idempotencyKey, record);
      if (this.file) writeFileSync(this.file, JSON.stringify(this.ledger()));
    }
    const answer = { status: 200, body: { id: record.id, status: this.kind.confirmedStatus } };
    return this.take('succeedThenTimeOutNext') ? { ...answer, delayMs: this.lateMs } : answer;
  }

  /**
   * The service's HTTP routes, below its base path: `GET /<resource>` (the ledger), `POST /<resource>`
   * and `POST /faults`. Answers `undefined` for any other route, so the server can say 404.
   */
  async serve(method: string, path: string, idempotencyKey: string | undefined, body: unknown): Promise<SimulatorAnswer | undefined> {
    const resourcePath = `/${this.kind.resource}`;
    if (method === 'GET' && path === resourcePath) return { status: 200, body: { items: this.ledger() } };
    if (method === 'POST' && path === '/faults') {
      const faults = this.faultsBody.safeParse(body);
      if (!faults.success) return { status: 400, body: { error: `${z.prettifyError(faults.error)}; ${FAULTS_HELP}` } };
      return { status: 200, body: this.inject(faults.data) };
    }
    if (method === 'POST' && path === resourcePath) {
      const answer = this.request(idempotencyKey, body);
      if (answer.delayMs) await sleep(answer.delayMs);
      return answer;
    }
    return undefined;
  }

  /** Uses up one of the injected faults of a kind, if any is left. */
  private take(fault: 'failNext' | 'timeOutNext' | 'succeedThenTimeOutNext'): boolean {
    if (this.faults[fault] === 0) return false;
    this.faults[fault] -= 1;
    return true;
  }
}
