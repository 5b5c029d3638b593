import { z } from 'zod';
import { requiredEnv } from '../shared/env.js';

export interface RefundRequest {
  idempotencyKey: string;
  orderId: string;
  amount: number;
  currency: 'CNY';
}

/** The port to whoever moves the money. A refund carries an idempotency key, so a retry never pays twice. */
export interface PaymentProvider {
  refund(request: RefundRequest): Promise<{ reference: string }>;
}

/** The provider did not confirm the refund (down, refused, or too slow); the step fails and is retried. */
export class PaymentUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentUnavailable';
  }
}

const refundAnswer = z.object({ id: z.string().min(1), status: z.literal('succeeded') });

/**
 * A payment service reached over HTTPS in the common shape of such APIs: `POST <base>/refunds` with an
 * `Idempotency-Key` header; a repeated key answers with the first refund instead of paying again.
 * The local cloud serves a simulator of it (with fault injection) at `/local/payments`.
 */
export class HttpPaymentProvider implements PaymentProvider {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async refund(request: RefundRequest): Promise<{ reference: string }> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/refunds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey },
        body: JSON.stringify({ orderId: request.orderId, amount: request.amount, currency: request.currency }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new PaymentUnavailable(`the payment provider did not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) throw new PaymentUnavailable(`the payment provider answered ${response.status}`);
    const answer = refundAnswer.safeParse(await response.json().catch(() => null));
    if (!answer.success) throw new PaymentUnavailable('the payment provider answered with something that is not a refund');
    return { reference: answer.data.id };
  }
}

/** The adapter of this deployment: `PAYMENT_PROVIDER_URL` (required: a refund is never pretended). */
export function paymentProviderFromEnv(): PaymentProvider {
  return new HttpPaymentProvider(requiredEnv('PAYMENT_PROVIDER_URL'), Number(process.env.PAYMENT_PROVIDER_TIMEOUT_MS ?? 5000));
}
