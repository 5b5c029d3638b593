import type { Role } from '../returns/transitions.js';
import { offeredActions, waitingStatusOf } from '../tasks/wait-table.js';
import type { InvoiceStatus } from './invoice.js';

/**
 * The invoice process as data (DOMAIN.md, "Invoices"), in the same shape as the after-sales table: each row is
 * applied by the workflow state it names (workflows/invoices.ts), and the admin API offers only its actions.
 */
export interface InvoiceTransition {
  from: InvoiceStatus;
  actor: Role;
  when?: { delivery: 'in_parcel' | 'postal_batch' };
  action: string;
  to: InvoiceStatus;
  step: string;
  outcome?: 'confirmed' | 'voided';
}

export const INVOICE_STEPS = {
  issueAutomatically: 'Issue invoice automatically',
  recordIssued: 'Record invoice issued',
  issueAfterTimeout: 'Issue automatically after timeout',
  putInParcel: 'Put invoice in the parcel',
  addToBatch: 'Add to monthly postal batch',
  recordDelivered: 'Record parcel delivered',
  deliveredAfterTimeout: 'Treat parcel as delivered after timeout',
  recordMailed: 'Record invoice mailed',
  mailedAfterTimeout: 'Treat invoice as mailed after timeout',
  closeConfirmed: 'Close as receipt confirmed',
  confirmAfterTimeout: 'Confirm receipt automatically after timeout',
  closeVoided: 'Close as voided',
} as const;
const S = INVOICE_STEPS;

/** A refund of the order voids an issued invoice wherever it is (red-letter reversal). */
const voidFrom = (...states: InvoiceStatus[]): InvoiceTransition[] =>
  states.map((from) => ({ from, actor: 'rule', action: 'void', to: 'closed', step: S.closeVoided, outcome: 'voided' }));

export const invoiceTransitions: readonly InvoiceTransition[] = [
  { from: 'requested', actor: 'rule', action: 'issue', to: 'issued', step: S.issueAutomatically },
  { from: 'requested', actor: 'finance', action: 'issue', to: 'issued', step: S.recordIssued },
  { from: 'requested', actor: 'timeout', action: 'issue', to: 'issued', step: S.issueAfterTimeout },
  // Before the parcel leaves the invoice goes inside it; after, it waits for the month's postal batch.
  { from: 'issued', actor: 'rule', when: { delivery: 'in_parcel' }, action: 'pack', to: 'in_parcel', step: S.putInParcel },
  { from: 'issued', actor: 'rule', when: { delivery: 'postal_batch' }, action: 'post', to: 'in_batch', step: S.addToBatch },
  { from: 'in_parcel', actor: 'carrier', action: 'delivered', to: 'delivered', step: S.recordDelivered },
  { from: 'in_parcel', actor: 'timeout', action: 'delivered', to: 'delivered', step: S.deliveredAfterTimeout },
  { from: 'in_batch', actor: 'rule', action: 'mail', to: 'delivered', step: S.recordMailed },
  { from: 'in_batch', actor: 'timeout', action: 'mail', to: 'delivered', step: S.mailedAfterTimeout },
  // After delivery the buyer confirms the invoice arrived (no lost-invoice disputes later).
  { from: 'delivered', actor: 'buyer', action: 'confirm', to: 'closed', step: S.closeConfirmed, outcome: 'confirmed' },
  { from: 'delivered', actor: 'timeout', action: 'confirm', to: 'closed', step: S.confirmAfterTimeout, outcome: 'confirmed' },
  ...voidFrom('in_parcel', 'in_batch', 'delivered'),
];

export const invoiceWaits = {
  requested: { state: 'Await finance to issue invoice', kind: 'invoice_issue', role: 'finance', deadline: 'issueSeconds' },
  in_parcel: { state: 'Await parcel delivery', kind: 'invoice_delivery', role: 'carrier', deadline: 'parcelDeliverySeconds' },
  in_batch: { state: 'Await monthly mailing', kind: 'invoice_mailing', role: 'finance', deadline: 'mailingSeconds' },
  delivered: { state: 'Await buyer confirmation of receipt', kind: 'invoice_receipt', role: 'buyer', deadline: 'receiptConfirmSeconds' },
} as const satisfies Partial<Record<InvoiceStatus, { state: string; kind: string; role: Role; deadline: string }>>;
export type InvoiceWaitingStatus = keyof typeof invoiceWaits;

export const invoiceWaitOfKind = (kind: string): InvoiceWaitingStatus | undefined => waitingStatusOf(invoiceWaits, kind);

/** The row a state applies, from the invoice's state and how it is delivered. */
export const invoiceTransitionOf = (step: string, from: InvoiceStatus, delivery: string | undefined) =>
  invoiceTransitions.find((row) => row.step === step && row.from === from && (!row.when || row.when.delivery === delivery));

export const invoiceActionsAt = (status: InvoiceWaitingStatus): string[] => offeredActions(invoiceTransitions, status);
