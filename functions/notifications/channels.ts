import { logger } from '../shared/logger.js';

export interface OutgoingMessage {
  messageId: string;
  storeId: string;
  buyerId: string;
  template: string;
  text: string;
}

/** The port to whatever reaches the buyer (storefront message, SMS, email): one adapter per channel. */
export interface Channel {
  send(message: OutgoingMessage): Promise<{ reference: string }>;
}

/**
 * Records the message in the function's log instead of delivering it: the channel of the local cloud, and of a
 * deployment until a store connects a real one. It logs ids and the template, never the buyer's contact (a buyer id
 * that is a phone number or an email address is masked by the logger).
 */
export class LogChannel implements Channel {
  async send(message: OutgoingMessage): Promise<{ reference: string }> {
    logger.info('message to buyer', { messageId: message.messageId, storeId: message.storeId, buyerId: message.buyerId, template: message.template });
    return { reference: `log:${message.messageId}` };
  }
}

/** Adapters by name; a deployment selects one with NOTIFY_CHANNEL. */
export function channelFromEnv(): Channel {
  const name = process.env.NOTIFY_CHANNEL ?? 'log';
  if (name === 'log') return new LogChannel();
  throw new Error(`NOTIFY_CHANNEL "${name}" has no adapter`);
}
