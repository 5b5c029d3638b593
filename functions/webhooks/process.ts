import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { countFailedAttempt } from '../shared/attempts.js';
import { ENV, requiredEnv } from '../shared/env.js';
import { logger } from '../shared/logger.js';
import { applyEvent } from './apply-event.js';
import type { InboxItem } from './inbox.js';

/** After this many failed attempts a delivery is parked for an admin instead of holding up the stream. */
export const MAX_ATTEMPTS = 5;

function inboxItemOf(record: DynamoDBRecord): InboxItem | undefined {
  // Only new deliveries; the updates this function makes to record failures come back as MODIFY.
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  return unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>) as InboxItem;
}

/** Counts a failure on the delivery; the last allowed one parks it where the admin API lists it. */
async function recordFailure(item: InboxItem, error: unknown, now: Date): Promise<'retry' | 'parked'> {
  const outcome = await countFailedAttempt({
    table: requiredEnv(ENV.inboxTable),
    key: { storeId: item.storeId, eventId: item.eventId },
    error,
    now,
    maxAttempts: MAX_ATTEMPTS,
    giveUp: { parkedStoreId: item.storeId, parkedAt: now.toISOString() },
  });
  if (outcome === 'retry') return 'retry';
  logger.error('delivery parked after repeated failures', { storeId: item.storeId, eventId: item.eventId });
  return 'parked';
}

/**
 * Consumes the inbox stream. Records are applied in order; at the first failure the rest of the batch is
 * reported as failed too, so the retry resumes from that record and nothing is applied out of order.
 */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (streamEvent) => {
  const failures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of streamEvent.Records) {
    const sequence = record.dynamodb?.SequenceNumber ?? '';
    if (failures.length > 0) {
      failures.push({ itemIdentifier: sequence });
      continue;
    }
    const item = inboxItemOf(record);
    if (!item) continue;
    try {
      for (const event of item.events) await applyEvent(item.storeId, event);
    } catch (error) {
      logger.warn('delivery processing failed', { eventId: item.eventId, storeId: item.storeId, error: error as Error });
      if ((await recordFailure(item, error, new Date())) === 'retry') failures.push({ itemIdentifier: sequence });
    }
  }
  return { batchItemFailures: failures };
});
