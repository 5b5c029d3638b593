import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure, queryAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { NativeEvent } from './native-events.js';

/** How long an accepted event is kept for de-duplication and replay before DynamoDB's TTL removes it. */
const RETENTION_DAYS = 90;

/** One accepted delivery, keyed by the platform's delivery id, with the native events it means. */
export interface InboxItem {
  storeId: string;
  eventId: string;
  platform: string;
  types: Array<NativeEvent['type']>;
  receivedAt: string;
  events: NativeEvent[];
  expiresAt: number;
  /** Set by the processor when processing keeps failing: the delivery waits for an admin, never dropped. */
  attempts?: number;
  lastError?: string;
  parkedStoreId?: string;
  parkedAt?: string;
}

export function toInboxItem(storeId: string, platform: string, deliveryId: string, events: NativeEvent[], now: Date): InboxItem {
  return {
    storeId,
    eventId: deliveryId,
    platform,
    types: events.map((event) => event.type),
    receivedAt: now.toISOString(),
    events,
    expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_DAYS * 86400,
  };
}

/** The one durable write on the ingest path; the condition makes a duplicate delivery a no-op. */
export async function storeOnce(item: InboxItem): Promise<'stored' | 'duplicate'> {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: requiredEnv(ENV.inboxTable),
        Item: item,
        ConditionExpression: 'attribute_not_exists(eventId)',
      }),
    );
    return 'stored';
  } catch (error) {
    if (isConditionFailure(error)) return 'duplicate';
    throw error;
  }
}

/** Deliveries whose processing kept failing, oldest first, from the sparse index that holds only those. */
export function listParked(storeId: string): Promise<InboxItem[]> {
  return queryAll<InboxItem>({
    TableName: requiredEnv(ENV.inboxTable),
    IndexName: 'parkedByStore',
    KeyConditionExpression: 'parkedStoreId = :storeId',
    ExpressionAttributeValues: { ':storeId': storeId },
  });
}
