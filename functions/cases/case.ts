import { createHash } from 'node:crypto';
import type { CaseStatus } from '../returns/transitions.js';
import type { ShippingPayer } from '../returns/eligibility.js';

/** Every workflow instance is a case (CONTRACT.md); `type` tells them apart. */
export const caseTypes = ['refund_only', 'return_refund', 'exchange', 'partial_refund'] as const;
export type CaseType = (typeof caseTypes)[number];

export const caseOutcomes = ['refunded', 'partially_refunded', 'exchanged', 'rejected', 'expired', 'withdrawn'] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

/** Who took a step: the buyer, the store, an agent (`agent:<id>`), the platform, a rule, or a deadline passing. */
export type Actor = 'buyer' | 'store' | 'warehouse' | 'finance' | 'carrier' | 'platform' | 'rule' | 'timeout' | 'system' | `agent:${string}`;

export interface HistoryEntry {
  at: string;
  by: Actor;
  action: string;
  [detail: string]: unknown;
}

/** What every case has, whatever its workflow: its identity, state, history and the version that locks it. */
export interface CaseRecord {
  caseId: string;
  storeId: string;
  type: string;
  status: string;
  outcome?: string;
  orderId: string;
  /** The buyer of the order, when the order was known: whom messages go to. */
  buyerId?: string;
  createdAt: string;
  updatedAt: string;
  history: HistoryEntry[];
  /** The last workflow state that moved the case, so a retried step sees it already happened. */
  lastStep?: string;
  version: number;
}

/** An after-sales case: a refund, return, exchange or partial refund. */
export interface Case extends CaseRecord {
  type: CaseType;
  status: CaseStatus;
  outcome?: CaseOutcome;
  requestId: string;
  reason: string;
  items: Array<{ sku: string; quantity: number }>;
  amount?: number;
  note?: string;
  requestedAt: string;
  /** Whether the buyer's record earns a fast refund (functions/customers/trust.ts), fixed when the case opens. */
  trusted?: boolean;
  trustScore?: number;
  /** What the eligibility rules said when the request came in. */
  eligible?: boolean;
  shippingPaidBy?: ShippingPayer;
  /** What must come back with the items: the order's gifts and its invoice. */
  mustReturn?: { gifts: string[]; invoice: boolean };
  /** The agent who owns the case: the first one it was assigned to keeps it to the end. */
  owner?: string;
  /** Amount agreed for a partial refund (the store's agreement or an inspection finding), in fen. */
  agreedAmount?: number;
  partialRefund?: boolean;
  returnShipment?: { carrier: string; trackingNo: string; shippedAt: string };
  /** Present only while the return parcel travels: the carrier's updates of it concern the case (functions/cases/return-parcel.ts). */
  returnTrackingKey?: string;
  replacement?: { shipmentId: string; at: string };
  refund?: { status: 'succeeded' | 'failed'; amount: number; reference?: string; at: string; error?: string };
  /**
   * Reports that came while no wait could take them (the workflow was between two waits): a withdrawal, a
   * carrier scan. The next wait that accepts one takes it at once, so no report is lost to timing.
   */
  pendingReports?: Array<{ decision: string; by: string; at: string; [detail: string]: unknown }>;
}

/**
 * A case id is derived from the storefront's request id, so a redelivered request finds the same case,
 * and it doubles as the workflow execution's name (at most 80 characters of [A-Za-z0-9-_]).
 */
export function caseIdFor(prefix: string, storeId: string, requestId: string): string {
  const readable = `${prefix}-${storeId}-${requestId}`.replace(/[^A-Za-z0-9_-]/g, '_');
  if (readable.length <= 80) return readable;
  const digest = createHash('sha256').update(`${storeId}\u0000${requestId}`).digest('hex').slice(0, 24);
  return `${readable.slice(0, 55)}-${digest}`;
}
