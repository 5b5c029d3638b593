import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { AppError } from '../../functions/shared/errors.js';
import type { Delivery, ReadDelivery } from '../../functions/webhooks/platform.js';

/** A published example payload, as copied into test/fixtures/webhooks/<platform>/ (see SOURCES.md there). */
export const platformFixture = (platform: 'shopify' | 'woocommerce', name: string) =>
  readFileSync(new URL(`../fixtures/webhooks/${platform}/${name}`, import.meta.url), 'utf8');

/** The documented algorithm of both platforms, computed here without the code under test. */
export const hmacBase64 = (secret: string, body: string | Buffer) => createHmac('sha256', secret).update(body).digest('base64');

export function delivery(body: string | Buffer, headers: Record<string, string>, now: Date): Delivery {
  const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { body: Buffer.from(body), header: (name) => byName.get(name.toLowerCase()), now };
}

export function eventsOf(result: ReadDelivery) {
  if (result.kind !== 'events') throw new Error(`expected events, got nothing: ${result.reason}`);
  return result.events;
}

export function refusal(read: () => unknown): AppError {
  try {
    read();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the delivery to be refused');
}

/** Replaces text that must be in the fixture, so a changed fixture fails loudly instead of testing nothing. */
export function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replaceAll(from, to);
}

export type StorefrontPlatform = 'shopify' | 'woocommerce';

/** The headers each platform sends a delivery's topic, id and signature in. */
export const platformHeaders: Record<StorefrontPlatform, { topic: string; deliveryId: string; signature: string }> = {
  shopify: { topic: 'x-shopify-topic', deliveryId: 'x-shopify-event-id', signature: 'x-shopify-hmac-sha256' },
  woocommerce: { topic: 'x-wc-webhook-topic', deliveryId: 'x-wc-webhook-delivery-id', signature: 'x-wc-webhook-signature' },
};

/** Every published example payload of a platform, with the topic it comes under (shopify/orders_create.json is orders/create). */
export function platformExamples(platform: StorefrontPlatform): Array<{ topic: string; text: string }> {
  return readdirSync(new URL(`../fixtures/webhooks/${platform}/`, import.meta.url))
    .filter((name) => name.endsWith('.json') && !name.startsWith('signature-vectors'))
    .map((name) => {
      const base = name.replace(/\.json$/, '');
      const topic = platform === 'shopify' ? (base.split('.')[0] ?? base).replace('_', '/') : base;
      return { topic, text: platformFixture(platform, name) };
    });
}
