import { caseIdFor, type CaseRecord } from '../cases/case.js';

/**
 * What the daily sweep (DOMAIN.md, "In-sale watch") and a low satisfaction score hand to an agent: each kind is a case
 * type of its own.
 */
export const followUpTypes = ['late_shipment', 'stalled_parcel', 'review_follow_up', 'low_satisfaction'] as const;
export type FollowUpType = (typeof followUpTypes)[number];

export type FollowUpStatus = 'opened' | 'with_supervisor' | 'closed';

/** A follow-up the sweep opened: what to look into, and the draft of what to tell the buyer where there is one. */
export interface FollowUpCase extends CaseRecord {
  type: FollowUpType;
  status: FollowUpStatus;
  outcome?: 'done' | 'resolved' | 'unresolved';
  /** Why it was opened, in the words of the report (hours since payment, hours the carrier has been silent, the review). */
  facts: Record<string, unknown>;
  /** For a review: the explanation reply drafted for the agent to adapt and post. */
  draftReply?: string;
  note?: string;
}

/** One follow-up per order and kind (per review for reviews): the sweep running twice opens nothing new. */
export const followUpIdFor = (type: FollowUpType, storeId: string, key: string) => caseIdFor(`fu-${type.replace(/_/g, '-')}`, storeId, key);
