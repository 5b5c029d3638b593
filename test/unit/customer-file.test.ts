import { describe, expect, it } from 'vitest';
import { monthDayOf } from '../../functions/customers/birthday.js';
import { audienceKeys, emptyCustomer, isNewerConsent, laterOrderTime, type CustomerRecord, type Tier } from '../../functions/customers/customer.js';
import { netSpendOf, recountSpend, tierOf } from '../../functions/customers/membership.js';
import { tagsOf } from '../../functions/customers/tags.js';
import { SWEEP_SHARDS, type Order } from '../../functions/orders/order.js';
import { defaultPolicy, policySchema } from '../../functions/stores/policy.js';
import { nativeEventSchema } from '../../functions/webhooks/native-events.js';

const membership = defaultPolicy().membership;
const AT = '2026-11-24T02:00:00.000Z';

describe('membership tiers', () => {
  it('has the defaults of DOMAIN.md: one order of ¥300 makes a member, ¥2,000 in all a senior member with 10 % off', () => {
    expect(membership).toEqual({ memberSingleOrderFen: 30_000, seniorTotalSpendFen: 200_000, seniorDiscountPercent: 10 });
    expect(() => policySchema.parse({ membership: { memberSingleOrderFen: 30_000, surprise: 1 } })).toThrow();
  });

  it.each<[string, Record<string, number>, Tier]>([
    ['no completed order', {}, 'none'],
    ['one order of ¥299.99', { a: 29_999 }, 'none'],
    ['one order of exactly ¥300', { a: 30_000 }, 'member'],
    ['many small orders adding up to more than ¥300', { a: 20_000, b: 20_000 }, 'none'],
    ['¥1,999.99 in all, one of them ¥300', { a: 30_000, b: 169_999 }, 'member'],
    ['exactly ¥2,000 in all', { a: 100_000, b: 100_000 }, 'senior_member'],
    ['¥2,000 in small orders only', Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`o${i}`, 20_000])), 'senior_member'],
  ])('%s → %s', (_name, spendByOrder, tier) => {
    expect(tierOf(spendByOrder, membership)).toBe(tier);
  });

  it('follows the store\'s own thresholds', () => {
    expect(tierOf({ a: 10_000 }, { ...membership, memberSingleOrderFen: 10_000 })).toBe('member');
    expect(tierOf({ a: 50_000 }, { ...membership, seniorTotalSpendFen: 50_000 })).toBe('senior_member');
  });

  const customer = (spendByOrder: Record<string, number>, tier: Tier): CustomerRecord => ({ ...emptyCustomer('s', 'b'), spendByOrder, tier });

  it('counts an order once: recounting the same net changes nothing, a new net replaces the old one', () => {
    const first = recountSpend(customer({}, 'none'), 'o1', 30_000, membership, AT);
    expect(first).toMatchObject({ lifetimeSpend: 30_000, tier: 'member', tierChange: { from: 'none', to: 'member', cause: 'o1:30000', at: AT } });
    expect(recountSpend(first as CustomerRecord, 'o1', 30_000, membership, AT)).toBeUndefined();
    const second = recountSpend(first as CustomerRecord, 'o1', 25_000, membership, AT);
    expect(second).toMatchObject({ lifetimeSpend: 25_000, spendByOrder: { o1: 25_000 }, tier: 'none', tierChange: { from: 'member', to: 'none', cause: 'o1:25000' } });
  });

  it('lowers the tier after a refund, and keeps the last change when the tier stays', () => {
    const senior = customer({ a: 150_000, b: 50_000 }, 'senior_member');
    expect(recountSpend(senior, 'b', 40_000, membership, AT)).toMatchObject({ lifetimeSpend: 190_000, tier: 'member', tierChange: { from: 'senior_member', to: 'member' } });
    const member = { ...customer({ a: 40_000 }, 'member'), tierChange: { from: 'none' as const, to: 'member' as const, cause: 'a:40000', at: AT } };
    expect(recountSpend(member, 'c', 5_000, membership, AT)).toMatchObject({ tier: 'member', lifetimeSpend: 45_000, tierChange: { cause: 'a:40000' } });
  });

  const order = (fields: Partial<Order>): Order => ({ storeId: 's', orderId: 'o1', status: 'completed', total: 50_000, completedAt: AT, version: 3, ...fields });

  it.each<[string, Partial<Order>, number | undefined]>([
    ['a completed order counts its total', {}, 50_000],
    ['less its refunds', { refunds: [{ refundId: 'r1', amount: 10_000, refundedAt: AT }, { refundId: 'r2', amount: 5_000, refundedAt: AT }] }, 35_000],
    ['never below zero', { refunds: [{ refundId: 'r1', amount: 60_000, refundedAt: AT }] }, 0],
    ['what was agreed in a bulk-order review', { agreedDiscount: { amount: 5_000, approvedBy: 'boss', amountDue: 45_000 } }, 45_000],
    ['nothing before it completes', { completedAt: undefined, status: 'delivered' }, undefined],
    ['nothing while the order itself is unknown', { total: undefined }, undefined],
  ])('%s', (_name, fields, net) => {
    expect(netSpendOf(order(fields))).toBe(net);
  });
});

describe('customer tags', () => {
  const facts = (fields: Partial<CustomerRecord>) => [...tagsOf({ ...emptyCustomer('s', 'b'), ...fields })].sort();
  const ids = (...values: string[]) => new Set(values);

  it.each<[string, Partial<CustomerRecord>, string[]]>([
    ['a new customer', {}, []],
    ['one order', { orderIds: ids('o1') }, ['buyer']],
    ['two orders', { orderIds: ids('o1', 'o2') }, ['buyer', 'repeat_buyer']],
    ['an invoice request is an enquiry', { invoiceRequestIds: ids('o1') }, ['enquiry']],
    ['a complaint is an enquiry and a complaint', { complaintCaseIds: ids('c1') }, ['complaint', 'enquiry']],
    ['an after-sales case', { caseIds: ids('as-1') }, ['returns']],
    ['a dispute', { disputeCaseIds: ids('as-1') }, ['dispute']],
    ['a member', { tier: 'member' }, ['member']],
    ['a senior member is not also a member', { tier: 'senior_member' }, ['senior_member']],
  ])('%s', (_name, fields, tags) => {
    expect(facts(fields)).toEqual(tags);
  });
});

describe('birthdays', () => {
  it.each<[string, string | undefined]>([
    ['1990-05-17', '05-17'],
    ['05-17', '05-17'],
    ['02-29', '02-29'],
    ['2000-02-29', '02-29'],
    ['1999-02-29', undefined],
    ['02-30', undefined],
    ['13-01', undefined],
    ['1990-04-31', undefined],
    ['5-17', undefined],
    ['17/05/1990', undefined],
  ])('%s → %s', (given, monthDay) => {
    expect(monthDayOf(given)).toBe(monthDay);
  });

  const update = (birthday: string) =>
    nativeEventSchema.safeParse({ id: 'evt-1', type: 'customer.updated', occurredAt: AT, data: { buyerId: 'b-1', birthday } });

  it('refuses a customer.updated whose birthday is no real date, with a clear message at data.birthday', () => {
    expect(update('1990-05-17').success).toBe(true);
    expect(update('02-29').success).toBe(true);
    const refused = update('1990-02-30');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['data', 'birthday'], message: expect.stringContaining("'YYYY-MM-DD' or 'MM-DD'") });
  });
});

describe('the customer audiences\' index keys', () => {
  it('puts a customer on the birthday index only with a birthday', () => {
    expect(audienceKeys({ storeId: 's', buyerId: 'b' })).toEqual({});
    expect(audienceKeys({ storeId: 's', buyerId: 'b', birthday: '02-29' })).toEqual({ birthdayKey: 's#02-29' });
  });

  it('puts a customer who has ordered on one shard of the last-order index, the same shard every time', () => {
    const keys = audienceKeys({ storeId: 's', buyerId: 'b-42', lastOrderAt: AT });
    expect(keys.lastOrderKey).toMatch(new RegExp(`^s#[0-${SWEEP_SHARDS - 1}]$`));
    expect(audienceKeys({ storeId: 's', buyerId: 'b-42', lastOrderAt: '2027-01-01T00:00:00.000Z' })).toEqual(keys);
    const shards = new Set(Array.from({ length: 200 }, (_, i) => audienceKeys({ storeId: 's', buyerId: `b-${i}`, lastOrderAt: AT }).lastOrderKey));
    expect(shards.size).toBe(SWEEP_SHARDS);
  });

  it('keeps the latest order time in UTC, whatever offset the storefront sent', () => {
    expect(laterOrderTime(undefined, '2026-11-24T08:30:00+08:00')).toBe('2026-11-24T00:30:00.000Z');
    // 01:00 in Shanghai is earlier than 23:00 UTC the day before, though it sorts later as text.
    expect(laterOrderTime('2026-11-23T23:00:00.000Z', '2026-11-24T01:00:00+08:00')).toBe('2026-11-23T23:00:00.000Z');
    expect(laterOrderTime('2026-11-23T23:00:00.000Z', '2026-11-24T08:00:00+08:00')).toBe('2026-11-24T00:00:00.000Z');
  });

  it('lets a later consent replace an earlier one, never the other way round', () => {
    const optedIn = { marketing: true, at: '2026-11-24T10:00:00+08:00', source: 'storefront' as const };
    const optedOut = { marketing: false, at: '2026-11-24T03:00:00Z', source: 'opt_out_link' as const };
    expect(isNewerConsent(undefined, optedIn)).toBe(true);
    expect(isNewerConsent(optedIn, optedOut)).toBe(true);
    expect(isNewerConsent(optedOut, optedIn)).toBe(false);
    expect(isNewerConsent(optedIn, optedIn)).toBe(false);
  });
});
