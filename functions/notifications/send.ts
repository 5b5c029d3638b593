import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { countFailedAttempt } from '../shared/attempts.js';
import { ENV, requiredEnv } from '../shared/env.js';
import { logger } from '../shared/logger.js';
import { ChannelNotConnected, channelsFromEnv } from './channels.js';
import { markSent, type Message } from './outbox.js';

/** After this many failed attempts a message is marked failed (the outbox shows it) instead of retried. */
export const MAX_SEND_ATTEMPTS = 5;

const channels = channelsFromEnv();

/**
 * Sends what enters the outbox, from the messages table's stream, on the message's channel; each message is sent at
 * most once (providers get its id as the idempotency key). A channel this deployment has no adapter for fails the
 * message at once: retrying would not connect it.
 */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (streamEvent) => {
  const failures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of streamEvent.Records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const message = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>) as Message;
    if (message.status !== 'queued') continue;
    try {
      const channel = channels[message.channel];
      if (!channel) throw new ChannelNotConnected(`no ${message.channel} provider is connected to this deployment`);
      const { reference } = await channel.send(message);
      await markSent(message.messageId, reference, new Date());
    } catch (error) {
      const now = new Date();
      logger.warn('message not sent', { messageId: message.messageId, error: error as Error });
      const outcome = await countFailedAttempt({
        table: requiredEnv(ENV.messagesTable),
        key: { messageId: message.messageId },
        error,
        now,
        maxAttempts: error instanceof ChannelNotConnected ? 1 : MAX_SEND_ATTEMPTS,
        giveUp: { status: 'failed', failedAt: now.toISOString() },
      });
      if (outcome === 'retry') failures.push({ itemIdentifier: record.dynamodb.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures: failures };
});
