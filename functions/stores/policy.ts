import { z } from 'zod';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * A store's after-sales policy. Every number of DOMAIN.md is a default here, never a constant in code:
 * a store overrides what it wants when it is registered, and a test can set any of them.
 */
export const returnsPolicySchema = z.object({
  noReasonReturnDays: z.number().int().min(0).max(365).default(7),
  qualityReturnDays: z.number().int().min(0).max(365).default(15),
  unshippedRefundSeconds: z.number().int().min(1).default(24 * HOUR),
  storeDecisionSeconds: z.number().int().min(1).default(48 * HOUR),
  buyerReviseSeconds: z.number().int().min(1).default(5 * DAY),
  buyerShipReturnSeconds: z.number().int().min(1).default(7 * DAY),
  storeConfirmReceiptSeconds: z.number().int().min(1).default(10 * DAY),
});

export const webhookPolicySchema = z.object({
  /** After a new webhook secret is registered, the previous one stays valid this long. */
  secretRotationSeconds: z.number().int().min(0).max(30 * DAY).default(DAY),
});

export const messagesPolicySchema = z.object({
  /** The language of messages to buyers. */
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

export const policySchema = z
  .object({
    returns: returnsPolicySchema.prefault({}),
    webhooks: webhookPolicySchema.prefault({}),
    messages: messagesPolicySchema.prefault({}),
  })
  .strict();

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

export const defaultPolicy = (): Policy => policySchema.parse({});

/** A store's policy, or the defaults for a store not (yet) registered. */
export const policyOf = (store: { policy: Policy } | undefined): Policy => store?.policy ?? defaultPolicy();
