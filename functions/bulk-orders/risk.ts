import type { Customer } from '../customers/customer.js';
import type { Order } from '../orders/order.js';
import type { Policy } from '../stores/policy.js';

export interface RiskScreening {
  score: number;
  level: 'low' | 'high';
  /** Each rule that added or took away points, in words an agent can check. */
  reasons: Array<{ rule: string; points: number; detail: string }>;
}

const DAY_MS = 86_400_000;
/** Questions about material and brand authorisation, rather than quality, price and discounts (DOMAIN.md). */
const CLAIM_HUNTING = ['材质', '成分', '品牌授权', '授权书', '正品证明', 'material', 'brand authori', 'authorization letter', 'certificate of authenticity'];
const ORDINARY_BUYING = ['质量', '价格', '优惠', '折扣', 'quality', 'price', 'discount'];

/**
 * Screens a bulk order for buyers who order big to claim compensation later, as a scored, explained rule set:
 * account age, purchase history, past returns and disputes, the order's pattern, and the buyer's questions.
 * High risk from `policy.highRiskScore` (50 by default).
 */
export function screenRisk(order: Order, customer: Customer | undefined, questions: string, policy: Policy['bulkOrders'], now: Date): RiskScreening {
  const reasons: RiskScreening['reasons'] = [];
  const add = (rule: string, points: number, detail: string) => reasons.push({ rule, points, detail });
  const ageDays = customer?.registeredAt ? (now.getTime() - Date.parse(customer.registeredAt)) / DAY_MS : undefined;
  if (ageDays === undefined || ageDays < 30) add('new-account', 25, ageDays === undefined ? 'account age unknown' : `account ${Math.floor(ageDays)} days old`);
  const earlier = (customer?.orderIds.size ?? 0) - (customer?.orderIds.has(order.orderId) ? 1 : 0);
  if (earlier === 0) add('no-history', 15, 'no earlier orders at this store');
  const disputes = customer?.disputeCaseIds.size ?? 0;
  if (disputes > 0) add('disputes', 30, `${disputes} case(s) escalated to the platform`);
  const cases = customer?.caseIds.size ?? 0;
  if (earlier > 0 && cases / earlier > 0.3) add('frequent-returns', 15, `${cases} after-sales cases over ${earlier} orders`);
  const units = (order.items ?? []).reduce((sum, item) => sum + item.quantity, 0);
  if ((order.items ?? []).length === 1 && units >= policy.minQuantityOfOneSku * 3) add('single-item-hoard', 10, `${units} units of one item`);
  const asked = questions.toLowerCase();
  if (CLAIM_HUNTING.some((phrase) => asked.includes(phrase.toLowerCase()))) add('claim-questions', 25, 'asked about material or brand authorisation');
  else if (ORDINARY_BUYING.some((phrase) => asked.includes(phrase.toLowerCase()))) add('ordinary-questions', -10, 'asked about quality, price or discounts');
  const score = Math.max(0, reasons.reduce((sum, reason) => sum + reason.points, 0));
  return { score, level: score >= policy.highRiskScore ? 'high' : 'low', reasons };
}
