import type { CaseRecord } from '../cases/case.js';
import { changeCase, getCase } from '../cases/case-repository.js';
import { openFollowUp } from '../follow-ups/open-follow-up.js';
import { optOutOfMarketing } from '../notifications/consent.js';
import { listMessages } from '../notifications/outbox.js';
import { logger } from '../shared/logger.js';
import { policyOf } from '../stores/policy.js';
import type { Store } from '../stores/store.js';

export interface SatisfactionRating {
  buyerId: string;
  orderId?: string;
  score: number;
  comment?: string;
  ratedAt: string;
}

/** How long after the question a score still answers it. */
const ANSWER_WINDOW_MS = 30 * 86_400_000;

type SurveyedCase = CaseRecord & { satisfaction?: { score: number; comment?: string; at: string } };

/** The case the buyer's score answers: the latest satisfaction question sent to them (about that order, if named). */
async function caseAskedAbout(storeId: string, rating: SatisfactionRating): Promise<SurveyedCase | undefined> {
  const asked = (await listMessages(storeId, rating.buyerId))
    .filter((message) => message.template === 'campaign.satisfaction' && message.caseId && message.status !== 'suppressed' && message.status !== 'failed')
    .filter((message) => Date.parse(rating.ratedAt) - Date.parse(message.createdAt) < ANSWER_WINDOW_MS)
    .reverse();
  for (const message of asked) {
    const aCase = await getCase<SurveyedCase>(message.caseId ?? '');
    if (aCase && (!rating.orderId || aCase.orderId === rating.orderId)) return aCase;
  }
  return undefined;
}

/**
 * The buyer's satisfaction score for an after-sales case: recorded on the case (the first score counts), and a low
 * one opens a follow-up for an agent (then the supervisor), like the sweep's follow-ups.
 */
export async function rateSatisfaction(storeId: string, rating: SatisfactionRating, store: Store | undefined, now: Date): Promise<void> {
  const asked = await caseAskedAbout(storeId, rating);
  if (!asked) return logger.info('a satisfaction score that answers no question sent; kept with the event only', { storeId });
  const satisfaction = { score: rating.score, ...(rating.comment ? { comment: rating.comment } : {}), at: rating.ratedAt };
  const { aCase, changed } = await changeCase<SurveyedCase>(asked.caseId, (current) =>
    current.satisfaction ? undefined : { set: { satisfaction }, history: { by: 'buyer', action: 'satisfaction_rated', score: satisfaction.score, ...(rating.comment ? { comment: rating.comment } : {}), at: now.toISOString() } },
  );
  if (!changed || rating.score > policyOf(store).contact.lowSatisfactionScore) return;
  await openFollowUp(
    storeId,
    { type: 'low_satisfaction', key: aCase.caseId, orderId: aCase.orderId, buyerId: rating.buyerId, facts: { caseId: aCase.caseId, caseType: aCase.type, ...satisfaction } },
    store,
    now,
  );
}

/** Full-width digits and letters (from a phone keyboard) read as the plain ones. */
const plain = (text: string) => text.normalize('NFKC').trim().toUpperCase();

/**
 * What the buyer wrote back: one of the store's opt-out keywords opts them out of marketing; a bare 1–5 answers the
 * satisfaction question. Anything else is for an agent, not for the campaigns.
 */
export async function receiveBuyerMessage(storeId: string, received: { buyerId: string; text: string; receivedAt: string }, store: Store | undefined, now: Date): Promise<void> {
  const policy = policyOf(store);
  const word = plain(received.text);
  if (policy.contact.optOutKeywords.some((keyword) => plain(keyword) === word)) return optOutOfMarketing(storeId, received.buyerId, 'keyword', policy.messages.locale, now);
  if (/^[1-5]$/.test(word)) return rateSatisfaction(storeId, { buyerId: received.buyerId, score: Number(word), ratedAt: received.receivedAt }, store, now);
}
