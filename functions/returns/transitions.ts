import type { CaseOutcome, CaseType } from '../cases/case.js';
import { waitingStatusOf } from '../tasks/wait-table.js';

/**
 * The after-sales process as data (DOMAIN.md, "The objects and their states"): every
 * (state, actor, condition, action, next state) of a case and of its refund. The returns state machine
 * (workflows/returns.ts) implements exactly these rows — a test walks the synthesized ASL to prove it —
 * the admin API accepts only the actions a row allows, and the workflow's steps apply the rows.
 */

/** Where a case can be. Each waiting state has one callback state in the workflow; the others pass at once. */
export const caseStatuses = [
  'requested',
  'store_rejected',
  'platform_intervening',
  'store_agreed',
  'buyer_shipped',
  'return_delivered',
  'goods_received',
  'refunded',
  'exchanged',
  'closed',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Who moves a case: the people and systems of DOMAIN.md, a rule of the store's policy, or a deadline passing. */
export type Role = 'buyer' | 'store' | 'supervisor' | 'warehouse' | 'finance' | 'carrier' | 'platform' | 'rule' | 'timeout';

/** Facts about a case that decide which row applies; a row applies when each fact it names matches. */
export interface Facts {
  type: CaseType;
  /** The buyer's record earns a fast refund and an exchange shipped at once. */
  trusted: boolean;
  /** The eligibility rules accepted the request. */
  eligible: boolean;
  /** The inspection found a problem that the buyer is compensated for with part of the price. */
  partialRefund: boolean;
  /** The replacement of an exchange has already left. */
  replacementShipped: boolean;
}

export interface Condition {
  types?: readonly CaseType[];
  trusted?: boolean;
  eligible?: boolean;
  partialRefund?: boolean;
  replacementShipped?: boolean;
}

export interface Transition {
  from: CaseStatus;
  actor: Role;
  when: Condition;
  action: string;
  to: CaseStatus;
  /** The workflow state that applies the row; its name is what an admin reads in the console. */
  step: string;
  /** How a case that goes to `closed` ends. */
  outcome?: CaseOutcome;
}

const REFUND_TYPES = ['refund_only', 'partial_refund'] as const satisfies readonly CaseType[];
const RETURN_TYPES = ['return_refund', 'exchange'] as const satisfies readonly CaseType[];

/** Workflow states that apply a transition (several rows may share one: the same step from different states). */
export const STEPS = {
  rejectIneligible: 'Reject as not eligible',
  recordAgreement: 'Record store agreement',
  agreeAfterTimeout: 'Agree automatically after timeout',
  recordRejection: 'Record store rejection',
  recordRevision: 'Record revised request',
  recordEscalation: 'Record escalation to the platform',
  closeAfterNoRevision: 'Close after no revision or escalation',
  recordRulingForBuyer: 'Record ruling for the buyer',
  closeRejectedByPlatform: 'Close as rejected by the platform',
  agreeWithoutRuling: 'Agree automatically without a ruling',
  shipReplacementAtOnce: 'Ship replacement at once',
  recordReturnShipment: 'Record return shipment',
  closeExpired: 'Close as expired',
  recordDeliveredBack: 'Record return delivered back',
  deliveredAfterTimeout: 'Treat return as delivered after timeout',
  recordRestock: 'Record goods received',
  recordFinding: 'Record inspection finding',
  closeRejectedAfterInspection: 'Close as rejected after inspection',
  confirmReceiptAfterTimeout: 'Confirm receipt automatically after timeout',
  refundBuyer: 'Refund buyer',
  shipReplacement: 'Ship replacement',
  completeExchange: 'Record exchange completed',
  closeRefunded: 'Close as refunded',
  closeExchanged: 'Close as exchanged',
  closeWithdrawn: 'Close as withdrawn',
} as const;
const S = STEPS;

/** The buyer may withdraw a request at any point before the refund. */
const withdrawFrom = (...states: CaseStatus[]): Transition[] =>
  states.map((from) => ({ from, actor: 'buyer', when: {}, action: 'withdraw', to: 'closed', step: S.closeWithdrawn, outcome: 'withdrawn' }));

export const caseTransitions: readonly Transition[] = [
  // The request: the policy's eligibility rules, then the store (24 h unshipped refund-only, 48 h otherwise).
  { from: 'requested', actor: 'rule', when: { eligible: false }, action: 'reject', to: 'closed', step: S.rejectIneligible, outcome: 'rejected' },
  { from: 'requested', actor: 'store', when: {}, action: 'approve', to: 'store_agreed', step: S.recordAgreement },
  { from: 'requested', actor: 'timeout', when: {}, action: 'approve', to: 'store_agreed', step: S.agreeAfterTimeout },
  { from: 'requested', actor: 'store', when: {}, action: 'reject', to: 'store_rejected', step: S.recordRejection },
  // After a rejection the buyer has 5 days to revise or escalate.
  { from: 'store_rejected', actor: 'buyer', when: {}, action: 'revise', to: 'requested', step: S.recordRevision },
  { from: 'store_rejected', actor: 'buyer', when: {}, action: 'escalate', to: 'platform_intervening', step: S.recordEscalation },
  { from: 'store_rejected', actor: 'timeout', when: {}, action: 'close', to: 'closed', step: S.closeAfterNoRevision, outcome: 'rejected' },
  // The platform rules; without a ruling in time the buyer's request stands.
  { from: 'platform_intervening', actor: 'platform', when: {}, action: 'rule_for_buyer', to: 'store_agreed', step: S.recordRulingForBuyer },
  { from: 'platform_intervening', actor: 'platform', when: {}, action: 'rule_for_store', to: 'closed', step: S.closeRejectedByPlatform, outcome: 'rejected' },
  { from: 'platform_intervening', actor: 'timeout', when: {}, action: 'rule_for_buyer', to: 'store_agreed', step: S.agreeWithoutRuling },
  // Agreed: money-only requests are refunded; goods come back within 7 days, or the case expires.
  { from: 'store_agreed', actor: 'rule', when: { types: REFUND_TYPES }, action: 'refund', to: 'refunded', step: S.refundBuyer },
  { from: 'store_agreed', actor: 'rule', when: { types: ['exchange'], trusted: true, replacementShipped: false }, action: 'ship_replacement', to: 'store_agreed', step: S.shipReplacementAtOnce },
  { from: 'store_agreed', actor: 'buyer', when: { types: RETURN_TYPES }, action: 'ship_return', to: 'buyer_shipped', step: S.recordReturnShipment },
  { from: 'store_agreed', actor: 'timeout', when: { types: RETURN_TYPES }, action: 'expire', to: 'closed', step: S.closeExpired, outcome: 'expired' },
  // The return parcel: a trusted buyer is refunded at the carrier's first scan.
  { from: 'buyer_shipped', actor: 'carrier', when: { types: ['return_refund'], trusted: true }, action: 'first_scan', to: 'refunded', step: S.refundBuyer },
  { from: 'buyer_shipped', actor: 'carrier', when: {}, action: 'delivered_back', to: 'return_delivered', step: S.recordDeliveredBack },
  { from: 'buyer_shipped', actor: 'timeout', when: {}, action: 'delivered_back', to: 'return_delivered', step: S.deliveredAfterTimeout },
  // Delivered back: the store has 10 days to confirm receipt (inspection), else it is confirmed for it.
  { from: 'return_delivered', actor: 'warehouse', when: {}, action: 'restock', to: 'goods_received', step: S.recordRestock },
  { from: 'return_delivered', actor: 'warehouse', when: {}, action: 'partial_refund', to: 'goods_received', step: S.recordFinding },
  { from: 'return_delivered', actor: 'warehouse', when: {}, action: 'reject', to: 'closed', step: S.closeRejectedAfterInspection, outcome: 'rejected' },
  { from: 'return_delivered', actor: 'timeout', when: {}, action: 'restock', to: 'goods_received', step: S.confirmReceiptAfterTimeout },
  // Received: refund, or the replacement of an exchange.
  { from: 'goods_received', actor: 'rule', when: { types: ['return_refund'] }, action: 'refund', to: 'refunded', step: S.refundBuyer },
  { from: 'goods_received', actor: 'rule', when: { types: ['exchange'], partialRefund: true }, action: 'refund', to: 'refunded', step: S.refundBuyer },
  { from: 'goods_received', actor: 'rule', when: { types: ['exchange'], partialRefund: false, replacementShipped: false }, action: 'ship_replacement', to: 'exchanged', step: S.shipReplacement },
  { from: 'goods_received', actor: 'rule', when: { types: ['exchange'], partialRefund: false, replacementShipped: true }, action: 'complete_exchange', to: 'exchanged', step: S.completeExchange },
  { from: 'refunded', actor: 'rule', when: {}, action: 'close', to: 'closed', step: S.closeRefunded },
  { from: 'exchanged', actor: 'rule', when: {}, action: 'close', to: 'closed', step: S.closeExchanged, outcome: 'exchanged' },
  ...withdrawFrom('requested', 'store_rejected', 'platform_intervening', 'store_agreed', 'buyer_shipped', 'return_delivered'),
];

/** The waits: in these states the workflow waits for someone, each with its deadline from the policy. */
export const waits = {
  requested: { state: 'Await store decision', kind: 'store_decision', role: 'store', deadline: 'storeDecisionSeconds' },
  store_rejected: { state: 'Await buyer revision or escalation', kind: 'buyer_response', role: 'buyer', deadline: 'buyerReviseSeconds' },
  platform_intervening: { state: 'Await platform ruling', kind: 'platform_ruling', role: 'platform', deadline: 'platformRulingSeconds' },
  store_agreed: { state: 'Await return shipment', kind: 'return_shipment', role: 'buyer', deadline: 'buyerShipReturnSeconds' },
  buyer_shipped: { state: 'Await return parcel', kind: 'return_parcel', role: 'carrier', deadline: 'returnTransitSeconds' },
  return_delivered: { state: 'Await receipt confirmation', kind: 'receipt_confirmation', role: 'warehouse', deadline: 'storeConfirmReceiptSeconds' },
} as const satisfies Partial<Record<CaseStatus, { state: string; kind: string; role: Role; deadline: string }>>;
export type WaitingStatus = keyof typeof waits;
export type CaseTaskKind = (typeof waits)[WaitingStatus]['kind'];

/** The refund of a case: paid once, retried while the payment service fails, then handed to finance. */
export const refundStatuses = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof refundStatuses)[number];

export interface RefundTransition {
  from: RefundStatus;
  actor: 'payment_provider' | 'rule' | 'finance' | 'timeout';
  condition: string;
  action: string;
  to: RefundStatus;
}

export const REFUND_FAILURE_WAIT = { state: 'Await finance on failed refund', kind: 'refund_failure', role: 'finance', deadline: 'refundFailureSeconds' } as const;
export const RECORD_FAILED_REFUND = 'Record failed refund';

export const refundTransitions: readonly RefundTransition[] = [
  { from: 'pending', actor: 'payment_provider', condition: 'the provider confirms', action: 'pay', to: 'succeeded' },
  { from: 'pending', actor: 'payment_provider', condition: 'the provider fails or answers late', action: 'retry_with_backoff', to: 'pending' },
  { from: 'pending', actor: 'rule', condition: 'the retries are used up', action: 'hand_to_finance', to: 'failed' },
  { from: 'failed', actor: 'finance', condition: 'the provider is fixed', action: 'retry_refund', to: 'pending' },
  { from: 'failed', actor: 'timeout', condition: 'finance did not act in time', action: 'retry_refund', to: 'pending' },
];

export const matches = (when: Condition, facts: Facts): boolean =>
  (when.types === undefined || when.types.includes(facts.type)) &&
  (when.trusted === undefined || when.trusted === facts.trusted) &&
  (when.eligible === undefined || when.eligible === facts.eligible) &&
  (when.partialRefund === undefined || when.partialRefund === facts.partialRefund) &&
  (when.replacementShipped === undefined || when.replacementShipped === facts.replacementShipped);

/** The row a workflow step applies: the one of that step leaving the case's current state under its facts. */
export const transitionOf = (step: string, from: CaseStatus, facts: Facts): Transition | undefined =>
  caseTransitions.find((row) => row.step === step && row.from === from && matches(row.when, facts));

/** What the people waited for may do in a waiting state, given the case's facts. */
export function actionsAt(status: WaitingStatus, facts: Facts): Transition[] {
  return caseTransitions.filter((row) => row.from === status && row.actor !== 'timeout' && row.actor !== 'rule' && matches(row.when, facts));
}

export const waitOfKind = (kind: string): WaitingStatus | undefined => waitingStatusOf(waits, kind);
