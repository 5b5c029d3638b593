import { z } from 'zod';
import type { ChannelName } from '../campaigns/campaign.js';
import { ENV } from '../shared/env.js';
import { NotConfirmed, outsideServiceFromEnv, postIdempotently } from '../shared/idempotent-post.js';
import { logger } from '../shared/logger.js';

export interface OutgoingMessage {
  messageId: string;
  storeId: string;
  buyerId: string;
  channel: ChannelName;
  /** The phone number or email address, for the channels that need one. */
  to?: string;
  template: string;
  text: string;
}

/** The port to whatever reaches the buyer (storefront message, SMS, email): one adapter per channel. */
export interface Channel {
  send(message: OutgoingMessage): Promise<{ reference: string }>;
}

/** A channel with no adapter in this deployment: the message fails at once, where an admin sees it, instead of being retried. */
export class ChannelNotConnected extends Error {
  override readonly name = 'ChannelNotConnected';
}

/** The provider did not confirm the message; the sender tries again. */
export class MessagingUnavailable extends NotConfirmed {
  override readonly name = 'MessagingUnavailable';
}

/**
 * Records the message in the function's log instead of delivering it: the storefront channel until a store connects
 * its platform's messaging. It logs ids and the template, never the buyer's contact (a buyer id that is a phone
 * number or an email address is masked by the logger).
 */
export class LogChannel implements Channel {
  async send(message: OutgoingMessage): Promise<{ reference: string }> {
    logger.info('message to buyer', { messageId: message.messageId, storeId: message.storeId, buyerId: message.buyerId, channel: message.channel, template: message.template });
    return { reference: `log:${message.messageId}` };
  }
}

const accepted = z.object({ id: z.string().min(1), status: z.literal('accepted') });

/**
 * An SMS or email provider in the common shape of such APIs: `POST <base>/messages` with an `Idempotency-Key` (the
 * message id), so a retried send is never delivered twice. The local cloud serves a simulator of it at `/local/messaging`.
 */
export class HttpMessagingChannel implements Channel {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async send(message: OutgoingMessage): Promise<{ reference: string }> {
    if (!message.to) throw new ChannelNotConnected(`message ${message.messageId} has no address for ${message.channel}`);
    const answer = await postIdempotently({
      url: `${this.baseUrl}/messages`,
      idempotencyKey: message.messageId,
      body: { channel: message.channel, to: message.to, text: message.text },
      answer: accepted,
      timeoutMs: this.timeoutMs,
      service: `the ${message.channel} provider`,
      unavailable: MessagingUnavailable,
    });
    return { reference: answer.id };
  }
}

const providerUrlOf: Record<Exclude<ChannelName, 'storefront'>, string> = { sms: ENV.smsProviderUrl, email: ENV.emailProviderUrl };

/** The adapters of this deployment: a provider URL connects SMS or email; storefront messages are logged. */
export function channelsFromEnv(): Record<ChannelName, Channel | undefined> {
  const provider = (channel: keyof typeof providerUrlOf) => {
    if (!process.env[providerUrlOf[channel]]) return undefined;
    const { baseUrl, timeoutMs } = outsideServiceFromEnv(providerUrlOf[channel], 'MESSAGING_PROVIDER_TIMEOUT_MS');
    return new HttpMessagingChannel(baseUrl, timeoutMs);
  };
  return { storefront: new LogChannel(), sms: provider('sms'), email: provider('email') };
}
