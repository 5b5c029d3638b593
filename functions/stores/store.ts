import { z } from 'zod';
import { policySchema } from './policy.js';

export const platforms = ['native', 'shopify', 'woocommerce'] as const;
export type Platform = (typeof platforms)[number];

const timezoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IANA time zone (for example Asia/Shanghai)' },
);

const agentId = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'an agent id is 1 to 64 letters, digits or . _ @ -');

/**
 * How large a registration may be, as JSON. DynamoDB keeps an item of 400 KB at most and would refuse a larger store
 * after its new secret was stored; the ingest also reads the store on every delivery. No real policy comes near it.
 */
const MAX_REGISTRATION_BYTES = 64 * 1024;

/** Body of `PUT /admin/stores/{storeId}`. */
export const storeRegistrationSchema = z
  .object({
    platform: z.enum(platforms),
    // Kept with the previous one in a secret of 64 KB at most (Secrets Manager's limit); platforms' secrets are far shorter.
    webhookSecret: z.string().min(8, 'must be at least 8 characters').max(1024),
    timezone: timezoneSchema.default('Asia/Shanghai'),
    policy: policySchema.prefault({}),
    /** The store's after-sales agents: tasks for the store's people are shared among them. */
    agents: z.array(agentId).max(500).default([]),
    /** Who takes what agents could not (major complaints, missed deadlines). */
    supervisors: z.array(agentId).max(50).default([]),
  })
  .strict()
  .superRefine((registration, ctx) => {
    const bytes = Buffer.byteLength(JSON.stringify(registration));
    if (bytes > MAX_REGISTRATION_BYTES) ctx.addIssue({ code: 'custom', message: `the registration is ${bytes} bytes as JSON; a store's is at most ${MAX_REGISTRATION_BYTES}` });
  });

export const storeIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'a store id is 1 to 40 letters, digits, "-" or "_"');

export type StoreRegistration = z.output<typeof storeRegistrationSchema>;

/** A registered store as kept in the stores table; its webhook secrets live in the secret store. */
export interface Store extends Omit<StoreRegistration, 'webhookSecret'> {
  storeId: string;
  createdAt: string;
  updatedAt: string;
}
