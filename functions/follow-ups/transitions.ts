import type { Role } from '../returns/transitions.js';
import { offeredActions, waitingStatusOf } from '../tasks/wait-table.js';
import type { FollowUpStatus } from './follow-up.js';

/**
 * A follow-up as data: an agent looks into it within the policy's time (or the facts resolve it, reported by the
 * storefront or the carrier: the order ships, the parcel moves again); past that the supervisor takes it; past the supervisor's time it closes unresolved — a breach
 * either way, in the next morning's report.
 */
export interface FollowUpTransition {
  from: FollowUpStatus;
  actor: Role;
  action: string;
  to: FollowUpStatus;
  step: string;
  outcome?: 'done' | 'resolved' | 'unresolved';
  breach?: 'follow_up_deadline' | 'follow_up_unresolved';
}

export const FOLLOW_UP_STEPS = {
  closeDone: 'Close as followed up',
  closeResolved: 'Close as resolved by itself',
  toSupervisor: 'Hand over to the supervisor',
  closeUnresolved: 'Close unresolved after timeout',
} as const;
const S = FOLLOW_UP_STEPS;

export const followUpTransitions: readonly FollowUpTransition[] = [
  { from: 'opened', actor: 'store', action: 'done', to: 'closed', step: S.closeDone, outcome: 'done' },
  { from: 'opened', actor: 'store', action: 'resolved', to: 'closed', step: S.closeResolved, outcome: 'resolved' },
  { from: 'opened', actor: 'timeout', action: 'escalate', to: 'with_supervisor', step: S.toSupervisor, breach: 'follow_up_deadline' },
  { from: 'with_supervisor', actor: 'supervisor', action: 'done', to: 'closed', step: S.closeDone, outcome: 'done' },
  { from: 'with_supervisor', actor: 'store', action: 'resolved', to: 'closed', step: S.closeResolved, outcome: 'resolved' },
  { from: 'with_supervisor', actor: 'timeout', action: 'close', to: 'closed', step: S.closeUnresolved, outcome: 'unresolved', breach: 'follow_up_unresolved' },
];

export const followUpWaits = {
  opened: { state: 'Await agent follow-up', kind: 'follow_up', role: 'store', deadline: 'followUpSeconds' },
  with_supervisor: { state: 'Await supervisor follow-up', kind: 'follow_up_supervisor', role: 'supervisor', deadline: 'followUpSupervisorSeconds' },
} as const satisfies Record<Exclude<FollowUpStatus, 'closed'>, { state: string; kind: string; role: Role; deadline: string }>;
type FollowUpWaitingStatus = keyof typeof followUpWaits;

export const followUpWaitOfKind = (kind: string): FollowUpWaitingStatus | undefined => waitingStatusOf(followUpWaits, kind);
/** `done` is an agent's; `resolved` usually comes from the facts (the order ships, the parcel moves) through the same task. */
export const followUpActionsAt = (status: FollowUpWaitingStatus): string[] => offeredActions(followUpTransitions, status);

export const followUpTransitionOf = (step: string, from: FollowUpStatus) => followUpTransitions.find((row) => row.step === step && row.from === from);
