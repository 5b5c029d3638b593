import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
