import { badRequest, unauthorized } from '../shared/errors.js';
import { parseWith } from '../shared/parse.js';
import { nativeEventSchema } from './native-events.js';
import { verifyNative } from './native-signature.js';
import type { PlatformAdapter } from './platform.js';

/** The product's own format: `X-Signature: t=…,v1=…` over "<t>.<raw body>", one event per delivery. */
export const nativeAdapter: PlatformAdapter = {
  read(delivery, secrets) {
    const header = delivery.header('x-signature');
    const checks = secrets.map((secret) => verifyNative(header, secret, delivery.body, delivery.now));
    const refusal = checks.find((check) => !check.ok);
    if (!checks.some((check) => check.ok)) throw unauthorized(refusal && !refusal.ok ? refusal.reason : 'no webhook secret is registered');
    const eventId = delivery.header('x-event-id');
    if (!eventId) throw badRequest('the X-Event-Id header is missing');
    let parsed: unknown;
    try {
      parsed = JSON.parse(delivery.body.toString('utf8'));
    } catch {
      throw badRequest('the body is not valid JSON');
    }
    const event = parseWith(nativeEventSchema, parsed, 'the event');
    if (event.id !== eventId) throw badRequest(`the body's id "${event.id}" differs from X-Event-Id "${eventId}"`);
    return { kind: 'events', deliveryId: event.id, events: [event] };
  },
};
