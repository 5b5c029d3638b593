import type { CaseRecord } from '../cases/case.js';
import { caseIdFor } from '../cases/case.js';

/** How a complaint is classified when answered (DOMAIN.md: the categories of the month's summary). */
export const complaintCategories = ['logistics', 'service', 'product_quality', 'buyers_own_reason', 'wrong_item'] as const;
/** The concrete solution an answer offers (DOMAIN.md, "Handling a complaint well"). */
export const complaintSolutions = ['replacement', 'return', 'coupon', 'refund', 'explanation'] as const;

export type ComplaintStatus = 'opened' | 'with_supervisor' | 'callback_promised' | 'closed';

export interface Breach {
  kind: 'answer_deadline' | 'supervisor_deadline' | 'callback_missed';
  at: string;
  dueAt?: string;
}

/** A complaint is a case of type `complaint`, linked to the buyer and, when known, to the order and its after-sales cases. */
export interface ComplaintCase extends CaseRecord {
  type: 'complaint';
  status: ComplaintStatus;
  outcome?: 'solved' | 'not_solved';
  complaintId: string;
  severity: 'normal' | 'major';
  text: string;
  channel: 'storefront' | 'phone' | 'chat';
  openedAt: string;
  /** The agent who took it first keeps it to the end. */
  owner?: string;
  category?: (typeof complaintCategories)[number];
  facts?: string;
  solution?: (typeof complaintSolutions)[number];
  /** The order's after-sales cases when the complaint came in. */
  relatedCaseIds: string[];
  /** The after-sales case the solution opened (a return or a refund). */
  aftersaleCaseId?: string;
  callbackAt?: string;
  breaches: Breach[];
  closedAt?: string;
  handlingMinutes?: number;
}

export const complaintIdFor = (storeId: string, complaintId: string) => caseIdFor('cp', storeId, complaintId);
