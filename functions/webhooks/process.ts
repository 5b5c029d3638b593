import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { applyOrderEvent, isOrderEvent } from '../orders/order.js';
import { getOrder, saveOrder } from '../orders/order-repository.js';
import { openAftersaleCase } from '../returns/open-case.js';
import { isConditionFailure } from '../shared/aws.js';
import { logger } from '../shared/logger.js';
import { getStore } from '../stores/store-repository.js';
import type { InboxItem } from './inbox.js';

async function applyToOrder(item: InboxItem): Promise<void> {
  const { event, storeId } = item;
  if (!isOrderEvent(event)) return;
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await getOrder(storeId, event.data.orderId);
    try {
      await saveOrder(applyOrderEvent(storeId, current, event));
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new Error(`order ${event.data.orderId} kept changing while event ${event.id} was applied`);
}

async function processItem(item: InboxItem): Promise<void> {
  const { event, storeId } = item;
  if (isOrderEvent(event)) return applyToOrder(item);
  if (event.type === 'aftersale.requested') {
    const store = await getStore(storeId);
    await openAftersaleCase(storeId, event.data, store?.policy, new Date());
    return;
  }
  logger.info('event stored; no processing for this type yet', { type: event.type, eventId: event.id });
}

function inboxItemOf(record: DynamoDBRecord): InboxItem | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  return unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>) as InboxItem;
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
      await processItem(item);
    } catch (error) {
      logger.error('event processing failed; it will be retried', { eventId: item.eventId, storeId: item.storeId, error: error as Error });
      failures.push({ itemIdentifier: sequence });
    }
  }
  return { batchItemFailures: failures };
});
