import type { CustomerRecord, Tier } from './customer.js';

/** The facts of the customer file that tags are counted from. */
type Fact = 'orders' | 'invoiceRequests' | 'complaints' | 'afterSalesCases' | 'disputes';

type TagRule = { tag: string; counts: readonly Fact[]; atLeast: number } | { tag: string; tier: Tier };

/**
 * How a customer is tagged (DOMAIN.md: purchase history, enquiries, complaints), as the business reads it: a tag holds
 * while the facts it counts add up to at least `atLeast`, or while the customer is in its tier. `enquiry` is a buyer
 * who asked something of the store: an invoice request or a complaint.
 */
export const TAG_RULES = [
  { tag: 'buyer', counts: ['orders'], atLeast: 1 },
  { tag: 'repeat_buyer', counts: ['orders'], atLeast: 2 },
  { tag: 'enquiry', counts: ['invoiceRequests', 'complaints'], atLeast: 1 },
  { tag: 'complaint', counts: ['complaints'], atLeast: 1 },
  { tag: 'returns', counts: ['afterSalesCases'], atLeast: 1 },
  { tag: 'dispute', counts: ['disputes'], atLeast: 1 },
  { tag: 'member', tier: 'member' },
  { tag: 'senior_member', tier: 'senior_member' },
] as const satisfies readonly TagRule[];

export type CustomerTag = (typeof TAG_RULES)[number]['tag'];

type TagFacts = Pick<CustomerRecord, 'orderIds' | 'invoiceRequestIds' | 'complaintCaseIds' | 'caseIds' | 'disputeCaseIds' | 'tier'>;

/** The customer's tags, derived afresh from the facts (so a tag whose facts no longer hold, such as a lost tier, goes). */
export function tagsOf(customer: TagFacts): Set<CustomerTag> {
  const counts: Record<Fact, number> = {
    orders: customer.orderIds.size,
    invoiceRequests: customer.invoiceRequestIds.size,
    complaints: customer.complaintCaseIds.size,
    afterSalesCases: customer.caseIds.size,
    disputes: customer.disputeCaseIds.size,
  };
  const holds = (rule: TagRule) => ('tier' in rule ? customer.tier === rule.tier : rule.counts.reduce((sum, fact) => sum + counts[fact], 0) >= rule.atLeast);
  return new Set(TAG_RULES.filter(holds).map((rule) => rule.tag));
}
