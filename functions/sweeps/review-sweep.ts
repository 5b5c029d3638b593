import { getCase } from '../cases/case-repository.js';
import type { Case } from '../cases/case.js';
import { getCustomer } from '../customers/customer-repository.js';
import { openFollowUp } from '../follow-ups/open-follow-up.js';
import { getOrder } from '../orders/order-repository.js';
import { policyOf, transitHoursOf } from '../stores/policy.js';
import type { Store } from '../stores/store.js';
import type { NativeEventOf } from '../webhooks/native-events.js';
import { localDate } from '../shared/local-time.js';
import { logForDay, loggedOn } from './day-log.js';
import { classifyReview, draftReply, reviewCategories, type ReviewCategory } from './review-classifier.js';

type PostedReview = NativeEventOf<'review.posted'>['data'];

/** A medium or bad review as the morning report lists it: classified, followed up, with a reply drafted. */
export interface ReviewFollowUp extends PostedReview {
  category: ReviewCategory;
  reasons: string[];
  caseId: string;
  draftReply: string;
}

/**
 * A review as it arrives: a medium or bad one is kept under the day it came in (the store's day), for the next
 * morning's sweep to classify and follow up. Kept once per review id, whatever the redeliveries.
 */
export async function recordReview(storeId: string, review: PostedReview, store: Store | undefined, now: Date): Promise<void> {
  if (review.rating > policyOf(store).sweep.followUpRatingAtMost) return;
  await logForDay(storeId, localDate(now, store?.timezone ?? 'Asia/Shanghai'), 'review', review.reviewId, { ...review });
}

/** The order's after-sales cases, from the buyer's file (a buyer has few; the store may have many). */
async function casesOfOrder(storeId: string, buyerId: string | undefined, orderId: string): Promise<Case[]> {
  const customer = buyerId ? await getCustomer(storeId, buyerId) : undefined;
  const cases = await Promise.all([...(customer?.caseIds ?? [])].map((caseId) => getCase(caseId)));
  return cases.filter((aCase): aCase is Case => aCase?.orderId === orderId);
}

/**
 * Yesterday's medium and bad reviews (DOMAIN.md, "Reviews"): each classified from its text, its order's timeline
 * and after-sales history, registered in the month's summary, and handed to an agent with a drafted reply.
 */
export async function followUpReviews(store: Store, day: string, now: Date): Promise<ReviewFollowUp[]> {
  const policy = policyOf(store);
  const followUps: ReviewFollowUp[] = [];
  for (const review of await loggedOn<PostedReview>(store.storeId, day, 'review')) {
    const { reviewId, orderId, rating, text, postedAt } = review;
    const order = await getOrder(store.storeId, orderId);
    const cases = await casesOfOrder(store.storeId, order?.buyer?.id, orderId);
    const { category, reasons } = classifyReview({
      rating,
      text,
      ...(order ? { order } : {}),
      cases: cases.map((aCase) => ({ type: aCase.type, reason: aCase.reason, ...(aCase.outcome ? { outcome: aCase.outcome } : {}) })),
      lateShipmentHours: policy.sweep.lateShipmentHours,
      normalTransitHours: transitHoursOf(policy.sweep, order?.carrier),
    });
    const reply = draftReply(category, policy.messages.locale);
    const caseId = await openFollowUp(
      store.storeId,
      { type: 'review_follow_up', key: reviewId, orderId, ...(order?.buyer?.id ? { buyerId: order.buyer.id } : {}), facts: { reviewId, rating, text, category, reasons }, draftReply: reply },
      store,
      now,
    );
    const followUp: ReviewFollowUp = { reviewId, orderId, rating, text, postedAt, category, reasons, caseId, draftReply: reply };
    await logForDay(store.storeId, day.slice(0, 7), 'review-summary', reviewId, { ...followUp });
    followUps.push(followUp);
  }
  return followUps;
}

export interface ReviewSummary {
  storeId: string;
  month: string;
  total: number;
  byCategory: Record<ReviewCategory, number>;
  items: ReviewFollowUp[];
}

/** The month's medium and bad reviews by category (DOMAIN.md: bad-review rate by category). */
export async function reviewSummary(storeId: string, month: string): Promise<ReviewSummary> {
  const items = await loggedOn<ReviewFollowUp>(storeId, month, 'review-summary');
  const byCategory = Object.fromEntries(reviewCategories.map((category) => [category, items.filter((item) => item.category === category).length])) as Record<ReviewCategory, number>;
  return { storeId, month, total: items.length, byCategory, items };
}
