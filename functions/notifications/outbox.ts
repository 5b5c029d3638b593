import { createHash } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure, queryAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import { renderMessage } from './render.js';
import type { Locale, TemplateId } from './templates.js';

export type MessageStatus = 'queued' | 'sent' | 'failed';

/** One message to a buyer in the outbox: what workflows, sweeps and campaigns send, and what became of it. */
export interface Message {
  messageId: string;
  storeId: string;
  buyerId: string;
  /** `<storeId>#<buyerId>`: the key of the index that lists one buyer's messages. */
  storeBuyer: string;
  channel: 'storefront';
  template: TemplateId;
  locale: Locale;
  text: string;
  status: MessageStatus;
  caseId?: string;
  createdAt: string;
  sentAt?: string;
  reference?: string;
}

const table = () => requiredEnv(ENV.messagesTable);

/**
 * Puts a message in the outbox once per `dedupKey` (a retried step or a re-run sends nothing twice). The
 * text is rendered and checked here, so a message that would break the rules never enters the outbox.
 */
export async function enqueueMessage(request: {
  storeId: string;
  buyerId: string;
  template: TemplateId;
  locale: Locale;
  variables: Record<string, unknown>;
  dedupKey: string;
  caseId?: string;
  now: Date;
}): Promise<Message> {
  const message: Message = {
    messageId: `msg-${createHash('sha256').update(`${request.storeId}\u0000${request.dedupKey}`).digest('hex').slice(0, 24)}`,
    storeId: request.storeId,
    buyerId: request.buyerId,
    storeBuyer: `${request.storeId}#${request.buyerId}`,
    channel: 'storefront',
    template: request.template,
    locale: request.locale,
    text: renderMessage(request.template, request.locale, request.variables),
    status: 'queued',
    ...(request.caseId ? { caseId: request.caseId } : {}),
    createdAt: request.now.toISOString(),
  };
  try {
    await dynamo.send(new PutCommand({ TableName: table(), Item: message, ConditionExpression: 'attribute_not_exists(messageId)' }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  return message;
}

export async function markSent(messageId: string, reference: string, now: Date): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: table(),
      Key: { messageId },
      ConditionExpression: '#status = :queued',
      UpdateExpression: 'SET #status = :sent, sentAt = :now, #reference = :reference',
      ExpressionAttributeNames: { '#status': 'status', '#reference': 'reference' },
      ExpressionAttributeValues: { ':queued': 'queued', ':sent': 'sent', ':now': now.toISOString(), ':reference': reference },
    }),
  ).catch((error: unknown) => {
    if (!isConditionFailure(error)) throw error;
  });
}

/** A store's messages, or one buyer's, oldest first. */
export function listMessages(storeId: string, buyerId?: string): Promise<Message[]> {
  return buyerId
    ? queryAll<Message>({
        TableName: table(),
        IndexName: 'messagesByBuyer',
        KeyConditionExpression: 'storeBuyer = :key',
        ExpressionAttributeValues: { ':key': `${storeId}#${buyerId}` },
      })
    : queryAll<Message>({
        TableName: table(),
        IndexName: 'messagesByStore',
        KeyConditionExpression: 'storeId = :storeId',
        ExpressionAttributeValues: { ':storeId': storeId },
      });
}
