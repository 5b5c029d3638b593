import { z } from 'zod';
import { ENV } from '../shared/env.js';
import { outsideServiceFromEnv, postIdempotently, NotConfirmed } from '../shared/idempotent-post.js';
import type { InvoiceRequest } from './invoice.js';

/** The port to the e-invoicing service: issue a (blue) invoice, or reverse one with a red-letter invoice. */
export interface InvoiceIssuer {
  issue(request: { idempotencyKey: string; orderId: string; request: InvoiceRequest; amount: number }): Promise<{ invoiceNo: string }>;
  reverse(request: { idempotencyKey: string; orderId: string; request: InvoiceRequest; amount: number; invoiceNo: string }): Promise<{ invoiceNo: string }>;
}

/** The e-invoicing service did not confirm; the step fails and is retried with the same key. */
export class InvoicingUnavailable extends NotConfirmed {
  override readonly name = 'InvoicingUnavailable';
}

const issued = z.object({ id: z.string().min(1), status: z.literal('issued') });

/**
 * An e-invoicing service over HTTPS: `POST <base>/invoices` with an `Idempotency-Key`, for blue invoices and
 * red-letter reversals alike. The local cloud serves a simulator at `/local/invoicing` whose ledger (the
 * structured e-invoice records) is kept in the data directory.
 */
export class HttpInvoiceIssuer implements InvoiceIssuer {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  private async post(idempotencyKey: string, body: Record<string, unknown>): Promise<{ invoiceNo: string }> {
    const answer = await postIdempotently({
      url: `${this.baseUrl}/invoices`,
      idempotencyKey,
      body: { currency: 'CNY', ...body },
      answer: issued,
      timeoutMs: this.timeoutMs,
      service: 'the e-invoicing service',
      unavailable: InvoicingUnavailable,
    });
    return { invoiceNo: answer.id };
  }

  issue({ idempotencyKey, orderId, request, amount }: Parameters<InvoiceIssuer['issue']>[0]) {
    return this.post(idempotencyKey, { orderId, colour: 'blue', kind: request.kind, title: request.title, taxId: request.taxId, amount });
  }

  reverse({ idempotencyKey, orderId, request, amount, invoiceNo }: Parameters<InvoiceIssuer['reverse']>[0]) {
    return this.post(idempotencyKey, { orderId, colour: 'red', kind: request.kind, title: request.title, taxId: request.taxId, amount: -amount, reverses: invoiceNo });
  }
}

export function invoiceIssuerFromEnv(): InvoiceIssuer {
  const { baseUrl, timeoutMs } = outsideServiceFromEnv(ENV.invoiceServiceUrl, 'INVOICE_SERVICE_TIMEOUT_MS');
  return new HttpInvoiceIssuer(baseUrl, timeoutMs);
}
