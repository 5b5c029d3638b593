import { createCase, listCasesByStore } from '../cases/case-repository.js';
import type { CaseRecord } from '../cases/case.js';
import { recordComplaint } from '../customers/customer-repository.js';
import { localTime, notifyBuyer } from '../returns/buyer-messages.js';
import { startExecutionOnce } from '../shared/executions.js';
import { ENV } from '../shared/env.js';
import { policyOf } from '../stores/policy.js';
import type { Store } from '../stores/store.js';
import { complaintIdFor, type ComplaintCase } from './complaint.js';

export interface ComplaintOpening {
  complaintId: string;
  buyerId: string;
  orderId?: string;
  severity: 'normal' | 'major';
  text: string;
  openedAt: string;
  channel: ComplaintCase['channel'];
}

/**
 * Opens a complaint case (from the storefront or an agent taking a call or a chat), tags the buyer in the customer
 * file, tells the buyer when the answer will come, and starts its workflow named by the case id. Repeating it
 * changes nothing.
 */
export async function openComplaint(storeId: string, opening: ComplaintOpening, store: Store | undefined, now: Date): Promise<ComplaintCase> {
  const at = now.toISOString();
  const policy = policyOf(store);
  const related = opening.orderId ? (await listCasesByStore<CaseRecord>(storeId)).filter((other) => other.orderId === opening.orderId && other.type !== 'complaint') : [];
  const complaint: ComplaintCase = {
    caseId: complaintIdFor(storeId, opening.complaintId),
    storeId,
    type: 'complaint',
    status: 'opened',
    orderId: opening.orderId ?? '',
    buyerId: opening.buyerId,
    complaintId: opening.complaintId,
    severity: opening.severity,
    text: opening.text,
    channel: opening.channel,
    openedAt: opening.openedAt,
    relatedCaseIds: related.map((other) => other.caseId),
    breaches: [],
    createdAt: at,
    updatedAt: at,
    history: [{ at, by: 'buyer', action: 'opened', severity: opening.severity, channel: opening.channel }],
    version: 1,
  };
  await createCase(complaint);
  await recordComplaint(storeId, opening.buyerId, complaint.caseId, 'open');
  const dueAt = localTime(new Date(now.getTime() + policy.complaints.answerSeconds * 1000), store, policy.messages.locale);
  await notifyBuyer(complaint, store, 'complaint.received', { dueAt }, now);
  const input = {
    caseId: complaint.caseId,
    storeId,
    severity: complaint.severity,
    deadlines: { answerSeconds: policy.complaints.answerSeconds, supervisorSeconds: policy.complaints.supervisorSeconds },
    decision: null,
    case: { status: complaint.status },
  };
  await startExecutionOnce(ENV.complaintsWorkflow, complaint.caseId, input);
  return complaint;
}
