import type { ChannelName, ContactPolicy } from '../campaigns/campaign.js';
import type { Customer } from '../customers/customer.js';
import { addDays, localDate, localMoment, localTimeOfDay } from '../shared/local-time.js';

/**
 * Why a message goes out: `service` answers what the buyer asked or did (a refund, a reminder) and always goes;
 * `care` (a care revisit, a satisfaction question) goes unless the buyer opted out; `marketing` needs their consent.
 */
export type Purpose = 'service' | 'care' | 'marketing';

export const suppressedReasons = ['opted_out', 'no_consent', 'open_complaint', 'frequency_cap', 'no_channel'] as const;
export type SuppressedReason = (typeof suppressedReasons)[number];

const DAY_MS = 86_400_000;

/**
 * Whether a campaign message may go to this customer now, by the store's rules: consent, an open complaint, and the
 * cap across all campaigns. Allowed, it also gives the contacts that still count, to which this one is added.
 */
export function contactVerdict(
  customer: Customer,
  purpose: Exclude<Purpose, 'service'>,
  policy: ContactPolicy,
  now: Date,
): { allowed: true; contactsInWindow: string[] } | { allowed: false; reason: SuppressedReason } {
  if (customer.consent?.marketing === false) return { allowed: false, reason: 'opted_out' };
  if (purpose === 'marketing' && customer.consent?.marketing !== true) return { allowed: false, reason: 'no_consent' };
  if (policy.skipOpenComplaints && customer.openComplaintIds.size > 0) return { allowed: false, reason: 'open_complaint' };
  const windowStart = now.getTime() - policy.capDays * DAY_MS;
  const contactsInWindow = customer.campaignContacts.filter((at) => Date.parse(at) > windowStart);
  if (contactsInWindow.length >= policy.maxCampaignMessages) return { allowed: false, reason: 'frequency_cap' };
  return { allowed: true, contactsInWindow };
}

/** The first of the campaign's channels the buyer can be reached on, with the address it needs. */
export function pickChannel(customer: Customer, channels: readonly ChannelName[]): { channel: ChannelName; to?: string } | undefined {
  for (const channel of channels) {
    if (channel === 'storefront') return { channel };
    const to = channel === 'sms' ? customer.phone : customer.email;
    if (to) return { channel, to };
  }
  return undefined;
}

/** Whether it is the store's quiet hours, and if so when they end. */
export function quietHoursAt(now: Date, timezone: string, quietHours: ContactPolicy['quietHours']): { quiet: false } | { quiet: true; until: Date } {
  const time = localTimeOfDay(now, timezone);
  const { start, end } = quietHours;
  if (start === end) return { quiet: false };
  const quiet = start < end ? time >= start && time < end : time >= start || time < end;
  if (!quiet) return { quiet: false };
  const today = localDate(now, timezone);
  return { quiet: true, until: localMoment(time < end ? today : addDays(today, 1), end, timezone) };
}
