import type { Role } from '../returns/transitions.js';
import { offeredActions, waitingStatusOf } from '../tasks/wait-table.js';
import type { BulkStatus } from './bulk-case.js';

/** The bulk-order review as data (DOMAIN.md, "Bulk (large) orders"); each row is applied by the state it names. */
export interface BulkTransition {
  from: BulkStatus;
  actor: Role;
  action: string;
  to: BulkStatus;
  step: string;
  outcome?: 'completed' | 'terminated' | 'unconfirmed';
}

export const BULK_STEPS = {
  screen: 'Screen risk',
  approve: 'Record approval to continue',
  terminate: 'Terminate the deal',
  escalate: 'Escalate review to the supervisor',
  continueLowRisk: 'Continue low-risk order after timeout',
  hold: 'Keep the order on hold',
  agreeTerms: 'Record agreed terms',
  complete: 'Close as completed',
  followUp: 'Ask an agent to follow up',
  unconfirmed: 'Close as unconfirmed',
} as const;
const S = BULK_STEPS;

export const bulkTransitions: readonly BulkTransition[] = [
  { from: 'detected', actor: 'rule', action: 'screen', to: 'screened', step: S.screen },
  { from: 'screened', actor: 'store', action: 'continue', to: 'approved', step: S.approve },
  { from: 'screened', actor: 'store', action: 'terminate', to: 'closed', step: S.terminate, outcome: 'terminated' },
  // A passed review deadline never approves a high-risk order: the supervisor is asked, and the order stays held.
  { from: 'screened', actor: 'timeout', action: 'escalate', to: 'with_supervisor', step: S.escalate },
  { from: 'screened', actor: 'timeout', action: 'continue', to: 'approved', step: S.continueLowRisk },
  { from: 'with_supervisor', actor: 'supervisor', action: 'continue', to: 'approved', step: S.approve },
  { from: 'with_supervisor', actor: 'supervisor', action: 'terminate', to: 'closed', step: S.terminate, outcome: 'terminated' },
  { from: 'with_supervisor', actor: 'timeout', action: 'hold', to: 'with_supervisor', step: S.hold },
  { from: 'approved', actor: 'rule', action: 'agree_terms', to: 'terms_agreed', step: S.agreeTerms },
  { from: 'terms_agreed', actor: 'buyer', action: 'confirm', to: 'closed', step: S.complete, outcome: 'completed' },
  { from: 'terms_agreed', actor: 'timeout', action: 'follow_up', to: 'following_up', step: S.followUp },
  { from: 'following_up', actor: 'store', action: 'confirm', to: 'closed', step: S.complete, outcome: 'completed' },
  { from: 'following_up', actor: 'timeout', action: 'close', to: 'closed', step: S.unconfirmed, outcome: 'unconfirmed' },
];

export const bulkWaits = {
  screened: { state: 'Await manager review', kind: 'bulk_review', role: 'store', deadline: 'reviewSeconds' },
  with_supervisor: { state: 'Await supervisor review', kind: 'bulk_supervisor_review', role: 'supervisor', deadline: 'supervisorSeconds' },
  terms_agreed: { state: 'Await buyer confirmation of receipt', kind: 'bulk_receipt', role: 'buyer', deadline: 'receiptSeconds' },
  following_up: { state: 'Await follow-up', kind: 'bulk_follow_up', role: 'store', deadline: 'followUpSeconds' },
} as const satisfies Partial<Record<BulkStatus, { state: string; kind: string; role: Role; deadline: string }>>;
type BulkWaitingStatus = keyof typeof bulkWaits;

export const bulkWaitOfKind = (kind: string): BulkWaitingStatus | undefined => waitingStatusOf(bulkWaits, kind);
export const bulkActionsAt = (status: BulkWaitingStatus): string[] => offeredActions(bulkTransitions, status);

export const bulkTransitionOf = (step: string, from: BulkStatus) => bulkTransitions.find((row) => row.step === step && row.from === from);
