import { getStore } from '../stores/store-repository.js';
import { storeIdSchema } from '../stores/store.js';
import { badRequest, notFound, payloadTooLarge, unauthorized } from '../shared/errors.js';
import { header, httpHandler, json, rawBody, type HttpEvent } from '../shared/http.js';
import { parseWith } from '../shared/parse.js';
import { storeOnce, toInboxItem } from './inbox.js';
import { nativeEventSchema, type NativeEvent } from './native-events.js';
import { verifyNative } from './native-signature.js';
import type { Store } from '../stores/store.js';

export const MAX_BODY_BYTES = 256 * 1024;

/** Verifies and reads one delivery into native events; nothing here writes. */
function readNative(event: HttpEvent, store: Store, body: Buffer, now: Date): NativeEvent {
  const check = verifyNative(header(event, 'x-signature'), store.webhookSecret, body, now);
  if (!check.ok) throw unauthorized(check.reason);
  const eventId = header(event, 'x-event-id');
  if (!eventId) throw badRequest('the X-Event-Id header is missing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('the body is not valid JSON');
  }
  const nativeEvent = parseWith(nativeEventSchema, parsed, 'the event');
  if (nativeEvent.id !== eventId) throw badRequest(`the body's id "${nativeEvent.id}" differs from X-Event-Id "${eventId}"`);
  return nativeEvent;
}

/**
 * POST /webhooks/{storeId}: verify, validate, store durably, answer. Processing happens after the answer,
 * from the inbox table's stream, so the storefront never waits for workflows.
 */
export const handler = httpHandler(async (event) => {
  const now = new Date();
  const storeId = parseWith(storeIdSchema, event.pathParameters?.storeId, 'the store id in the path');
  const body = rawBody(event);
  if (body.length > MAX_BODY_BYTES) throw payloadTooLarge(`the body is ${body.length} bytes; the limit is ${MAX_BODY_BYTES}`);
  const store = await getStore(storeId);
  if (!store) throw notFound(`store "${storeId}" is not registered`);
  if (store.platform !== 'native') throw badRequest(`store "${storeId}" is registered for ${store.platform}, which this endpoint does not read yet`);

  const nativeEvent = readNative(event, store, body, now);
  const outcome = await storeOnce(toInboxItem(storeId, store.platform, nativeEvent, now));
  return outcome === 'duplicate'
    ? json(200, { duplicate: true, eventId: nativeEvent.id })
    : json(202, { accepted: true, eventId: nativeEvent.id });
});
