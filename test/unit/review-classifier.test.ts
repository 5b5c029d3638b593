import { describe, expect, it } from 'vitest';
import { forbiddenPhrasesIn } from '../../functions/notifications/phrases.js';
import { locales } from '../../functions/notifications/templates.js';
import { classifyReview, draftReply, reviewCategories, type ReviewCategory, type ReviewFacts } from '../../functions/sweeps/review-classifier.js';

const paidAt = '2026-03-01T10:00:00+08:00';
const onTime = { paidAt, shippedAt: '2026-03-02T10:00:00+08:00', deliveredAt: '2026-03-04T10:00:00+08:00', carrier: 'SF Express' };
/** Shipped 96 h after payment, delivered 48 h later. */
const shippedLate = { ...onTime, shippedAt: '2026-03-05T10:00:00+08:00', deliveredAt: '2026-03-07T10:00:00+08:00' };

const review = (text: string, facts: Partial<ReviewFacts> = {}): ReviewFacts => ({
  rating: 2,
  text,
  order: onTime,
  cases: [],
  lateShipmentHours: 72,
  normalTransitHours: 72,
  ...facts,
});

const texts: Array<[ReviewCategory, string]> = [
  ['logistics', '快递太慢了，等了一个星期'],
  ['logistics', '包装破损，盒子都压坏了'],
  ['logistics', '物流一直不更新，半个月才到'],
  ['logistics', 'Delivery was so slow, took two weeks.'],
  ['logistics', 'The parcel arrived crushed and the packaging was torn.'],
  ['logistics', 'Shipping delayed again and again.'],
  ['logistics', 'Arrived late.'],
  ['service', '客服态度太差了'],
  ['service', '问了好几次都不回复'],
  ['service', '售后一直推脱，很敷衍'],
  ['service', 'Customer service was rude.'],
  ['service', 'Sent three messages, no reply at all.'],
  ['service', 'The seller was slow to reply and unhelpful.'],
  ['product_quality', '质量很差，用了两天就坏了'],
  ['product_quality', '做工粗糙，还掉色'],
  ['product_quality', '衣服起球了，还开线'],
  ['product_quality', 'Poor quality, it broke after a day.'],
  ['product_quality', 'Defective unit, stopped working.'],
  ['product_quality', 'The colour faded after one wash.'],
  ['wrong_item', '发错货了，我买的是红色'],
  ['wrong_item', '收到的不是我买的那款'],
  ['wrong_item', '尺码发成了XL'],
  ['wrong_item', 'Wrong item in the box.'],
  ['wrong_item', 'They sent me the wrong size.'],
  ['wrong_item', 'This is not what I ordered.'],
  ['wrong_item', 'Wrong size sent, I asked for M.'],
  ['buyers_own_reason', '不喜欢这个颜色'],
  ['buyers_own_reason', '尺码选错了，穿着不合适'],
  ['buyers_own_reason', '买错了，不想要了'],
  ['buyers_own_reason', 'Changed my mind.'],
  ['buyers_own_reason', "It didn't fit me."],
  ['buyers_own_reason', 'It didn\u2019t fit me.'],
  ['buyers_own_reason', 'I ordered the wrong size, my bad.'],
];

describe('classifyReview by the words of the review', () => {
  it.each(texts)('%s: %s', (category, text) => {
    const result = classifyReview(review(text));
    expect(result.category).toBe(category);
    expect(result.reasons.length).toBeGreaterThan(0);
  });

  it('matches English without case and Chinese and English in one text', () => {
    expect(classifyReview(review('CUSTOMER SERVICE WAS RUDE')).category).toBe('service');
    expect(classifyReview(review('快递 super slow')).scores.logistics).toBe(3);
  });

  it('matches English whole words, with endings only for stems', () => {
    expect(classifyReview(review('It arrived slowly')).reasons).toEqual(['text mentions "slowly" (logistics)']);
    expect(classifyReview(review('The chocolate was the latest flavour')).reasons).toEqual(['no rule fired; defaulting to product_quality until the follow-up finds out']);
  });

  it('lets a longer phrase shadow an overlapping shorter one', () => {
    const ordered = classifyReview(review('I ordered the wrong item.'));
    expect(ordered.category).toBe('buyers_own_reason');
    expect(ordered.scores.wrong_item).toBe(0);
    expect(classifyReview(review('客服态度傲慢')).scores.logistics).toBe(0);
  });

  it('counts a repeated keyword once', () => {
    expect(classifyReview(review('慢慢慢，太慢了')).scores.logistics).toBe(2);
  });
});

describe('classifyReview by the facts of the order', () => {
  it('calls a late shipment logistics with no words at all', () => {
    const result = classifyReview(review('', { order: shippedLate }));
    expect(result.category).toBe('logistics');
    expect(result.reasons).toEqual(['shipped 96 h after payment (late after 72 h)']);
  });

  it('does not call a shipment at exactly the limit late', () => {
    const atLimit = { ...onTime, shippedAt: '2026-03-04T10:00:00+08:00', deliveredAt: '2026-03-05T10:00:00+08:00' };
    expect(classifyReview(review('', { order: atLimit })).scores.logistics).toBe(0);
  });

  it('calls a long transit logistics, naming the carrier', () => {
    const slowTransit = { ...onTime, deliveredAt: '2026-03-07T10:00:00+08:00' };
    const result = classifyReview(review('', { order: slowTransit }));
    expect(result.category).toBe('logistics');
    expect(result.reasons).toEqual(['delivered 120 h after shipment by SF Express (normal transit 72 h)']);
  });

  it.each<[string, ReviewCategory]>([
    ['wrong_item', 'wrong_item'],
    ['quality', 'product_quality'],
    ['not_as_described', 'product_quality'],
    ['damaged', 'logistics'],
    ['not_received', 'logistics'],
    ['no_reason', 'buyers_own_reason'],
  ])('calls an after-sales case with reason %s %s', (reason, category) => {
    const result = classifyReview(review('', { cases: [{ type: 'return_refund', reason }] }));
    expect(result.category).toBe(category);
    expect(result.reasons).toEqual([`after-sales case (return_refund) with reason "${reason}" (${category})`]);
  });

  it('counts two cases with the same reason once', () => {
    const cases = [{ type: 'exchange', reason: 'wrong_item' }, { type: 'return_refund', reason: 'wrong_item' }];
    expect(classifyReview(review('', { cases })).scores.wrong_item).toBe(3);
  });

  it('lets the timeline tip a mixed text', () => {
    const text = '质量不好，做工也粗糙，快递慢';
    const wordsOnly = classifyReview(review(text));
    expect(wordsOnly.category).toBe('product_quality');
    expect(wordsOnly.scores).toMatchObject({ product_quality: 4, logistics: 3 });
    const withTimeline = classifyReview(review(text, { order: shippedLate }));
    expect(withTimeline.category).toBe('logistics');
    expect(withTimeline.scores).toMatchObject({ product_quality: 4, logistics: 6 });
  });
});

describe('classifyReview on ties, reasons and no evidence', () => {
  it.each<[string, ReviewCategory, ReviewCategory]>([
    ['快递很慢，客服也不回复', 'logistics', 'service'],
    ['Wrong item, and the quality is bad.', 'wrong_item', 'product_quality'],
    ['掉色，还很慢', 'product_quality', 'logistics'],
    ['不喜欢，而且态度差', 'service', 'buyers_own_reason'],
  ])('breaks a tie in %s for %s over %s', (text, winner, loser) => {
    const result = classifyReview(review(text));
    expect(result.scores[winner]).toBe(result.scores[loser]);
    expect(result.category).toBe(winner);
  });

  it('lists every rule that fired, words in the order written, then the facts', () => {
    const result = classifyReview(review('慢死了，快递还不如走路', { order: shippedLate, cases: [{ type: 'refund_only', reason: 'damaged' }] }));
    expect(result.reasons).toEqual([
      'text mentions "慢" (logistics)',
      'text mentions "快递" (logistics)',
      'shipped 96 h after payment (late after 72 h)',
      'after-sales case (refund_only) with reason "damaged" (logistics)',
    ]);
    expect(result.scores).toEqual({ logistics: 9, service: 0, product_quality: 0, buyers_own_reason: 0, wrong_item: 0 });
  });

  it('defaults to product_quality when no rule fires, and says so', () => {
    const result = classifyReview(review('一般般', { order: undefined, cases: [{ type: 'return_refund', reason: 'other' }] }));
    expect(result).toEqual({
      category: 'product_quality',
      scores: { logistics: 0, service: 0, product_quality: 0, buyers_own_reason: 0, wrong_item: 0 },
      reasons: ['no rule fired; defaulting to product_quality until the follow-up finds out'],
    });
  });

  it('classifies whatever rating the store follows up, by the same rules', () => {
    expect(classifyReview(review('快递有点慢', { rating: 4 }))).toEqual(classifyReview(review('快递有点慢', { rating: 1 })));
  });
});

describe('draftReply', () => {
  const drafts = reviewCategories.flatMap((category) => locales.map((locale) => [category, locale, draftReply(category, locale)] as const));

  it.each(drafts)('%s (%s) is polite and free of forbidden phrases', (_category, locale, text) => {
    expect(text.length).toBeGreaterThan(0);
    expect(text.startsWith(locale === 'zh-CN' ? '您好' : 'Hello')).toBe(true);
    expect(forbiddenPhrasesIn(text)).toEqual([]);
  });

  it.each(locales)('differs per category in %s', (locale) => {
    expect(new Set(reviewCategories.map((category) => draftReply(category, locale))).size).toBe(reviewCategories.length);
  });
});
