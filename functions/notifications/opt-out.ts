import { timingSafeEqual } from 'node:crypto';
import { httpHandler, type HttpEvent, type HttpResult } from '../shared/http.js';
import { optOutOfMarketing } from './consent.js';
import { getMessage } from './outbox.js';
import type { Locale } from './templates.js';
import { renderMessage } from './render.js';

const page = (status: number, locale: Locale, text: string): HttpResult => ({
  statusCode: status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body: `<!doctype html><html lang="${locale}"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${locale === 'en' ? 'Unsubscribe' : '退订'}</title><p>${text}</p></html>`,
});

const NOT_FOUND = '此退订链接无效或已过期。 This unsubscribe link is not valid.';

const sameSecret = (given: string, kept: string) => given.length === kept.length && timingSafeEqual(Buffer.from(given), Buffer.from(kept));

/**
 * The opt-out link at the end of every marketing message (`GET /optout/{messageId}/{secret}`): the buyer is opted out
 * of marketing in that store's customer file, and told so on the page and by a message. Opening it again changes
 * nothing more; a link that is not one of ours says so, and nothing else.
 */
export const handler = httpHandler(async (event: HttpEvent) => {
  const messageId = event.pathParameters?.messageId ?? '';
  const secret = event.pathParameters?.secret ?? '';
  if (!/^msg-[0-9a-f]{24}$/.test(messageId) || !/^[0-9a-f]{32}$/.test(secret)) return page(404, 'zh-CN', NOT_FOUND);
  const message = await getMessage(messageId);
  if (!message?.optOutSecret || !sameSecret(secret, message.optOutSecret)) return page(404, 'zh-CN', NOT_FOUND);
  await optOutOfMarketing(message.storeId, message.buyerId, 'opt_out_link', message.locale, new Date());
  return page(200, message.locale, renderMessage('campaign.opted_out', message.locale, {}));
});
