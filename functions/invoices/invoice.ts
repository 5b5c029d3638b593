import type { CaseRecord } from '../cases/case.js';
import { caseIdFor } from '../cases/case.js';
import type { NativeEventOf } from '../webhooks/native-events.js';

export type InvoiceRequest = Omit<NativeEventOf<'invoice.requested'>['data'], 'orderId'>;

/** Where an invoice is: requested → issued → in the parcel or in the monthly postal batch → delivered → closed. */
export const invoiceStatuses = ['requested', 'issued', 'in_parcel', 'in_batch', 'delivered', 'closed'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

/** An invoice is a case of type `invoice` (CONTRACT.md): one workflow execution, named by the invoice id. */
export interface InvoiceCase extends CaseRecord {
  type: 'invoice';
  status: InvoiceStatus;
  outcome?: 'confirmed' | 'voided';
  request: InvoiceRequest;
  /** The invoice this one replaces for what was left after a partial refund. */
  reissueOf?: string;
  reissueNumber?: number;
  amount?: number;
  invoiceNo?: string;
  delivery?: 'in_parcel' | 'postal_batch';
  /** The month (YYYY-MM, store time) of the postal batch it was mailed with. */
  batchMonth?: string;
  voided?: { at: string; redInvoiceNo: string; refundCaseId: string };
}

/** The first invoice of an order is `inv-<store>-<order>`; a reissue after a partial refund adds `-r<n>`. */
export const invoiceIdFor = (storeId: string, orderId: string, reissue = 0) => caseIdFor('inv', storeId, reissue ? `${orderId}-r${reissue}` : orderId);

/** Amount of an invoice: what the buyer paid, less what was refunded so far. */
export function invoiceAmount(order: { total?: number; refunds?: Array<{ amount: number }> } | undefined): number {
  const refunded = (order?.refunds ?? []).reduce((sum, refund) => sum + refund.amount, 0);
  return Math.max(0, (order?.total ?? 0) - refunded);
}
