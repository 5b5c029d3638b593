/** The port to whoever moves the money. A refund carries an idempotency key, so a retry never pays twice. */
export interface PaymentProvider {
  refund(request: { idempotencyKey: string; orderId: string; amount: number; currency: 'CNY' }): Promise<{ reference: string }>;
}

/**
 * Stands in for a payment service in the local cloud and in tests: it remembers each idempotency key
 * and answers a repeated key with the first refund's reference, as real providers do.
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  private readonly refunds = new Map<string, { reference: string; amount: number }>();

  async refund(request: { idempotencyKey: string; orderId: string; amount: number }): Promise<{ reference: string }> {
    const existing = this.refunds.get(request.idempotencyKey);
    if (existing) return { reference: existing.reference };
    const reference = `sim-refund-${this.refunds.size + 1}-${request.orderId}`;
    this.refunds.set(request.idempotencyKey, { reference, amount: request.amount });
    return { reference };
  }

  get paidCount(): number {
    return this.refunds.size;
  }
}

/** Adapters by name; a deployment selects one with PAYMENT_PROVIDER. */
export function paymentProviderFromEnv(): PaymentProvider {
  const name = process.env.PAYMENT_PROVIDER ?? 'simulated';
  if (name === 'simulated') return new SimulatedPaymentProvider();
  throw new Error(`PAYMENT_PROVIDER "${name}" has no adapter`);
}
