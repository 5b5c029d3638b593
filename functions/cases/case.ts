import { createHash } from 'node:crypto';

/** Every workflow instance is a case (CONTRACT.md); `type` tells them apart. */
export const caseTypes = ['refund_only', 'return_refund', 'exchange', 'partial_refund'] as const;
export type CaseType = (typeof caseTypes)[number];

export const caseOutcomes = ['refunded', 'partially_refunded', 'exchanged', 'rejected', 'expired', 'withdrawn'] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

/** Who took a step: the buyer, the store, an agent (`agent:<id>`), the platform, a rule, or a deadline passing. */
export type Actor = 'buyer' | 'store' | 'platform' | 'rule' | 'timeout' | 'system' | `agent:${string}`;

export interface HistoryEntry {
  at: string;
  by: Actor;
  action: string;
  [detail: string]: unknown;
}

export interface Case {
  caseId: string;
  storeId: string;
  type: CaseType;
  status: string;
  outcome?: CaseOutcome;
  orderId: string;
  /** The buyer of the order, when the order was known at the request: whom messages go to. */
  buyerId?: string;
  requestId: string;
  reason: string;
  items: Array<{ sku: string; quantity: number }>;
  amount?: number;
  note?: string;
  requestedAt: string;
  createdAt: string;
  updatedAt: string;
  history: HistoryEntry[];
  refund?: { status: 'succeeded'; amount: number; reference: string; at: string };
  version: number;
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
