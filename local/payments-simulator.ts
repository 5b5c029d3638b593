import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export interface SimulatedRefund {
  id: string;
  idempotencyKey: string;
  orderId: string;
  amount: number;
  currency: string;
  createdAt: string;
}

/** What the simulator does to the next refund requests: fail outright, or pay and then answer too late. */
export const faultsSchema = z
  .object({
    failNext: z.number().int().min(0).max(100).default(0),
    payThenTimeOutNext: z.number().int().min(0).max(100).default(0),
  })
  .strict();
export type Faults = z.output<typeof faultsSchema>;

export type SimulatorAnswer = { status: number; body: unknown; delayMs?: number };

/**
 * A payment service for the local cloud: refunds with idempotency keys (a repeated key answers with the
 * first refund), a ledger that tests and admins can read, and injected faults. It stands for the world
 * outside; the product reaches it only through its `HttpPaymentProvider` adapter.
 */
export class PaymentsSimulator {
  private readonly refunds = new Map<string, SimulatedRefund>();
  private faults: Faults = { failNext: 0, payThenTimeOutNext: 0 };

  constructor(
    private readonly file: string | undefined,
    /** How long a "timed out" answer is held back: longer than the adapter waits. */
    private readonly lateMs: number,
  ) {
    if (file && existsSync(file)) for (const refund of JSON.parse(readFileSync(file, 'utf8')) as SimulatedRefund[]) this.refunds.set(refund.idempotencyKey, refund);
  }

  ledger(): SimulatedRefund[] {
    return [...this.refunds.values()];
  }

  inject(faults: Faults): Faults {
    this.faults = faults;
    return this.faults;
  }

  refund(idempotencyKey: string | undefined, body: unknown): SimulatorAnswer {
    if (!idempotencyKey) return { status: 400, body: { error: 'Idempotency-Key header required' } };
    if (this.faults.failNext > 0) {
      this.faults.failNext -= 1;
      return { status: 503, body: { error: 'payment service unavailable (injected)' } };
    }
    const request = z.object({ orderId: z.string(), amount: z.number().int().min(0), currency: z.string() }).safeParse(body);
    if (!request.success) return { status: 400, body: { error: 'orderId, amount and currency are required' } };
    let refund = this.refunds.get(idempotencyKey);
    if (!refund) {
      refund = { id: `re_${randomUUID().slice(0, 12)}`, idempotencyKey, ...request.data, createdAt: new Date().toISOString() };
      this.refunds.set(idempotencyKey, refund);
      if (this.file) writeFileSync(this.file, JSON.stringify(this.ledger()));
    }
    const answer = { status: 200, body: { id: refund.id, status: 'succeeded' } };
    if (this.faults.payThenTimeOutNext > 0) {
      this.faults.payThenTimeOutNext -= 1;
      return { ...answer, delayMs: this.lateMs };
    }
    return answer;
  }
}
