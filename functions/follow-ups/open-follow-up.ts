import { createCase } from '../cases/case-repository.js';
import { startExecutionOnce } from '../shared/executions.js';
import { ENV } from '../shared/env.js';
import { policyOf } from '../stores/policy.js';
import type { Store } from '../stores/store.js';
import { followUpIdFor, type FollowUpCase, type FollowUpType } from './follow-up.js';

export interface FollowUpOpening {
  type: FollowUpType;
  /** What makes it one follow-up: the order, or the review. */
  key: string;
  orderId: string;
  buyerId?: string;
  facts: Record<string, unknown>;
  draftReply?: string;
}

/** Opens a follow-up case for an agent and starts its workflow named by the case id; opening it again changes nothing. */
export async function openFollowUp(storeId: string, opening: FollowUpOpening, store: Store | undefined, now: Date): Promise<string> {
  const at = now.toISOString();
  const policy = policyOf(store).sweep;
  const followUp: FollowUpCase = {
    caseId: followUpIdFor(opening.type, storeId, opening.key),
    storeId,
    type: opening.type,
    status: 'opened',
    orderId: opening.orderId,
    ...(opening.buyerId ? { buyerId: opening.buyerId } : {}),
    facts: opening.facts,
    ...(opening.draftReply ? { draftReply: opening.draftReply } : {}),
    createdAt: at,
    updatedAt: at,
    history: [{ at, by: 'rule', action: 'opened', ...opening.facts }],
    version: 1,
  };
  await createCase(followUp);
  const input = {
    caseId: followUp.caseId,
    storeId,
    deadlines: { followUpSeconds: policy.followUpSeconds, followUpSupervisorSeconds: policy.followUpSupervisorSeconds },
    decision: null,
    case: { status: followUp.status },
  };
  await startExecutionOnce(ENV.followUpsWorkflow, followUp.caseId, input);
  return followUp.caseId;
}
