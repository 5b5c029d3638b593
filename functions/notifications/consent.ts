import { setConsent } from '../customers/customer-repository.js';
import type { Customer } from '../customers/customer.js';
import { enqueueMessage } from './outbox.js';
import type { Locale } from './templates.js';

/** Opts a buyer out of the store's marketing (by its link or by replying a keyword) and confirms it to them, once a day. */
export async function optOutOfMarketing(storeId: string, buyerId: string, source: NonNullable<Customer['consent']>['source'], locale: Locale, now: Date): Promise<void> {
  await setConsent(storeId, buyerId, { marketing: false, at: now.toISOString(), source });
  await enqueueMessage({ storeId, buyerId, template: 'campaign.opted_out', locale, variables: {}, dedupKey: `opted-out#${buyerId}#${now.toISOString().slice(0, 10)}`, now });
}
