import type { Case } from '../cases/case.js';
import { enqueueMessage } from '../notifications/outbox.js';
import type { TemplateId, TemplateVariables } from '../notifications/templates.js';
import { policyOf } from '../stores/policy.js';
import type { Store } from '../stores/store.js';

/** A time as the buyer reads it: the store's time zone, the message's language. */
export function localTime(at: Date, store: Store | undefined, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: store?.timezone ?? 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** Tells the buyer of a case what happened, once per case and template, in the store's language. */
export async function notifyBuyer<T extends TemplateId>(aCase: Case, store: Store | undefined, template: T, variables: TemplateVariables<T>, now: Date): Promise<void> {
  if (!aCase.buyerId) return;
  await enqueueMessage({
    storeId: aCase.storeId,
    buyerId: aCase.buyerId,
    template,
    locale: policyOf(store).messages.locale,
    variables,
    dedupKey: `${aCase.caseId}:${template}`,
    caseId: aCase.caseId,
    now,
  });
}
