import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { NativeEvent } from './native-events.js';

/** How long an accepted event is kept for de-duplication and replay before DynamoDB's TTL removes it. */
const RETENTION_DAYS = 90;

export interface InboxItem {
  storeId: string;
  eventId: string;
  type: NativeEvent['type'];
  platform: string;
  receivedAt: string;
  event: NativeEvent;
  expiresAt: number;
}

export function toInboxItem(storeId: string, platform: string, event: NativeEvent, now: Date): InboxItem {
  return {
    storeId,
    eventId: event.id,
    type: event.type,
    platform,
    receivedAt: now.toISOString(),
    event,
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
