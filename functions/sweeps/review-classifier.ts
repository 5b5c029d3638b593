import type { Locale } from '../notifications/templates.js';

/** The categories of a medium or bad review (DOMAIN.md, "In-sale watch"). */
export const reviewCategories = ['logistics', 'service', 'product_quality', 'buyers_own_reason', 'wrong_item'] as const;
export type ReviewCategory = (typeof reviewCategories)[number];

export interface ReviewFacts {
  /**
   * 1..5. Which ratings are followed up is the store's policy, so the rules read the words and the facts,
   * never the rating, and a store that follows up 4-star reviews too still gets a category.
   */
  rating: number;
  /** zh-CN or en, in any mix. */
  text: string;
  order?: { paidAt?: string; shippedAt?: string; deliveredAt?: string; carrier?: string };
  /** After-sales cases of the order: their type and the buyer's reason. */
  cases: Array<{ type: string; reason?: string; outcome?: string }>;
  /** Hours after payment beyond which a shipment is late (72) and the carrier's normal transit hours (e.g. 72). */
  lateShipmentHours: number;
  normalTransitHours: number;
}

export interface ReviewClassification {
  category: ReviewCategory;
  scores: Record<ReviewCategory, number>;
  reasons: string[];
}

/**
 * A weak sign: a word that names who was involved rather than what went wrong ("the courier was great" names
 * the courier too), or a request reason chosen because it needs no proof.
 */
const WEAK = 1;
/** Says what went wrong. */
const COMPLAINT = 2;
/** A fact on record (the order's timeline, the reason of an after-sales request) outweighs any single word. */
const FACT = 3;

/**
 * Equal scores go to the cause the store most needs to act on, and never to the buyer: a wrong item needs a
 * resend and costs return shipping, a defect may affect the whole batch, a late parcel is the warehouse's or
 * the carrier's, a service complaint is usually a reaction to one of those, and blaming the buyer needs the
 * clearest evidence.
 */
const tiePriority = ['wrong_item', 'product_quality', 'logistics', 'service', 'buyers_own_reason'] as const satisfies readonly ReviewCategory[];

/**
 * When nothing fires, the review still has a rating of 3 or less with no stated cause. Timeline and case
 * facts would have caught a late parcel or a wrong item, and naming the buyer or the agents as the cause
 * would need words to that effect; what is left is most often the product itself, and counting it as such
 * keeps it on the store's side of the bad-review rate until the follow-up call finds out.
 */
const DEFAULT_CATEGORY: ReviewCategory = 'product_quality';

/**
 * English keywords match whole words without case; a trailing `*` also takes the word's endings ("slow*"
 * matches "slowly", "broke*" matches "broken"). Chinese has no word boundaries, so its keywords match as
 * substrings. Where two matches overlap, only the longer one counts: "slow to reply" is about service, not
 * about a slow parcel, and "ordered the wrong item" is the buyer's choice, not a wrong item sent.
 */
const keywordRules: ReadonlyArray<{ category: ReviewCategory; weight: number; zh: readonly string[]; en: readonly string[] }> = [
  { category: 'logistics', weight: WEAK, zh: ['快递', '物流', '发货', '配送'], en: ['delivery', 'shipping', 'courier*', 'parcel*', 'carrier*'] },
  {
    category: 'logistics',
    weight: COMPLAINT,
    zh: ['慢', '才到', '延迟', '破损', '包装', '压坏', '压扁', '没收到', '丢件'],
    en: ['slow*', 'late', 'delay*', 'took forever', 'took ages', 'damag*', 'packaging', 'crushed', 'never arrived', 'lost in transit', 'never received', 'not received'],
  },
  { category: 'service', weight: WEAK, zh: ['客服', '售后'], en: ['customer service', 'support', 'staff'] },
  {
    category: 'service',
    weight: COMPLAINT,
    zh: ['态度', '不回复', '没回复', '不回消息', '不理人', '没人理', '回复慢', '敷衍', '推脱', '傲慢'],
    en: ['rude*', 'impolite', 'attitude', 'no reply', 'no response', 'never replied', 'never answered', 'ignored', 'unhelpful', 'slow to reply', 'slow to respond', 'slow reply', 'slow response'],
  },
  {
    category: 'product_quality',
    weight: COMPLAINT,
    zh: ['质量', '做工', '坏了', '掉色', '褪色', '起球', '开线', '脱线', '有洞', '瑕疵', '次品', '劣质', '异味', '不能用', '与描述不符', '色差', '假货'],
    en: ['quality', 'broke*', 'defect*', 'fade*', 'fading', 'flimsy', 'fell apart', 'stopped working', "doesn't work", 'does not work', 'ripped', 'torn', 'stitching', 'not as described', 'fake'],
  },
  {
    category: 'wrong_item',
    weight: COMPLAINT,
    zh: ['发错', '错发', '不是我买的', '不是我拍的', '发成了', '发的不是'],
    en: ['wrong item', 'wrong size sent', 'wrong colo* sent', 'sent the wrong*', 'sent me the wrong*', 'sent a different', 'sent me a different', 'received the wrong*', 'not what i ordered'],
  },
  {
    category: 'buyers_own_reason',
    weight: COMPLAINT,
    zh: ['不喜欢', '不合适', '买错', '拍错', '选错', '不想要', '不需要了', '后悔'],
    en: ['changed my mind', "didn't fit", 'did not fit', "doesn't fit", 'does not fit', "don't like", "didn't like", 'not for me', 'no longer need*', 'ordered the wrong*', 'bought the wrong*', 'picked the wrong*', 'too small', 'too big'],
  },
];

/**
 * The reasons of after-sales requests, as facts about the cause. A `damaged` item left the warehouse whole
 * (a defect is what `quality` is for), so the damage happened in transit: logistics, like a crushed parcel
 * in the keywords. `no_reason` weighs least: buyers pick it because it needs no proof, whatever the cause.
 * `other` says nothing about the cause.
 */
const caseReasonRules = new Map<string, { category: ReviewCategory; weight: number }>([
  ['wrong_item', { category: 'wrong_item', weight: FACT }],
  ['quality', { category: 'product_quality', weight: FACT }],
  ['not_as_described', { category: 'product_quality', weight: FACT }],
  ['damaged', { category: 'logistics', weight: FACT }],
  ['not_received', { category: 'logistics', weight: FACT }],
  ['no_reason', { category: 'buyers_own_reason', weight: WEAK }],
]);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const englishPattern = (keyword: string) =>
  new RegExp(
    `\\b${keyword
      .split(' ')
      .map((word) => (word.endsWith('*') ? `${escape(word.slice(0, -1))}\\w*` : escape(word)))
      .join('\\s+')}\\b`,
    'gi',
  );

const compiledKeywords = keywordRules.flatMap(({ category, weight, zh, en }) => [
  ...zh.map((keyword) => ({ keyword, category, weight, pattern: new RegExp(escape(keyword), 'g') })),
  ...en.map((keyword) => ({ keyword, category, weight, pattern: englishPattern(keyword) })),
]);

interface Fired {
  category: ReviewCategory;
  weight: number;
  reason: string;
}

function keywordsIn(text: string): Fired[] {
  const normalised = text.replace(/[\u2018\u2019]/g, "'");
  const hits = compiledKeywords.flatMap((rule) => [...normalised.matchAll(rule.pattern)].map((match) => ({ ...rule, written: match[0], start: match.index, end: match.index + match[0].length })));
  const length = (hit: { start: number; end: number }) => hit.end - hit.start;
  const kept = hits
    .filter((hit) => !hits.some((other) => length(other) > length(hit) && other.start < hit.end && hit.start < other.end))
    .sort((a, b) => a.start - b.start);
  // A keyword repeated in a rant is still one piece of evidence.
  const keywords = kept.filter((hit, index) => kept.findIndex((other) => other.keyword === hit.keyword) === index);
  return keywords.map(({ written, category, weight }) => ({ category, weight, reason: `text mentions "${written}" (${category})` }));
}

const hoursBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;
const shown = (hours: number) => Math.round(hours * 10) / 10;

function timelineOf(facts: ReviewFacts): Fired[] {
  const { paidAt, shippedAt, deliveredAt, carrier } = facts.order ?? {};
  const fired: Fired[] = [];
  if (paidAt && shippedAt) {
    const hours = hoursBetween(paidAt, shippedAt);
    if (hours > facts.lateShipmentHours) fired.push({ category: 'logistics', weight: FACT, reason: `shipped ${shown(hours)} h after payment (late after ${facts.lateShipmentHours} h)` });
  }
  if (shippedAt && deliveredAt) {
    const hours = hoursBetween(shippedAt, deliveredAt);
    const by = carrier ? ` by ${carrier}` : '';
    if (hours > facts.normalTransitHours) fired.push({ category: 'logistics', weight: FACT, reason: `delivered ${shown(hours)} h after shipment${by} (normal transit ${facts.normalTransitHours} h)` });
  }
  return fired;
}

function caseReasonsOf(facts: ReviewFacts): Fired[] {
  // Two requests with the same reason state one cause.
  const seen = new Map<string, Fired>();
  for (const { type, reason } of facts.cases) {
    if (reason === undefined || seen.has(reason)) continue;
    const rule = caseReasonRules.get(reason);
    if (rule) seen.set(reason, { ...rule, reason: `after-sales case (${type}) with reason "${reason}" (${rule.category})` });
  }
  return [...seen.values()];
}

/**
 * Classifies a medium or bad review by rules kept as data: every rule that fires adds its weight to a
 * category and says why, the highest score wins, and ties follow `tiePriority`.
 */
export function classifyReview(facts: ReviewFacts): ReviewClassification {
  const fired = [...keywordsIn(facts.text), ...timelineOf(facts), ...caseReasonsOf(facts)];
  const scores: Record<ReviewCategory, number> = { logistics: 0, service: 0, product_quality: 0, buyers_own_reason: 0, wrong_item: 0 };
  for (const { category, weight } of fired) scores[category] += weight;
  if (fired.length === 0) return { category: DEFAULT_CATEGORY, scores, reasons: [`no rule fired; defaulting to ${DEFAULT_CATEGORY} until the follow-up finds out`] };
  const category = tiePriority.reduce((best, next) => (scores[next] > scores[best] ? next : best));
  return { category, scores, reasons: fired.map((rule) => rule.reason) };
}

/**
 * The explanation reply to a classified review: apologise, show understanding, explain, offer a concrete
 * remedy, close politely (DOMAIN.md, "Handling a complaint well" and "Words"). It promises no time, since
 * the agent who sends it sets the follow-up.
 */
const replies: Record<ReviewCategory, Record<Locale, string>> = {
  logistics: {
    'zh-CN': '您好，非常抱歉让您久等了，我理解您的心情。包裹在运输中耽误或受损给您带来了不便，我们正在向快递公司核实情况。请您放心，我们会为您处理：如商品有损坏，可以为您补发或退款。感谢您的耐心！',
    en: 'Hello, we are sorry for the wait and for the trouble with the delivery; we understand how you feel. We are checking with the carrier what happened to your parcel. Rest assured, we will handle it for you: if anything arrived damaged, we can resend it or refund you. Thank you for your patience!',
  },
  service: {
    'zh-CN': '您好，非常抱歉我们的服务没有让您满意，我理解您的心情。您的意见我们已认真记录，会改进客服的回复速度和服务态度。如您的问题还没有解决，请随时联系我们，我们会尽力帮助您。感谢您的反馈！',
    en: 'Hello, we are sorry our service let you down; we understand how you feel. We have noted your feedback and will improve how quickly and how kindly we answer. If your question is still open, please contact us and we will do our best to help. Thank you for your feedback!',
  },
  product_quality: {
    'zh-CN': '您好，非常抱歉商品的质量没有达到您的期望，我理解您的心情。请您放心，质量问题的退换货运费由我们承担，可以为您换货、退货退款或部分退款。请联系客服并附上照片，我们会为您处理。感谢您的反馈！',
    en: 'Hello, we are sorry the item did not meet the quality you expected; we understand how you feel. Rest assured, we pay the return shipping for a quality problem, and we can send a replacement, refund you, or agree a partial refund. Please contact us with a photo and we will handle it for you. Thank you for your feedback!',
  },
  buyers_own_reason: {
    'zh-CN': '您好，感谢您的反馈，很抱歉商品不太适合您，我理解您的心情。在无理由退换期内，您可以申请退货或换货，我们会尽力帮助您。选购时如需尺码或款式建议，也欢迎随时咨询客服。',
    en: 'Hello, thank you for your feedback, and we are sorry the item was not right for you; we understand how you feel. Within the no-reason return period, please ask for a return or an exchange and we will do our best to help. Whenever you would like advice on size or style, please ask us.',
  },
  wrong_item: {
    'zh-CN': '您好，非常抱歉您收到的商品与您购买的不一致，给您添麻烦了，我理解您的心情。请您放心，我们会为您补发正确的商品，退回的运费由我们承担，您也可以选择退款。请联系客服，我们会为您处理。',
    en: 'Hello, we are sorry the item you received is not the one you ordered; we understand how you feel. Rest assured, we will send you the right one and pay the return shipping, or refund you if you prefer. Please contact us and we will handle it for you.',
  },
};

export function draftReply(category: ReviewCategory, locale: Locale): string {
  return replies[category][locale];
}
