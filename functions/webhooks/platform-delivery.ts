import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import { badRequest, fromZodError, unauthorized } from '../shared/errors.js';
import { parseJsonKeepingBigIntegers } from './big-json.js';
import { nativeEventSchema, type nativeEventData, type NativeEvent, type NativeEventType } from './native-events.js';
import type { Delivery, ReadDelivery } from './platform.js';

// What the storefront platforms (Shopify, WooCommerce) share: how they sign, how bodies are read,
// and how the native events a delivery means are numbered and validated.

/** Both storefronts sign alike: base64 HMAC-SHA256 of the raw body; any of the store's secrets may match (rotation). */
export function verifyBase64Hmac(delivery: Delivery, headerName: string, secrets: readonly string[]): void {
  const given = delivery.header(headerName);
  if (!given) throw unauthorized(`the ${headerName} header is missing`);
  if (secrets.length === 0) throw unauthorized('no webhook secret is registered for this store');
  const givenBytes = Buffer.from(given, 'utf8');
  const matches = secrets.some((secret) => {
    const expected = Buffer.from(createHmac('sha256', secret).update(delivery.body).digest('base64'), 'utf8');
    return expected.length === givenBytes.length && timingSafeEqual(expected, givenBytes);
  });
  if (!matches) throw unauthorized(`the ${headerName} signature does not match the body (wrong secret, or the body was altered)`);
}

export function readJsonBody(delivery: Delivery): unknown {
  try {
    return parseJsonKeepingBigIntegers(delivery.body.toString('utf8'));
  } catch {
    throw badRequest('the body is not valid JSON');
  }
}

/** A native event before it is numbered; `occurredAt` is the time the platform gave for what happened. */
export type Draft = {
  [T in NativeEventType]: { type: T; occurredAt: string; data: z.input<(typeof nativeEventData)[T]> };
}[NativeEventType];

/**
 * Events are numbered after the delivery's id, so a redelivery yields the same ids; each one is validated
 * like a native delivery, so a platform's surprise is a 400 naming the field rather than a bad record.
 */
export function toEvents(deliveryId: string, drafts: readonly Draft[]): ReadDelivery {
  const events = drafts.map((draft, index): NativeEvent => {
    const parsed = nativeEventSchema.safeParse({ ...draft, id: index === 0 ? deliveryId : `${deliveryId}:${index}` });
    if (!parsed.success) throw fromZodError(`the ${draft.type} event read from this delivery`, parsed.error);
    return parsed.data;
  });
  return { kind: 'events', deliveryId, events };
}
