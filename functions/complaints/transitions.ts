import type { Role } from '../returns/transitions.js';
import { offeredActions, waitingStatusOf } from '../tasks/wait-table.js';
import type { ComplaintStatus } from './complaint.js';

/**
 * The complaint process as data (DOMAIN.md, "Complaints" and "Handling a complaint well"): answered within 48 h or
 * the supervisor takes it (a breach); a major one goes to the supervisor at once; a promised call-back is a due
 * task, and missing it is a breach that also goes to the supervisor; closing needs the buyer's outcome.
 */
export interface ComplaintTransition {
  from: ComplaintStatus;
  actor: Role;
  action: string;
  /** The buyer's outcome a closing needs, where it decides the next state. */
  outcome?: 'solved' | 'not_solved';
  to: ComplaintStatus;
  step: string;
}

export const COMPLAINT_STEPS = {
  toSupervisorAtOnce: 'Route major complaint to the supervisor',
  recordMissedAnswer: 'Record missed answer deadline',
  recordSupervisorLate: 'Record supervisor past deadline',
  recordPromise: 'Record promised call-back',
  recordMissedCallback: 'Record missed call-back',
  closeSolved: 'Close as solved',
  escalateNotSolved: 'Escalate as not solved',
  closeNotSolved: 'Close as not solved',
} as const;
const S = COMPLAINT_STEPS;

export const complaintTransitions: readonly ComplaintTransition[] = [
  { from: 'opened', actor: 'rule', action: 'route_major', to: 'with_supervisor', step: S.toSupervisorAtOnce },
  { from: 'opened', actor: 'store', action: 'promise_callback', to: 'callback_promised', step: S.recordPromise },
  { from: 'opened', actor: 'store', action: 'close', outcome: 'solved', to: 'closed', step: S.closeSolved },
  { from: 'opened', actor: 'store', action: 'close', outcome: 'not_solved', to: 'with_supervisor', step: S.escalateNotSolved },
  { from: 'opened', actor: 'timeout', action: 'escalate', to: 'with_supervisor', step: S.recordMissedAnswer },
  { from: 'with_supervisor', actor: 'supervisor', action: 'promise_callback', to: 'callback_promised', step: S.recordPromise },
  { from: 'with_supervisor', actor: 'supervisor', action: 'close', outcome: 'solved', to: 'closed', step: S.closeSolved },
  { from: 'with_supervisor', actor: 'supervisor', action: 'close', outcome: 'not_solved', to: 'closed', step: S.closeNotSolved },
  { from: 'with_supervisor', actor: 'timeout', action: 'remind', to: 'with_supervisor', step: S.recordSupervisorLate },
  { from: 'callback_promised', actor: 'store', action: 'promise_callback', to: 'callback_promised', step: S.recordPromise },
  { from: 'callback_promised', actor: 'store', action: 'close', outcome: 'solved', to: 'closed', step: S.closeSolved },
  { from: 'callback_promised', actor: 'store', action: 'close', outcome: 'not_solved', to: 'with_supervisor', step: S.escalateNotSolved },
  { from: 'callback_promised', actor: 'timeout', action: 'escalate', to: 'with_supervisor', step: S.recordMissedCallback },
];

export const complaintWaits = {
  opened: { state: 'Await answer', kind: 'complaint_answer', role: 'store', deadline: 'answerSeconds' },
  with_supervisor: { state: 'Await supervisor', kind: 'complaint_supervisor', role: 'supervisor', deadline: 'supervisorSeconds' },
  callback_promised: { state: 'Await promised call-back', kind: 'complaint_callback', role: 'store', deadline: 'callbackWindowSeconds' },
} as const satisfies Record<Exclude<ComplaintStatus, 'closed'>, { state: string; kind: string; role: Role; deadline: string }>;
type ComplaintWaitingStatus = keyof typeof complaintWaits;

export const complaintWaitOfKind = (kind: string): ComplaintWaitingStatus | undefined => waitingStatusOf(complaintWaits, kind);
export const complaintActionsAt = (status: ComplaintWaitingStatus): string[] => offeredActions(complaintTransitions, status);

/** The row a state applies, from the complaint's state and, for a closing, the buyer's outcome. */
export const complaintTransitionOf = (step: string, from: ComplaintStatus, outcome: string | undefined) =>
  complaintTransitions.find((row) => row.step === step && row.from === from && (!row.outcome || row.outcome === outcome));
