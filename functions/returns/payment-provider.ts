import { z } from 'zod';
import { ENV } from '../shared/env.js';
import { outsideServiceFromEnv, postIdempotently, NotConfirmed } from '../shared/idempotent-post.js';

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
export class PaymentUnavailable extends NotConfirmed {
  override readonly name = 'PaymentUnavailable';
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
    const refund = await postIdempotently({
      url: `${this.baseUrl}/refunds`,
      idempotencyKey: request.idempotencyKey,
      body: { orderId: request.orderId, amount: request.amount, currency: request.currency },
      answer: refundAnswer,
      timeoutMs: this.timeoutMs,
      service: 'the payment provider',
      unavailable: PaymentUnavailable,
    });
    return { reference: refund.id };
  }
}

/** The adapter of this deployment: `PAYMENT_PROVIDER_URL` (required: a refund is never pretended). */
export function paymentProviderFromEnv(): PaymentProvider {
  const { baseUrl, timeoutMs } = outsideServiceFromEnv(ENV.paymentProviderUrl, 'PAYMENT_PROVIDER_TIMEOUT_MS');
  return new HttpPaymentProvider(baseUrl, timeoutMs);
}
