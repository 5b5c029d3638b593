import type { Policy } from '../stores/policy.js';
import type { Customer } from './customer.js';

const DAY_MS = 86_400_000;

export interface TrustScore {
  score: number;
  trusted: boolean;
  /** The points of each part, so an agent can see why a buyer was (not) trusted. */
  parts: { accountAge: number; returnRate: number; disputes: number };
}

/**
 * How far a buyer is trusted with a fast refund (DOMAIN.md: account age, low return rate, no disputes),
 * out of 100 points:
 * - account age: up to 40, growing evenly to the full 40 at `fullScoreAccountDays` (unknown age: 0);
 * - return rate (after-sales cases per order): up to 30, falling evenly to 0 at `maxReturnRate`;
 *   a buyer with fewer than `minOrders` orders has no rate yet and earns 0;
 * - disputes (cases escalated to the platform): 30 with none, 15 with one, 0 with more.
 * The buyer is trusted from `minScore` (80 by default: a year-old account with a record of orders, few returns and no
 * disputes; an old account with a single order, 70, is not yet).
 */
export function trustScore(customer: Customer | undefined, policy: Policy['returns']['trust'], now: Date): TrustScore {
  const orders = customer?.orderIds.size ?? 0;
  const cases = customer?.caseIds.size ?? 0;
  const disputes = customer?.disputeCaseIds.size ?? 0;
  const ageDays = customer?.registeredAt ? Math.max(0, (now.getTime() - Date.parse(customer.registeredAt)) / DAY_MS) : 0;
  const accountAge = Math.round(40 * Math.min(1, ageDays / policy.fullScoreAccountDays));
  const returnRate = orders >= Math.max(1, policy.minOrders) ? Math.round(30 * Math.max(0, 1 - cases / orders / policy.maxReturnRate)) : 0;
  const disputePoints = disputes === 0 ? 30 : disputes === 1 ? 15 : 0;
  const score = accountAge + returnRate + disputePoints;
  return { score, trusted: score >= policy.minScore, parts: { accountAge, returnRate, disputes: disputePoints } };
}
