import type { Case } from '../cases/case.js';
import type { Policy } from '../stores/policy.js';

/** What a returns execution starts with: the case id and the deadlines in force when it was requested. */
export interface ReturnsWorkflowInput {
  caseId: string;
  storeId: string;
  type: Case['type'];
  deadlines: {
    storeDecisionSeconds: number;
  };
}

export function buildReturnsWorkflowInput(aCase: Case, policy: Policy): ReturnsWorkflowInput {
  return {
    caseId: aCase.caseId,
    storeId: aCase.storeId,
    type: aCase.type,
    deadlines: { storeDecisionSeconds: policy.returns.storeDecisionSeconds },
  };
}
