import { z } from 'zod';
import { shardOf, utc } from '../orders/order.js';

export const tiers = ['none', 'member', 'senior_member'] as const;
export type Tier = (typeof tiers)[number];

export const consentSources = ['storefront', 'opt_out_link', 'keyword', 'admin'] as const;
/** The buyer's say on marketing messages, and where and when they said it: the latest word counts. */
export const consentSchema = z
  .object({
    marketing: z.boolean(),
    at: z.iso.datetime({ offset: true }),
    source: z.enum(consentSources),
  })
  .strict();
export type Consent = z.output<typeof consentSchema>;

/**
 * What the store knows of a buyer, kept per store: when the account was opened, the orders, after-sales cases and
 * disputes seen (ids kept as sets, so a redelivered event never counts twice), contact details, consent, the tags and
 * membership tier derived from those facts, and what the outbox records of contacts.
 */
export interface Customer {
  storeId: string;
  buyerId: string;
  registeredAt?: string;
  orderIds: Set<string>;
  caseIds: Set<string>;
  disputeCaseIds: Set<string>;
  name?: string;
  phone?: string;
  email?: string;
  /** 'MM-DD' (functions/customers/birthday.ts). */
  birthday?: string;
  consent?: Consent;
  /** Derived from the facts (functions/customers/tags.ts). */
  tags: Set<string>;
  /** Fen: what completed orders cost, less their refunds. */
  lifetimeSpend: number;
  tier: Tier;
  openComplaintIds: Set<string>;
  /** UTC ISO: the latest order.created placedAt. */
  lastOrderAt?: string;
  /** Written by the outbox. */
  lastContactAt?: string;
  /** ISO times of campaign messages; written by the outbox. */
  campaignContacts: string[];
}

/** The last tier change, with the spend change that caused it (`<orderId>:<net fen>`): its message goes out once for that cause. */
export interface TierChange {
  from: Tier;
  to: Tier;
  cause: string;
  at: string;
}

/** The customer as the file stores it: the facts the tags and the tier are derived from, and a version for optimistic locking. */
export interface CustomerRecord extends Customer {
  complaintCaseIds: Set<string>;
  /** Invoice requests, by order id: a question the buyer asked (an enquiry). */
  invoiceRequestIds: Set<string>;
  /** Net fen of each completed order (its cost less its refunds): recounting an order replaces its entry, never adds to it. */
  spendByOrder: Record<string, number>;
  tierChange?: TierChange;
  /** When the storefront last reported the buyer's contact details; an older report changes none of them. */
  profileUpdatedAt?: string;
  version: number;
}

export const emptyCustomer = (storeId: string, buyerId: string): CustomerRecord => ({
  storeId,
  buyerId,
  orderIds: new Set(),
  caseIds: new Set(),
  disputeCaseIds: new Set(),
  tags: new Set(),
  lifetimeSpend: 0,
  tier: 'none',
  openComplaintIds: new Set(),
  campaignContacts: [],
  complaintCaseIds: new Set(),
  invoiceRequestIds: new Set(),
  spendByOrder: {},
  version: 0,
});

/**
 * The sparse keys of the customer audiences' indexes: by birthday (present only when it is known), and by last order
 * (sharded like the sweep's order indexes; present only once the buyer has ordered; `lastOrderAt` is UTC already).
 */
export interface AudienceKeys {
  birthdayKey?: string;
  lastOrderKey?: string;
}
export const audienceKeyNames = ['birthdayKey', 'lastOrderKey'] as const satisfies ReadonlyArray<keyof AudienceKeys>;

export function audienceKeys(customer: Pick<Customer, 'storeId' | 'buyerId' | 'birthday' | 'lastOrderAt'>): AudienceKeys {
  return {
    ...(customer.birthday ? { birthdayKey: `${customer.storeId}#${customer.birthday}` } : {}),
    ...(customer.lastOrderAt ? { lastOrderKey: `${customer.storeId}#${shardOf(customer.buyerId)}` } : {}),
  };
}

/** The later of two order times, in UTC (the index's sort key). */
export const laterOrderTime = (current: string | undefined, placedAt: string): string =>
  current && Date.parse(current) >= Date.parse(placedAt) ? current : utc(placedAt);

/** A consent replaces the one on file only when it was given later: an update that arrives late never undoes a newer one. */
export const isNewerConsent = (current: Consent | undefined, next: Consent): boolean => !current || Date.parse(next.at) > Date.parse(current.at);
