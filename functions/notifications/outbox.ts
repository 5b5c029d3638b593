import { createHash, randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChannelName, ContactPolicy } from '../campaigns/campaign.js';
import { getCustomer } from '../customers/customer-repository.js';
import { emptyCustomer } from '../customers/customer.js';
import { dynamo, isConditionFailure, queryAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import { renderMessage } from './render.js';
import { contactVerdict, pickChannel, type Purpose, type SuppressedReason } from './respect.js';
import type { Locale, TemplateId } from './templates.js';

export type MessageStatus = 'queued' | 'sent' | 'failed' | 'suppressed';

/** One message to a buyer in the outbox: what workflows, sweeps and campaigns send, and what became of it. */
export interface Message {
  messageId: string;
  storeId: string;
  buyerId: string;
  /** `<storeId>#<buyerId>`: the key of the index that lists one buyer's messages. */
  storeBuyer: string;
  channel: ChannelName;
  /** The phone number or email address the channel needs. */
  to?: string;
  purpose: Purpose;
  campaignId?: string;
  template: TemplateId;
  locale: Locale;
  text: string;
  status: MessageStatus;
  /** Why a campaign message was not sent (consent, an open complaint, the cap, no way to reach the buyer). */
  suppressedReason?: SuppressedReason;
  caseId?: string;
  createdAt: string;
  sentAt?: string;
  reference?: string;
  /** The secret of the message's opt-out link (marketing messages); never shown by the admin API. */
  optOutSecret?: string;
  /** When DynamoDB may drop a suppressed message (epoch seconds): it only has to outlive its occasion's re-runs. */
  expiresAt?: number;
}

/** How long a suppressed message is kept: long enough to show why, and to keep a re-run of its day from sending it. */
const SUPPRESSED_KEPT_SECONDS = 90 * 86_400;

const table = () => requiredEnv(ENV.messagesTable);

export interface MessageRequest {
  storeId: string;
  buyerId: string;
  template: TemplateId;
  locale: Locale;
  variables: Record<string, unknown>;
  /** What makes the message one message: a retried step or a re-run sends nothing twice. */
  dedupKey: string;
  caseId?: string;
  now: Date;
}

/** A campaign's message: it goes out only as the store's contact rules allow, on the first channel that reaches the buyer. */
export interface CampaignMessageRequest extends MessageRequest {
  purpose: Exclude<Purpose, 'service'>;
  campaignId: string;
  channels: readonly ChannelName[];
  contact: ContactPolicy;
}

const messageIdOf = (storeId: string, dedupKey: string) => `msg-${createHash('sha256').update(`${storeId}\u0000${dedupKey}`).digest('hex').slice(0, 24)}`;

/**
 * The message as it enters the outbox. The text is rendered and checked here, so a message that would break the
 * rules never enters it; a marketing message ends with its opt-out line.
 */
function draft(request: MessageRequest, extra: Pick<Message, 'channel' | 'purpose'> & Partial<Message>): Message {
  const messageId = messageIdOf(request.storeId, request.dedupKey);
  let text = renderMessage(request.template, request.locale, request.variables);
  if (extra.optOutSecret) {
    const optOutUrl = `${requiredEnv(ENV.publicBaseUrl).replace(/\/$/, '')}/optout/${messageId}/${extra.optOutSecret}`;
    text = `${text}${request.locale === 'en' ? ' ' : ''}${renderMessage('campaign.opt_out', request.locale, { optOutUrl })}`;
  }
  return {
    messageId,
    storeId: request.storeId,
    buyerId: request.buyerId,
    storeBuyer: `${request.storeId}#${request.buyerId}`,
    template: request.template,
    locale: request.locale,
    text,
    status: 'queued',
    ...(request.caseId ? { caseId: request.caseId } : {}),
    createdAt: request.now.toISOString(),
    ...extra,
  };
}

/** Puts a message in the outbox unless one with its id is there already; says whether this call put it. */
async function putNew(message: Message): Promise<boolean> {
  try {
    await dynamo.send(new PutCommand({ TableName: table(), Item: message, ConditionExpression: 'attribute_not_exists(messageId)' }));
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return false;
  }
}

/** Puts a message the buyer's request or order calls for in the outbox, once per `dedupKey`. */
export async function enqueueMessage(request: MessageRequest): Promise<Message> {
  const message = draft(request, { channel: 'storefront', purpose: 'service' });
  await putNew(message);
  return message;
}

const isCancelledBy = (error: unknown, index: number) =>
  error instanceof Error && error.name === 'TransactionCanceledException' && (error as Error & { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

/**
 * Puts a campaign message in the outbox once per `dedupKey`, as the customer's consent, open complaints and the
 * store's cap allow: allowed, the message and the customer's contact count are written together, so two campaigns
 * sending at once cannot both slip under the cap; refused, the message is kept as `suppressed` with the reason.
 */
export async function enqueueCampaignMessage(request: CampaignMessageRequest): Promise<Message> {
  const messageId = messageIdOf(request.storeId, request.dedupKey);
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await getMessage(messageId);
    if (existing) return existing;
    const customer = (await getCustomer(request.storeId, request.buyerId)) ?? emptyCustomer(request.storeId, request.buyerId);
    const verdict = contactVerdict(customer, request.purpose, request.contact, request.now);
    const reach = pickChannel(customer, request.channels);
    const purpose = { purpose: request.purpose, campaignId: request.campaignId };
    if (!verdict.allowed || !reach) {
      const reason = verdict.allowed ? 'no_channel' : verdict.reason;
      const suppressed = draft(request, {
        ...purpose,
        channel: reach?.channel ?? request.channels[0] ?? 'storefront',
        status: 'suppressed',
        suppressedReason: reason,
        expiresAt: Math.floor(request.now.getTime() / 1000) + SUPPRESSED_KEPT_SECONDS,
      });
      // Put by someone else meanwhile: the next round returns theirs.
      if (await putNew(suppressed)) return suppressed;
      continue;
    }
    const message = draft(request, { ...purpose, ...reach, ...(request.purpose === 'marketing' ? { optOutSecret: randomBytes(16).toString('hex') } : {}) });
    const at = request.now.toISOString();
    try {
      await dynamo.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table(), Item: message, ConditionExpression: 'attribute_not_exists(messageId)' } },
            {
              Update: {
                TableName: requiredEnv(ENV.customersTable),
                Key: { storeId: request.storeId, buyerId: request.buyerId },
                // The last contact is the customer's version here: whoever counted from an older one counts again.
                ConditionExpression: customer.lastContactAt ? 'lastContactAt = :previous' : 'attribute_not_exists(lastContactAt)',
                UpdateExpression: 'SET campaignContacts = :contacts, lastContactAt = :at',
                ExpressionAttributeValues: { ':contacts': [...verdict.contactsInWindow, at], ':at': at, ...(customer.lastContactAt ? { ':previous': customer.lastContactAt } : {}) },
              },
            },
          ],
        }),
      );
      return message;
    } catch (error) {
      if (!isCancelledBy(error, 0) && !isCancelledBy(error, 1)) throw error;
    }
  }
  throw new Error(`message ${messageId} could not be written: the customer's contacts kept changing`);
}

export async function getMessage(messageId: string): Promise<Message | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { messageId }, ConsistentRead: true }));
  return Item as Message | undefined;
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
