import { z } from 'zod';
import { campaignsSchema, contactPolicySchema } from '../campaigns/campaign.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * A deadline in seconds. A Standard workflow runs for a year at most, so no wait can be longer; a longer one
 * would never fire, and dating it would fail every request of the store.
 */
const deadline = z.number().int().min(1).max(365 * DAY);

const nonReturnableCondition = z.object({
  rule: z.string().min(1),
  /** Phrases in the buyer's note that show the condition (compared without case). */
  mentions: z.array(z.string().min(1)).min(1),
  /** A quality problem makes the item returnable after all (opened packaging of a defective item). */
  unlessQualityProblem: z.boolean(),
  reason: z.string().min(1),
  reasonZh: z.string().min(1),
});

const defaultNonReturnableConditions: Array<z.input<typeof nonReturnableCondition>> = [
  {
    rule: 'opened-packaging',
    mentions: ['已拆封', '拆封了', 'opened the packaging', 'opened the package'],
    unlessQualityProblem: true,
    reason: 'opened packaging that cannot be restored, without a quality problem',
    reasonZh: '商品包装已拆封且无法复原，且无质量问题',
  },
  {
    rule: 'buyer-damage',
    mentions: ['人为损坏', '不小心摔', 'i dropped', 'i broke'],
    unlessQualityProblem: false,
    reason: 'damage caused after delivery is not covered',
    reasonZh: '签收后人为造成的损坏不在售后范围内',
  },
  {
    rule: 'force-majeure',
    mentions: ['不可抗力', 'force majeure', 'flood', 'fire'],
    unlessQualityProblem: false,
    reason: 'damage by force majeure is not covered',
    reasonZh: '不可抗力造成的损坏不在售后范围内',
  },
  {
    rule: 'slight-colour-difference',
    mentions: ['轻微色差', 'slight colour difference', 'slight color difference'],
    unlessQualityProblem: false,
    reason: 'a slight colour difference is not a defect',
    reasonZh: '轻微色差不属于质量问题',
  },
];

export const trustPolicySchema = z.object({
  /** The score (0–100) from which a buyer is trusted. */
  minScore: z.number().int().min(0).max(100).default(80),
  /** Account age that earns the full 40 points. */
  fullScoreAccountDays: z.number().int().min(1).default(365),
  /** Return rate (cases per order) above which the 30 return points are gone. */
  maxReturnRate: z.number().min(0).max(10).default(0.3),
  /** Orders needed before the return rate says anything (fewer earn no return points). */
  minOrders: z.number().int().min(0).default(2),
});

/**
 * A store's after-sales policy. Every number of DOMAIN.md is a default here, never a constant in code:
 * a store overrides what it wants when it is registered, and a test can set any of them.
 */
export const returnsPolicySchema = z.object({
  noReasonReturnDays: z.number().int().min(0).max(365).default(7),
  qualityReturnDays: z.number().int().min(0).max(365).default(15),
  unshippedRefundSeconds: deadline.default(24 * HOUR),
  storeDecisionSeconds: deadline.default(48 * HOUR),
  buyerReviseSeconds: deadline.default(5 * DAY),
  buyerShipReturnSeconds: deadline.default(7 * DAY),
  storeConfirmReceiptSeconds: deadline.default(10 * DAY),
  /** How long the platform has to rule on an escalated case; without a ruling the buyer's request stands. */
  platformRulingSeconds: deadline.default(5 * DAY),
  /** How long a return parcel may travel before it counts as delivered back (the buyer never waits forever). */
  returnTransitSeconds: deadline.default(15 * DAY),
  /** How long finance has to look at a refund the payment service kept refusing before it is tried again. */
  refundFailureSeconds: deadline.default(DAY),
  /** Items that are returned only for a quality problem (customised, hygiene). */
  nonReturnableSkus: z.array(z.string().min(1)).default([]),
  /** Not returnable (DOMAIN.md): recognised from what the buyer wrote in the request. */
  nonReturnableConditions: z.array(nonReturnableCondition).default(defaultNonReturnableConditions),
  /** Who earns a fast refund and an exchange shipped at once (functions/customers/trust.ts). */
  trust: trustPolicySchema.prefault({}),
});

export const invoicePolicySchema = z.object({
  /** Issue invoices through the e-invoicing service at once, instead of asking finance. */
  autoIssue: z.boolean().default(false),
  /** Finance's time to issue; then the e-invoicing service issues it. */
  issueSeconds: deadline.default(2 * DAY),
  /** How long an invoice in the parcel waits for the parcel's delivery before it counts as delivered. */
  parcelDeliverySeconds: deadline.default(15 * DAY),
  /** How long an invoice waits for its monthly postal batch (closed on the 1st) before it counts as mailed. */
  mailingSeconds: deadline.default(40 * DAY),
  /** The buyer's time to confirm the invoice arrived; then it is taken as received. */
  receiptConfirmSeconds: deadline.default(7 * DAY),
});

export const complaintPolicySchema = z.object({
  /** A complaint is answered within this time, or the supervisor takes it (a breach). */
  answerSeconds: deadline.default(48 * HOUR),
  /** The supervisor's time to act; each time it passes it is recorded and the supervisor is reminded. */
  supervisorSeconds: deadline.default(24 * HOUR),
  /** How long before a promised call-back the agent's task appears (the reminder). */
  callbackReminderSeconds: z.number().int().min(0).max(365 * DAY).default(HOUR),
});

export const bulkOrderPolicySchema = z.object({
  /** An order is reviewed as a bulk order from this many units of one SKU, this total (fen), or this many lines. */
  minQuantityOfOneSku: z.number().int().min(1).default(20),
  minTotal: z.number().int().min(1).default(1_000_000),
  minLines: z.number().int().min(1).default(30),
  highRiskScore: z.number().int().min(1).default(50),
  /** The store manager's (or legal's) time to review; then, by default, the supervisor is asked. */
  reviewSeconds: deadline.default(24 * HOUR),
  /** What a passed review deadline does: ask the supervisor (then hold), or continue a low-risk order. */
  onReviewTimeout: z.enum(['escalate', 'continue_if_low_risk']).default('escalate'),
  supervisorSeconds: deadline.default(24 * HOUR),
  /** The buyer's agreed time to confirm receipt; then an agent follows up. */
  receiptSeconds: deadline.default(15 * DAY),
  followUpSeconds: deadline.default(3 * DAY),
});

/** Rules that grant gift, free-shipping and discount requests by themselves; the rest goes to a supervisor. */
export const approvalRulesSchema = z.object({
  /** A gift or free shipping worth at most this (fen), on an order of at least `minOrderTotal`, is granted by rule. */
  maxValueByRule: z.number().int().min(0).default(2_000),
  minOrderTotal: z.number().int().min(0).default(30_000),
  /** A bulk-order discount up to this share of the total is granted by rule. */
  maxDiscountShareByRule: z.number().min(0).max(1).default(0.05),
  approvalSeconds: deadline.default(24 * HOUR),
});

export const webhookPolicySchema = z.object({
  /** After a new webhook secret is registered, the previous one stays valid this long. */
  secretRotationSeconds: z.number().int().min(0).max(30 * DAY).default(DAY),
});

export const messagesPolicySchema = z.object({
  /** The language of messages to buyers. */
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

/**
 * Membership tiers (DOMAIN.md, "Keeping customers"), recomputed from what the buyer's completed orders cost less their
 * refunds: one order of at least `memberSingleOrderFen` makes a member, a total of at least `seniorTotalSpendFen` a
 * senior member, who gets `seniorDiscountPercent` off (functions/customers/membership.ts).
 */
export const membershipPolicySchema = z
  .object({
    /** One completed order worth this much (fen, after its refunds) makes a member. */
    memberSingleOrderFen: z.number().int().min(1).default(30_000),
    /** This much spent in all (fen, completed orders less refunds) makes a senior member. */
    seniorTotalSpendFen: z.number().int().min(1).default(200_000),
    /** A senior member's discount, in percent. */
    seniorDiscountPercent: z.number().int().min(1).max(99).default(10),
  })
  .strict();

/**
 * The daily backlog sweep (DOMAIN.md, "In-sale watch"): when an order is due on which list, and how long the
 * follow-ups it opens may wait. Transit times are per carrier (by the name the storefront sends), with a default.
 */
export const sweepPolicySchema = z.object({
  /** An unpaid order gets a payment reminder (with the address to confirm) this long after it was placed. */
  paymentReminderHours: z.number().int().min(1).max(720).default(12),
  /** An unshipped order goes on the ship-soon list this long after payment… */
  shipSoonHours: z.number().int().min(1).max(720).default(24),
  /** …and is a late shipment, with a follow-up for an agent, this long after payment. */
  lateShipmentHours: z.number().int().min(1).max(720).default(72),
  /** A carrier's normal time in transit; a parcel without an update for longer has stalled. */
  transitHours: z.record(z.string().min(1), z.number().int().min(1).max(2160)).default({ default: 72 }),
  /** How much longer a buyer gets to confirm receipt of a parcel that is slow but still moving. */
  receiptExtensionDays: z.number().int().min(1).max(30).default(3),
  /** A delivered order not yet confirmed gets a reminder this many days after delivery. */
  confirmReminderDays: z.number().int().min(1).max(60).default(3),
  /** Reviews at or below this rating are followed up (medium and bad reviews). */
  followUpRatingAtMost: z.number().int().min(1).max(5).default(3),
  /** An agent's time for a follow-up; then the supervisor's; then it closes unresolved (a breach). */
  followUpSeconds: deadline.default(24 * HOUR),
  followUpSupervisorSeconds: deadline.default(24 * HOUR),
});

/**
 * The carrier's normal transit hours, from the store's table or its default. Only the table's own entries count:
 * the storefront names the carrier, and a carrier called "constructor" is not the object's constructor.
 */
export const transitHoursOf = (policy: z.output<typeof sweepPolicySchema>, carrier: string | undefined): number =>
  (carrier && Object.hasOwn(policy.transitHours, carrier) ? policy.transitHours[carrier] : undefined) ?? policy.transitHours.default ?? 72;

export const policySchema = z
  .object({
    returns: returnsPolicySchema.prefault({}),
    invoices: invoicePolicySchema.prefault({}),
    complaints: complaintPolicySchema.prefault({}),
    bulkOrders: bulkOrderPolicySchema.prefault({}),
    approvals: approvalRulesSchema.prefault({}),
    webhooks: webhookPolicySchema.prefault({}),
    messages: messagesPolicySchema.prefault({}),
    sweep: sweepPolicySchema.prefault({}),
    contact: contactPolicySchema.prefault({}),
    campaigns: campaignsSchema,
    membership: membershipPolicySchema.prefault({}),
  })
  .strict();

export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

export const defaultPolicy = (): Policy => policySchema.parse({});

/** A store's policy, or the defaults for a store not (yet) registered. */
export const policyOf = (store: { policy: Policy } | undefined): Policy => store?.policy ?? defaultPolicy();
