import type { CaseRecord } from '../cases/case.js';
import { caseIdFor } from '../cases/case.js';
import type { Approval } from '../approvals/approval.js';
import type { RiskScreening } from './risk.js';

export type BulkStatus = 'detected' | 'screened' | 'with_supervisor' | 'approved' | 'terms_agreed' | 'following_up' | 'closed';

/** A bulk-order review: a case of type `bulk_review`, named by the order. */
export interface BulkReviewCase extends CaseRecord {
  type: 'bulk_review';
  status: BulkStatus;
  outcome?: 'completed' | 'terminated' | 'unconfirmed';
  signals: string[];
  /** Who flagged it: a rule (the thresholds) or an agent. */
  flaggedBy: string;
  questions: string;
  risk?: RiskScreening;
  /** The buyer's discount request and what became of it. */
  discount?: Approval;
  amountDue?: number;
  terminationReason?: string;
}

/** A gift or free-shipping request: a case of type `gift_request` or `free_shipping_request`. */
export interface PerkRequestCase extends CaseRecord {
  type: 'gift_request' | 'free_shipping_request';
  status: 'requested' | 'closed';
  outcome?: 'granted' | 'refused';
  requestId: string;
  item?: string;
  approval: Approval;
}

export const bulkReviewIdFor = (storeId: string, orderId: string) => caseIdFor('bulk', storeId, orderId);
export const perkRequestIdFor = (storeId: string, requestId: string) => caseIdFor('perk', storeId, requestId);
