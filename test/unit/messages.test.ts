import { describe, expect, it } from 'vitest';
import { FORBIDDEN_PHRASES, forbiddenPhrasesIn } from '../../functions/notifications/phrases.js';
import { renderMessage, yuanOf } from '../../functions/notifications/render.js';
import { fragmentIds, locales, templates, type TemplateId } from '../../functions/notifications/templates.js';
import { tierChangedVariables } from '../../functions/customers/membership.js';
import { tiers } from '../../functions/customers/customer.js';
import { defaultPolicy } from '../../functions/stores/policy.js';

/** One set of example values for every template variable; a new template needs its examples here. */
const examples: Record<TemplateId, Record<string, string>> = {
  'aftersale.received': { orderId: 'DEMO-0001', dueAt: '2026年11月25日 09:00' },
  'aftersale.agreed': { orderId: 'DEMO-0001' },
  'aftersale.rejected': { orderId: 'DEMO-0001', reason: '商品已使用' },
  'aftersale.refunded': { orderId: 'DEMO-0001', amount: '129.00' },
  'aftersale.return_instructions': { orderId: 'DEMO-0001', dueAt: '2026年11月30日 09:00', shipping: '退货运费由本店承担', alsoReturn: '，并请一同寄回赠品（GIFT-1）' },
  'aftersale.store_rejected': { orderId: 'DEMO-0001', reason: '商品已使用', dueAt: '2026年11月28日 09:00' },
  'aftersale.escalated': { orderId: 'DEMO-0001', dueAt: '2026年11月30日 09:00' },
  'aftersale.replacement_shipped': { orderId: 'DEMO-0001' },
  'aftersale.expired': { orderId: 'DEMO-0001' },
  'aftersale.withdrawn': { orderId: 'DEMO-0001' },
  'complaint.received': { dueAt: '2026年11月26日 09:00' },
  'complaint.reply': { message: '非常抱歉，我们核实后会为您补发商品。' },
  'bulk.terminated': { orderId: 'DEMO-0001', reason: '该商品暂不支持批量采购' },
  'bulk.terms_agreed': { orderId: 'DEMO-0001', amountDue: '9500.00', discount: '500.00' },
  'perk.granted': { orderId: 'DEMO-0001', what: '赠品' },
  'perk.refused': { orderId: 'DEMO-0001', what: '包邮' },
  'invoice.issued': { orderId: 'DEMO-0001', title: '杭州某某科技有限公司', amount: '199.00', delivery: '将随包裹一起寄出' },
  'invoice.confirm_receipt': { orderId: 'DEMO-0001', dueAt: '2026年12月8日 09:00' },
  'invoice.voided': { orderId: 'DEMO-0001', next: '，剩余金额 ¥99.00 的发票将重新开具' },
  'invoice.request_refused': { orderId: 'DEMO-0001', reason: '该订单的发票已开具' },
  'order.payment_reminder': { orderId: 'DEMO-0001' },
  'order.parcel_delayed': { orderId: 'DEMO-0001', carrier: 'SF', trackingNo: 'SF1234567890' },
  'order.receipt_extended': { orderId: 'DEMO-0001', days: '3' },
  'order.confirm_receipt': { orderId: 'DEMO-0001' },
  'campaign.care_revisit': { orderId: 'DEMO-0001', days: '7' },
  'campaign.satisfaction': { orderId: 'DEMO-0001' },
  'campaign.birthday': { offer: '送您一张优惠券。' },
  'campaign.holiday': { holiday: '国庆节', offer: '' },
  'campaign.year_end': { offer: '送您一个红包。' },
  'campaign.win_back': { offer: ' A coupon for you.' },
  'campaign.coupon': { value: '8.88', code: 'RP-7F3A', validUntil: '2027-01-31', minSpend: '（满 ¥50.00 可用）' },
  'campaign.opt_out': { optOutUrl: 'https://shop.example/optout/msg-1/abc' },
  'campaign.opted_out': {},
  'membership.tier_changed': { tierName: '高级会员', benefit: '，购物可享 10% 折扣' },
};

describe('message templates', () => {
  const all = (Object.keys(templates) as TemplateId[]).flatMap((template) => locales.map((locale) => [template, locale] as const));

  it.each(all)('%s (%s) renders with its variables and passes the forbidden-phrase check', (template, locale) => {
    const text = renderMessage(template, locale, examples[template]);
    expect(text).not.toMatch(/\{\{/);
    for (const value of Object.values(examples[template])) expect(text).toContain(value);
    expect(forbiddenPhrasesIn(templates[template][locale])).toEqual([]);
  });

  it('greets the buyer politely in each language', () => {
    for (const template of (Object.keys(templates) as TemplateId[]).filter((id) => !fragmentIds.includes(id))) {
      expect(templates[template]['zh-CN']).toMatch(/^您好/);
      expect(templates[template].en).toMatch(/^Hello/);
    }
  });

  it('refuses missing or malformed variables', () => {
    expect(() => renderMessage('aftersale.refunded', 'en', { orderId: 'o-1' })).toThrow();
    expect(() => renderMessage('aftersale.refunded', 'en', { orderId: 'o-1', amount: '129' })).toThrow(/two decimals/);
  });

  it('refuses a message whose filled-in text contains a forbidden phrase', () => {
    expect(() => renderMessage('aftersale.rejected', 'zh-CN', { orderId: 'o-1', reason: '我怎么知道' })).toThrow(/forbidden phrases: 我怎么知道/);
    expect(() => renderMessage('aftersale.rejected', 'en', { orderId: 'o-1', reason: 'Ask my boss' })).toThrow(/ask my boss/);
  });
});

describe('the membership tier change', () => {
  const membership = defaultPolicy().membership;
  const cases = tiers.flatMap((tier) => locales.map((locale) => [tier, locale] as const));

  it.each(cases)('tells a buyer their new tier %s (%s) in the store\'s language, without a forbidden phrase', (tier, locale) => {
    const text = renderMessage('membership.tier_changed', locale, tierChangedVariables(tier, locale, membership));
    expect(forbiddenPhrasesIn(text)).toEqual([]);
    expect(text).toMatch(locale === 'en' ? /^Hello, thank you/ : /^您好，感谢/);
    // The discount is named only for a senior member, with the store's percent.
    expect(text.includes('10%')).toBe(tier === 'senior_member');
  });

  it('names the tier in each language and the percent the store grants', () => {
    expect(renderMessage('membership.tier_changed', 'zh-CN', tierChangedVariables('member', 'zh-CN', membership))).toContain('「会员」。');
    expect(renderMessage('membership.tier_changed', 'en', tierChangedVariables('senior_member', 'en', { ...membership, seniorDiscountPercent: 15 }))).toContain('"senior member", with 15% off your purchases.');
    expect(renderMessage('membership.tier_changed', 'en', tierChangedVariables('none', 'en', membership))).toContain('"regular customer".');
  });

  it('refuses a discount without its percent, or no tier name', () => {
    expect(() => renderMessage('membership.tier_changed', 'en', { tierName: 'senior member', benefit: ', with a discount' })).toThrow(/percent/);
    expect(() => renderMessage('membership.tier_changed', 'en', { tierName: '', benefit: '' })).toThrow();
  });
});

describe('the forbidden-phrase check', () => {
  it('finds phrases in Chinese and English, whatever the case or apostrophe', () => {
    expect(forbiddenPhrasesIn('这个问题不关我的事')).toEqual(['不关我的事']);
    expect(forbiddenPhrasesIn('That’s NOT MY BUSINESS, really')).toEqual(["that's not my business"]);
    expect(forbiddenPhrasesIn('Thank you, we will handle it for you.')).toEqual([]);
  });

  it('lists every phrase of DOMAIN.md in both languages', () => {
    for (const phrase of ["that's not my business", 'go find someone else', 'read the notice yourself', "what's the hurry", 'i told you already', 'complain if you like', "that's just my attitude", 'ask my boss', 'how would i know']) {
      expect(FORBIDDEN_PHRASES).toContain(phrase);
    }
    expect(FORBIDDEN_PHRASES.some((phrase) => /[\u4e00-\u9fff]/.test(phrase))).toBe(true);
  });
});

describe('yuanOf', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(yuanOf(12_900)).toBe('129.00');
    expect(yuanOf(5)).toBe('0.05');
  });
});
