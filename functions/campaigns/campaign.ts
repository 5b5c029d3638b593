import { z } from 'zod';
import { templates, type TemplateId } from '../notifications/templates.js';

const localized = z.object({ 'zh-CN': z.string().min(1).max(40), en: z.string().min(1).max(40) }).strict();
const calendarDay = z
  .string()
  .regex(/^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date YYYY-MM-DD (that year only) or MM-DD (every year)');

/**
 * Who a campaign speaks to on a given local day, as a rule with its numbers. Each rule is read from an index keyed
 * by the date it is due on (functions/campaigns/audience.ts), never by reading every customer.
 */
export const audienceSchema = z.discriminatedUnion('rule', [
  /** Buyers whose order was delivered that many days ago: one message per order. */
  z.object({ rule: z.literal('days_after_delivery'), days: z.number().int().min(1).max(365) }).strict(),
  /** Buyers whose after-sales case or complaint closed that many days ago: one message per case. */
  z.object({ rule: z.literal('days_after_case_closed'), days: z.number().int().min(0).max(60) }).strict(),
  /** Buyers whose birthday it is (a 29 February birthday is greeted on 28 February in other years). */
  z.object({ rule: z.literal('birthday') }).strict(),
  /** Every customer of the store, on the listed days (fixed holidays as MM-DD; lunar ones dated per year). */
  z.object({ rule: z.literal('on_dates'), dates: z.array(z.object({ date: calendarDay, name: localized }).strict()).min(1).max(50) }).strict(),
  /** Buyers whose last order was exactly that many days ago. */
  z.object({ rule: z.literal('days_since_last_order'), days: z.number().int().min(7).max(3650) }).strict(),
]);
export type Audience = z.output<typeof audienceSchema>;
export type AudienceRule = Audience['rule'];

/** The template variables each rule fills in; a campaign's template may ask for no other. */
export const variablesOfRule: Record<AudienceRule, readonly string[]> = {
  days_after_delivery: ['orderId', 'days', 'offer'],
  days_after_case_closed: ['orderId', 'offer'],
  birthday: ['offer'],
  on_dates: ['holiday', 'offer'],
  days_since_last_order: ['offer'],
};

/** The templates a campaign may send: not the parts filled into them, nor the opt-out confirmation. */
const notCampaignMessages = new Set<TemplateId>(['campaign.coupon', 'campaign.opt_out', 'campaign.opted_out']);
const campaignTemplateIds = (Object.keys(templates) as TemplateId[]).filter((id) => id.startsWith('campaign.') && !notCampaignMessages.has(id));

export const channelNames = ['sms', 'email', 'storefront'] as const;
export type ChannelName = (typeof channelNames)[number];

export const couponSchema = z
  .object({
    valueFen: z.number().int().min(1).max(1_000_000),
    minSpendFen: z.number().int().min(0).max(100_000_000).default(0),
    validDays: z.number().int().min(1).max(366).default(30),
  })
  .strict();
export type Coupon = z.output<typeof couponSchema>;

export const campaignSchema = z
  .object({
    enabled: z.boolean().default(true),
    /**
     * `care` (a care revisit, a satisfaction question) goes to everyone who has not opted out; `marketing`
     * (greetings, coupons, win-back) only to buyers who agreed to marketing messages.
     */
    purpose: z.enum(['care', 'marketing']),
    audience: audienceSchema,
    /** Only buyers of these tiers, when given. */
    tiers: z.array(z.enum(['none', 'member', 'senior_member'])).min(1).optional(),
    template: z.enum(campaignTemplateIds as [TemplateId, ...TemplateId[]]),
    coupon: couponSchema.optional(),
    /** The channels to try, in order: the first the buyer can be reached on is used. */
    channels: z.array(z.enum(channelNames)).min(1).default(['storefront']),
  })
  .strict()
  .superRefine((campaign, ctx) => {
    const provided = variablesOfRule[campaign.audience.rule];
    const asked = Object.keys(templates[campaign.template].variables.shape);
    const missing = asked.filter((name) => !provided.includes(name));
    if (missing.length) ctx.addIssue({ code: 'custom', path: ['template'], message: `${campaign.template} needs ${missing.join(', ')}, which the ${campaign.audience.rule} audience does not give` });
  });
export type Campaign = z.output<typeof campaignSchema>;

/** The campaigns every store has unless it changes them (DOMAIN.md, "Keeping customers"). */
export const defaultCampaigns: Record<string, z.input<typeof campaignSchema>> = {
  care_revisit: { purpose: 'care', audience: { rule: 'days_after_delivery', days: 7 }, template: 'campaign.care_revisit' },
  satisfaction: { purpose: 'care', audience: { rule: 'days_after_case_closed', days: 1 }, template: 'campaign.satisfaction' },
  birthday: { purpose: 'marketing', audience: { rule: 'birthday' }, template: 'campaign.birthday', coupon: { valueFen: 1000, validDays: 30 } },
  holidays: {
    purpose: 'marketing',
    audience: {
      rule: 'on_dates',
      dates: [
        { date: '01-01', name: { 'zh-CN': '元旦', en: 'New Year' } },
        { date: '05-01', name: { 'zh-CN': '劳动节', en: 'Labour Day' } },
        { date: '10-01', name: { 'zh-CN': '国庆节', en: 'National Day' } },
        { date: '2027-02-06', name: { 'zh-CN': '春节', en: 'Spring Festival' } },
      ],
    },
    template: 'campaign.holiday',
  },
  year_end: { purpose: 'marketing', audience: { rule: 'on_dates', dates: [{ date: '12-31', name: { 'zh-CN': '年终', en: 'Year end' } }] }, template: 'campaign.year_end', coupon: { valueFen: 888, validDays: 31 } },
  win_back: { purpose: 'marketing', audience: { rule: 'days_since_last_order', days: 90 }, template: 'campaign.win_back', coupon: { valueFen: 2000, minSpendFen: 10_000, validDays: 14 } },
};

const CAMPAIGN_ID = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * A store's campaigns by id: the defaults, each changed by what the store sends under its id (fields given replace
 * the default's, `null` takes an optional one away, such as a default's coupon; `enabled: false` stops one), plus the
 * store's own.
 */
export const campaignsSchema = z
  .record(z.string(), z.unknown())
  .optional()
  .superRefine((given = {}, ctx) => {
    for (const id of Object.keys(given)) {
      if (!CAMPAIGN_ID.test(id)) ctx.addIssue({ code: 'custom', path: [id], message: `campaign id "${id.slice(0, 60)}": lower-case letters, digits and _, starting with a letter (at most 40)` });
    }
  })
  .transform((given = {}) => {
    const merged: Record<string, unknown> = { ...defaultCampaigns };
    for (const [id, definition] of Object.entries(given)) {
      const base = Object.hasOwn(defaultCampaigns, id) ? defaultCampaigns[id] : undefined;
      if (!base || typeof definition !== 'object' || definition === null || Array.isArray(definition)) merged[id] = definition;
      else merged[id] = Object.fromEntries(Object.entries({ ...base, ...definition }).filter(([, value]) => value !== null));
    }
    return merged;
  })
  .pipe(z.record(z.string(), campaignSchema).refine((campaigns) => Object.keys(campaigns).length <= 30, 'at most 30 campaigns'));

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM');

/** How the store's customers are contacted by campaigns (DOMAIN.md: consent, quiet hours, a cap). */
export const contactPolicySchema = z
  .object({
    /** No campaign message is sent between these local times; a run that falls in them waits for their end. */
    quietHours: z.object({ start: clockTime.default('21:00'), end: clockTime.default('09:00') }).strict().prefault({}),
    /** At most this many campaign messages per customer… */
    maxCampaignMessages: z.number().int().min(1).max(50).default(2),
    /** …within this many days, across all campaigns. */
    capDays: z.number().int().min(1).max(90).default(7),
    /** Campaigns leave a customer with an open complaint alone. */
    skipOpenComplaints: z.boolean().default(true),
    /** A message from the buyer that is one of these words (without case) opts them out of marketing. */
    optOutKeywords: z.array(z.string().min(1).max(20)).min(1).default(['TD', 'T', '退订', 'STOP', 'UNSUBSCRIBE']),
    /** A satisfaction score at or below this opens a task for an agent. */
    lowSatisfactionScore: z.number().int().min(1).max(5).default(2),
  })
  .strict();
export type ContactPolicy = z.output<typeof contactPolicySchema>;
