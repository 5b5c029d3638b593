import type { NativeEvent } from './native-events.js';

/** One delivery as a platform adapter sees it: the raw bytes (signatures are over them) and the headers. */
export interface Delivery {
  header(name: string): string | undefined;
  body: Buffer;
  now: Date;
}

/**
 * What a delivery means once verified and read: native events to store under the delivery's id
 * (the platform's own id, so a redelivery is recognised), or nothing to do (a ping, a topic we ignore).
 */
export type ReadDelivery =
  | { kind: 'events'; deliveryId: string; events: NativeEvent[] }
  | { kind: 'nothing'; reason: string };

/**
 * A storefront platform: verifies a delivery with the store's secrets (several are valid during a
 * rotation) and maps it onto native events. It throws `unauthorized` (401) for a bad or missing
 * signature and `badRequest` (400) for a body it cannot read, and never writes anything.
 */
export interface PlatformAdapter {
  read(delivery: Delivery, secrets: readonly string[]): ReadDelivery;
}
