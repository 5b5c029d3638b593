import type { Locale } from '../notifications/templates.js';
import type { Order } from '../orders/order.js';
import type { Policy } from '../stores/policy.js';
import type { CustomerRecord, Tier } from './customer.js';

type MembershipPolicy = Policy['membership'];

/**
 * What a completed order counts towards membership: what the buyer paid (the amount agreed in a bulk-order review, else
 * the total) less every refund of it, never below zero. An order not completed (or not seen yet) counts nothing.
 */
export function netSpendOf(order: Order): number | undefined {
  if (!order.completedAt || order.total === undefined) return undefined;
  const paid = order.agreedDiscount?.amountDue ?? order.total;
  const refunded = (order.refunds ?? []).reduce((sum, refund) => sum + refund.amount, 0);
  return Math.max(0, paid - refunded);
}

export const lifetimeSpendOf = (spendByOrder: Record<string, number>): number => Object.values(spendByOrder).reduce((sum, net) => sum + net, 0);

/** Senior from the total spend, member from one order big enough, else none; recomputed from spend, so refunds lower it too. */
export function tierOf(spendByOrder: Record<string, number>, policy: MembershipPolicy): Tier {
  if (lifetimeSpendOf(spendByOrder) >= policy.seniorTotalSpendFen) return 'senior_member';
  return Object.values(spendByOrder).some((net) => net >= policy.memberSingleOrderFen) ? 'member' : 'none';
}

/** The spend change that caused a tier change: the order and what it now counts. */
export const spendCause = (orderId: string, net: number) => `${orderId}:${net}`;

/**
 * One order's net spend on the customer: its entry replaced (never added to, so a redelivery or retry counts nothing
 * twice), the lifetime spend and tier recomputed, a tier change recorded with its cause. Undefined when nothing changes.
 */
export function recountSpend(customer: CustomerRecord, orderId: string, net: number, policy: MembershipPolicy, at: string): CustomerRecord | undefined {
  if (customer.spendByOrder[orderId] === net) return undefined;
  const spendByOrder = { ...customer.spendByOrder, [orderId]: net };
  const tier = tierOf(spendByOrder, policy);
  const next: CustomerRecord = { ...customer, spendByOrder, lifetimeSpend: lifetimeSpendOf(spendByOrder), tier };
  return tier === customer.tier ? next : { ...next, tierChange: { from: customer.tier, to: tier, cause: spendCause(orderId, net), at } };
}

/** How the tiers are called in messages to buyers, in each language. */
const TIER_NAMES: Record<Locale, Record<Tier, string>> = {
  'zh-CN': { none: '普通顾客', member: '会员', senior_member: '高级会员' },
  en: { none: 'regular customer', member: 'member', senior_member: 'senior member' },
};
const DISCOUNT_WORDS: Record<Locale, (percent: number) => string> = {
  'zh-CN': (percent) => `，购物可享 ${percent}% 折扣`,
  en: (percent) => `, with ${percent}% off your purchases`,
};

/** The variables of `membership.tier_changed`: the tier in the store's language, and the discount where the tier has one. */
export const tierChangedVariables = (tier: Tier, locale: Locale, policy: MembershipPolicy) => ({
  tierName: TIER_NAMES[locale][tier],
  benefit: tier === 'senior_member' ? DISCOUNT_WORDS[locale](policy.seniorDiscountPercent) : '',
});
