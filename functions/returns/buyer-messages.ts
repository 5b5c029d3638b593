import type { Case, CaseRecord } from '../cases/case.js';
import { enqueueMessage } from '../notifications/outbox.js';
import { yuanOf } from '../notifications/render.js';
import type { Locale, TemplateId, TemplateVariables } from '../notifications/templates.js';
import { policyOf } from '../stores/policy.js';
import type { Store } from '../stores/store.js';
import type { ShippingPayer } from './eligibility.js';
import type { Transition } from './transitions.js';

/** A time as the buyer reads it: the store's time zone, the message's language. */
export function localTime(at: Date, store: Store | undefined, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: store?.timezone ?? 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/**
 * Tells the buyer of a case what happened, in the store's language. `occasion` tells apart two messages of
 * the same template in one case (a second rejection after a revision); a retried step repeats it and sends nothing new.
 */
export async function notifyBuyer<T extends TemplateId>(
  aCase: CaseRecord,
  store: Store | undefined,
  template: T,
  variables: TemplateVariables<T>,
  now: Date,
  occasion = '',
): Promise<void> {
  if (!aCase.buyerId) return;
  await enqueueMessage({
    storeId: aCase.storeId,
    buyerId: aCase.buyerId,
    template,
    locale: policyOf(store).messages.locale,
    variables,
    dedupKey: `${aCase.caseId}:${template}${occasion ? `:${occasion}` : ''}`,
    caseId: aCase.caseId,
    now,
  });
}

const shippingText: Record<ShippingPayer, Record<Locale, string>> = {
  buyer: { 'zh-CN': '退货运费由您承担', en: 'paid by you' },
  store: { 'zh-CN': '退货运费由本店承担', en: 'paid by the store' },
  shipping_insurance: { 'zh-CN': '订单含退货运费险，运费由运费险承担', en: 'covered by the return-shipping insurance of your order' },
  none: { 'zh-CN': '无需寄回', en: 'nothing to send back' },
};

function alsoReturnText(aCase: Case, locale: Locale): string {
  const gifts = aCase.mustReturn?.gifts ?? [];
  const parts = [
    ...(gifts.length ? [locale === 'en' ? `the gifts (${gifts.join(', ')})` : `赠品（${gifts.join('、')}）`] : []),
    ...(aCase.mustReturn?.invoice ? [locale === 'en' ? 'the invoice' : '发票'] : []),
  ];
  if (!parts.length) return '';
  return locale === 'en' ? ` together with ${parts.join(' and ')}` : `，并请一同寄回${parts.join('和')}`;
}

/** The reason a buyer reads: the refusal in the store's language, else the words of whoever refused. */
export function reasonFor(aCase: Case, locale: Locale): string {
  const stated = [...aCase.history].reverse().find((entry) => typeof entry.reason === 'string' || typeof entry.reasonZh === 'string');
  if (locale === 'zh-CN' && typeof stated?.reasonZh === 'string') return stated.reasonZh;
  if (typeof stated?.reason === 'string') return stated.reason;
  return locale === 'en' ? 'it does not meet the after-sales conditions' : '不符合售后条件';
}

/**
 * The message each transition sends (DOMAIN.md: every promise carries a concrete time). The occasion is the
 * case's history length after the transition, so a repeated transition in a loop is told again.
 */
export async function tellBuyerAbout(row: Transition, aCase: Case, store: Store | undefined, now: Date): Promise<void> {
  const policy = policyOf(store).returns;
  const locale = policyOf(store).messages.locale;
  const due = (seconds: number) => localTime(new Date(now.getTime() + seconds * 1000), store, locale);
  const occasion = String(aCase.history.length);
  const orderId = aCase.orderId;
  const tell = <T extends TemplateId>(template: T, variables: TemplateVariables<T>) => notifyBuyer(aCase, store, template, variables, now, occasion);
  switch (row.to) {
    case 'requested':
      return tell('aftersale.received', { orderId, dueAt: due(policy.storeDecisionSeconds) });
    case 'store_agreed':
      if (row.action === 'ship_replacement') return tell('aftersale.replacement_shipped', { orderId });
      if (aCase.type === 'refund_only' || aCase.type === 'partial_refund') return tell('aftersale.agreed', { orderId });
      return tell('aftersale.return_instructions', {
        orderId,
        dueAt: due(policy.buyerShipReturnSeconds),
        shipping: shippingText[aCase.shippingPaidBy ?? 'buyer'][locale],
        alsoReturn: alsoReturnText(aCase, locale),
      });
    case 'store_rejected':
      return tell('aftersale.store_rejected', { orderId, reason: reasonFor(aCase, locale), dueAt: due(policy.buyerReviseSeconds) });
    case 'platform_intervening':
      return tell('aftersale.escalated', { orderId, dueAt: due(policy.platformRulingSeconds) });
    case 'refunded':
      return tell('aftersale.refunded', { orderId, amount: yuanOf(aCase.refund?.amount ?? 0) });
    case 'exchanged':
      return row.action === 'ship_replacement' ? tell('aftersale.replacement_shipped', { orderId }) : undefined;
    case 'closed':
      if (row.outcome === 'rejected') return tell('aftersale.rejected', { orderId, reason: reasonFor(aCase, locale) });
      if (row.outcome === 'expired') return tell('aftersale.expired', { orderId });
      if (row.outcome === 'withdrawn') return tell('aftersale.withdrawn', { orderId });
      return undefined;
    default:
      return undefined;
  }
}
