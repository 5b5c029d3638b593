import { createHash } from 'node:crypto';
import { getCustomer } from '../customers/customer-repository.js';
import { enqueueCampaignMessage } from '../notifications/outbox.js';
import { renderMessage, yuanOf } from '../notifications/render.js';
import { suppressedReasons, type SuppressedReason } from '../notifications/respect.js';
import type { Locale } from '../notifications/templates.js';
import { addDays, localDate } from '../shared/local-time.js';
import { policyOf } from '../stores/policy.js';
import type { Store } from '../stores/store.js';
import { logForDay } from '../sweeps/day-log.js';
import { recipientsOf, type Recipient } from './audience.js';
import type { Campaign, Coupon } from './campaign.js';

/** What one campaign did in one run: who it selected, and what became of each. */
export interface CampaignOutcome {
  selected: number;
  /** Queued in this run. */
  queued: number;
  /** Sent or decided in an earlier run of the day (a re-run repeats nothing). */
  alreadyDone: number;
  suppressed: Record<SuppressedReason, number>;
  /** Not of the tiers the campaign is for. */
  otherTier: number;
}

export interface CampaignRun {
  storeId: string;
  date: string;
  ranAt: string;
  campaigns: Record<string, CampaignOutcome>;
}

/** How many buyers are written to at once: a holiday greets the whole customer file, and each one is a few requests. */
const CONCURRENCY = 16;

/** The coupon line of a message: a code of its own per recipient and occasion, valid for the campaign's days. */
export function offerOf(coupon: Coupon | undefined, locale: Locale, today: string, codeSeed: string): string {
  if (!coupon) return '';
  const code = `CP-${createHash('sha256').update(codeSeed).digest('hex').slice(0, 8).toUpperCase()}`;
  const minSpend = coupon.minSpendFen === 0 ? '' : locale === 'zh-CN' ? `（满 ¥${yuanOf(coupon.minSpendFen)} 可用）` : ` (on orders from ¥${yuanOf(coupon.minSpendFen)})`;
  return renderMessage('campaign.coupon', locale, { value: yuanOf(coupon.valueFen), code, validUntil: addDays(today, coupon.validDays), minSpend });
}

async function inBatches<T>(items: T[], size: number, each: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(each));
}

async function runCampaign(store: Store, campaignId: string, campaign: Campaign, today: string, now: Date): Promise<CampaignOutcome> {
  const policy = policyOf(store);
  const { locale } = policy.messages;
  const recipients = await recipientsOf(store.storeId, campaign.audience, today, store.timezone, locale);
  const outcome: CampaignOutcome = { selected: recipients.length, queued: 0, alreadyDone: 0, suppressed: Object.fromEntries(suppressedReasons.map((reason) => [reason, 0])) as CampaignOutcome['suppressed'], otherTier: 0 };
  await inBatches(recipients, CONCURRENCY, async (recipient: Recipient) => {
    if (campaign.tiers) {
      const tier = (await getCustomer(store.storeId, recipient.buyerId))?.tier ?? 'none';
      if (!campaign.tiers.includes(tier)) return void (outcome.otherTier += 1);
    }
    const dedupKey = `campaign#${campaignId}#${recipient.buyerId}#${recipient.occasion}`;
    const message = await enqueueCampaignMessage({
      storeId: store.storeId,
      buyerId: recipient.buyerId,
      template: campaign.template,
      locale,
      variables: { ...recipient.variables, offer: offerOf(campaign.coupon, locale, today, `${store.storeId}\u0000${dedupKey}`) },
      dedupKey,
      ...(recipient.caseId ? { caseId: recipient.caseId } : {}),
      now,
      purpose: campaign.purpose,
      campaignId,
      channels: campaign.channels,
      contact: policy.contact,
    });
    if (message.createdAt !== now.toISOString()) outcome.alreadyDone += 1;
    else if (message.status === 'suppressed' && message.suppressedReason) outcome.suppressed[message.suppressedReason] += 1;
    else outcome.queued += 1;
  });
  return outcome;
}

/**
 * Runs a store's enabled campaigns for its local day, one after the other (the cap counts across them), and logs
 * what each did under the day, where the admin API shows it.
 */
export async function runCampaigns(store: Store, now: Date): Promise<CampaignRun> {
  const today = localDate(now, store.timezone);
  const campaigns: Record<string, CampaignOutcome> = {};
  for (const [campaignId, campaign] of Object.entries(policyOf(store).campaigns)) {
    if (campaign.enabled) campaigns[campaignId] = await runCampaign(store, campaignId, campaign, today, now);
  }
  const run: CampaignRun = { storeId: store.storeId, date: today, ranAt: now.toISOString(), campaigns };
  await logForDay(store.storeId, today, 'campaign', run.ranAt, { ...run });
  return run;
}
