import type { Policy } from '../stores/policy.js';

/**
 * Rules first, a supervisor otherwise (DOMAIN.md: gift and free-shipping requests, and a bulk order's discount):
 * a request the store's rules grant is granted at once; anything else waits for a supervisor, and a supervisor who
 * does not answer in time has refused.
 */
export interface ApprovalRequest {
  kind: 'gift' | 'free_shipping' | 'discount';
  /** What is asked, in fen (the gift's or the shipping's value, or the discount). */
  value: number;
  orderTotal: number;
}

export type ApprovalStatus = 'pending' | 'granted' | 'refused';

export interface Approval extends ApprovalRequest {
  status: ApprovalStatus;
  /** Who granted or refused: `rule`, `timeout`, or the supervisor (`agent:<id>`). */
  by?: string;
  /** What was granted, when the supervisor granted less than asked. */
  granted?: number;
  reason?: string;
}

/** The rule's answer: granted, or undecided (a supervisor decides). Rules never refuse on their own. */
export function decideByRule(request: ApprovalRequest, rules: Policy['approvals']): { granted: boolean; rule: string } {
  if (request.kind === 'discount') {
    const share = request.orderTotal > 0 ? request.value / request.orderTotal : 1;
    return { granted: share <= rules.maxDiscountShareByRule, rule: `discount up to ${Math.round(rules.maxDiscountShareByRule * 100)}% of the total` };
  }
  return {
    granted: request.value <= rules.maxValueByRule && request.orderTotal >= rules.minOrderTotal,
    rule: `${request.kind === 'gift' ? 'gift' : 'free shipping'} worth up to ${rules.maxValueByRule / 100} CNY on orders from ${rules.minOrderTotal / 100} CNY`,
  };
}

export const APPROVAL_STEPS = {
  checkRules: 'Check the rules',
  grantByRule: 'Grant by rule',
  recordGranted: 'Record supervisor approval',
  recordRefused: 'Record supervisor refusal',
  refuseAfterTimeout: 'Refuse after timeout',
} as const;

export const APPROVAL_WAIT = { state: 'Await supervisor approval', kind: 'approval', role: 'supervisor', deadline: 'approvalSeconds' } as const;

/** The approval after one of its steps; `decision` is the supervisor's, where there is one. */
export function nextApproval(step: string, approval: Approval, decision: { decision: string; by: string; amount?: unknown; reason?: unknown } | null, rules: Policy['approvals']): Approval {
  switch (step) {
    case APPROVAL_STEPS.checkRules:
      return approval;
    case APPROVAL_STEPS.grantByRule:
      return decideByRule(approval, rules).granted ? { ...approval, status: 'granted', by: 'rule', granted: approval.value } : approval;
    case APPROVAL_STEPS.recordGranted: {
      const granted = typeof decision?.amount === 'number' ? Math.min(decision.amount, approval.value) : approval.value;
      return { ...approval, status: 'granted', by: decision?.by ?? 'supervisor', granted };
    }
    case APPROVAL_STEPS.recordRefused:
      return { ...approval, status: 'refused', by: decision?.by ?? 'supervisor', ...(typeof decision?.reason === 'string' ? { reason: decision.reason } : {}) };
    case APPROVAL_STEPS.refuseAfterTimeout:
      return { ...approval, status: 'refused', by: 'timeout' };
    default:
      throw new Error(`"${step}" is not a step of an approval`);
  }
}
