import { describe, expect, it } from 'vitest';
import { contactPolicySchema, defaultCampaigns, type ChannelName, type ContactPolicy, type Coupon } from '../../functions/campaigns/campaign.js';
import { birthdaysOn, occasionOn } from '../../functions/campaigns/audience.js';
import { offerOf } from '../../functions/campaigns/run-campaigns.js';
import { emptyCustomer, type Consent, type Customer } from '../../functions/customers/customer.js';
import { contactVerdict, pickChannel, quietHoursAt } from '../../functions/notifications/respect.js';
import { addDays, localDate, localDayInUtc, localMoment, localTimeOfDay } from '../../functions/shared/local-time.js';
import { policySchema, type PolicyInput } from '../../functions/stores/policy.js';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const HOUR_MS = 3_600_000;

describe('the store calendar (functions/shared/local-time.ts)', () => {
  it.each<[string, string, string, string]>([
    ['Shanghai, just before its midnight', '2026-11-23T15:59:00Z', SH, '2026-11-23'],
    ['Shanghai, at its midnight', '2026-11-23T16:00:00Z', SH, '2026-11-24'],
    ['Shanghai, New Year comes 8 hours before UTC', '2026-12-31T16:30:00Z', SH, '2027-01-01'],
    ['New York, still the day before UTC (EST)', '2026-03-08T04:59:00Z', NY, '2026-03-07'],
    ['New York, midnight EST', '2026-03-08T05:00:00Z', NY, '2026-03-08'],
    ['New York, midnight EDT', '2026-03-09T04:00:00Z', NY, '2026-03-09'],
    ['UTC itself', '2026-02-28T23:59:59Z', 'UTC', '2026-02-28'],
  ])('localDate: %s', (_name, at, zone, date) => {
    expect(localDate(new Date(at), zone)).toBe(date);
  });

  it.each<[string, string, string, string]>([
    ['Shanghai midnight is 00:00, not 24:00', '2026-11-23T16:00:00Z', SH, '00:00'],
    ['Shanghai 09:00', '2026-11-24T01:00:00Z', SH, '09:00'],
    ['seconds are cut, not rounded', '2026-11-24T01:59:59Z', SH, '09:59'],
    ['New York before the spring change (EST)', '2026-03-08T06:59:00Z', NY, '01:59'],
    ['New York at the spring change: 02:00 is skipped', '2026-03-08T07:00:00Z', NY, '03:00'],
    ['New York, 01:30 the first time (EDT)', '2026-11-01T05:30:00Z', NY, '01:30'],
    ['New York, 01:30 the second time (EST)', '2026-11-01T06:30:00Z', NY, '01:30'],
    ['New York, 23:00 EST', '2026-11-02T04:00:00Z', NY, '23:00'],
  ])('localTimeOfDay: %s', (_name, at, zone, time) => {
    expect(localTimeOfDay(new Date(at), zone)).toBe(time);
  });

  it.each<[string, string, string, string, string]>([
    ['Shanghai 09:00', '2026-11-24', '09:00', SH, '2026-11-24T01:00:00.000Z'],
    ['Shanghai midnight is the day before in UTC', '2027-01-01', '00:00', SH, '2026-12-31T16:00:00.000Z'],
    ['Shanghai 23:59', '2026-11-24', '23:59', SH, '2026-11-24T15:59:00.000Z'],
    ['New York, the day before spring (EST, -5)', '2026-03-07', '12:00', NY, '2026-03-07T17:00:00.000Z'],
    ['New York, spring day at midnight (still EST)', '2026-03-08', '00:00', NY, '2026-03-08T05:00:00.000Z'],
    ['New York, spring day at 01:59 (EST)', '2026-03-08', '01:59', NY, '2026-03-08T06:59:00.000Z'],
    ['New York, spring day at 03:00 (EDT, -4)', '2026-03-08', '03:00', NY, '2026-03-08T07:00:00.000Z'],
    ['New York, spring day at noon (EDT)', '2026-03-08', '12:00', NY, '2026-03-08T16:00:00.000Z'],
    ['New York, autumn day at midnight (EDT)', '2026-11-01', '00:00', NY, '2026-11-01T04:00:00.000Z'],
    ['New York, autumn day at 01:30: the first of the two (EDT)', '2026-11-01', '01:30', NY, '2026-11-01T05:30:00.000Z'],
    ['New York, autumn day at 02:00 (EST)', '2026-11-01', '02:00', NY, '2026-11-01T07:00:00.000Z'],
    ['New York, autumn day at noon (EST, -5)', '2026-11-01', '12:00', NY, '2026-11-01T17:00:00.000Z'],
    // 02:30 does not exist that day: the clock jumps from 01:59 EST to 03:00 EDT. It is taken as the moment half an
    // hour into the jump (03:30 EDT), never as a moment before the jump, which would be 01:30.
    ['New York, a time skipped in spring moves forward', '2026-03-08', '02:30', NY, '2026-03-08T07:30:00.000Z'],
    ['Berlin, a time skipped in spring moves forward', '2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
  ])('localMoment: %s', (_name, date, time, zone, instant) => {
    expect(localMoment(date, time, zone).toISOString()).toBe(instant);
  });

  it('localMoment and localDate/localTimeOfDay agree wherever the wall time exists', () => {
    for (const zone of [SH, NY, 'Europe/Berlin', 'Australia/Sydney']) {
      for (const date of ['2026-01-15', '2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01']) {
        for (const time of ['00:00', '00:59', '03:00', '09:00', '12:30', '21:00', '23:59']) {
          const moment = localMoment(date, time, zone);
          expect(`${localDate(moment, zone)} ${localTimeOfDay(moment, zone)}`, `${date} ${time} ${zone}`).toBe(`${date} ${time}`);
        }
      }
    }
  });

  it.each<[string, string, string, string, string, number]>([
    ['a Shanghai day is 16:00Z to 16:00Z', '2026-11-24', SH, '2026-11-23T16:00:00.000Z', '2026-11-24T16:00:00.000Z', 24],
    ['a Shanghai New Year day', '2027-01-01', SH, '2026-12-31T16:00:00.000Z', '2027-01-01T16:00:00.000Z', 24],
    ['a New York spring day is 23 hours', '2026-03-08', NY, '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z', 23],
    ['a New York autumn day is 25 hours', '2026-11-01', NY, '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', 25],
    ['an ordinary New York summer day', '2026-07-01', NY, '2026-07-01T04:00:00.000Z', '2026-07-02T04:00:00.000Z', 24],
    // Chile moves its clocks at midnight: 2026-09-06 begins at 01:00 (-03), so the day before ends then, not an hour early.
    ['Santiago, a day whose midnight does not exist', '2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z', 23],
    ['Santiago, the day before it', '2026-09-05', 'America/Santiago', '2026-09-05T04:00:00.000Z', '2026-09-06T04:00:00.000Z', 24],
  ])('localDayInUtc: %s', (_name, date, zone, from, to, hours) => {
    const day = localDayInUtc(date, zone);
    expect(day).toEqual({ from, to });
    expect((Date.parse(day.to) - Date.parse(day.from)) / HOUR_MS).toBe(hours);
  });

  it.each<[string, number, string]>([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2027-03-01', -1, '2027-02-28'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-12-31', 31, '2027-01-31'],
    ['2026-11-24', 0, '2026-11-24'],
    ['2026-11-24', -90, '2026-08-26'],
    ['2028-01-01', 366, '2029-01-01'],
    ['2027-01-01', 365, '2028-01-01'],
  ])('addDays(%s, %i) = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

const contact: ContactPolicy = contactPolicySchema.parse({});
const NOW = new Date('2026-11-24T02:00:00.000Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 24 * HOUR_MS).toISOString();
const consent = (marketing: boolean): Consent => ({ marketing, at: '2026-01-01T00:00:00.000Z', source: 'storefront' });

function customer(facts: { consent?: Consent; openComplaints?: number; contacts?: string[]; phone?: string; email?: string } = {}): Customer {
  const record = emptyCustomer('s1', 'b1');
  return {
    ...record,
    ...(facts.consent ? { consent: facts.consent } : {}),
    ...(facts.phone !== undefined ? { phone: facts.phone } : {}),
    ...(facts.email !== undefined ? { email: facts.email } : {}),
    openComplaintIds: new Set(Array.from({ length: facts.openComplaints ?? 0 }, (_, i) => `c${i}`)),
    campaignContacts: facts.contacts ?? [],
  };
}

describe('the outbox contact rules (functions/notifications/respect.ts)', () => {
  type Verdict = ReturnType<typeof contactVerdict>;
  const allowed = (contactsInWindow: string[] = []): Verdict => ({ allowed: true, contactsInWindow });
  const refused = (reason: Extract<Verdict, { allowed: false }>['reason']): Verdict => ({ allowed: false, reason });
  const full = [daysBefore(1), daysBefore(2)];

  it.each<[string, Customer, 'care' | 'marketing', Partial<ContactPolicy>, Verdict]>([
    ['opted out: no care message', customer({ consent: consent(false) }), 'care', {}, refused('opted_out')],
    ['opted out: no marketing message', customer({ consent: consent(false) }), 'marketing', {}, refused('opted_out')],
    ['opted out beats an open complaint and a full cap', customer({ consent: consent(false), openComplaints: 1, contacts: full }), 'care', {}, refused('opted_out')],
    ['marketing without any consent on file', customer(), 'marketing', {}, refused('no_consent')],
    ['marketing with consent', customer({ consent: consent(true) }), 'marketing', {}, allowed()],
    ['care without any consent on file', customer(), 'care', {}, allowed()],
    ['care with consent', customer({ consent: consent(true) }), 'care', {}, allowed()],
    ['no consent beats an open complaint', customer({ openComplaints: 1 }), 'marketing', {}, refused('no_consent')],
    ['an open complaint', customer({ openComplaints: 1 }), 'care', {}, refused('open_complaint')],
    ['an open complaint, marketing', customer({ consent: consent(true), openComplaints: 2 }), 'marketing', {}, refused('open_complaint')],
    ['an open complaint, when the store does not skip them', customer({ openComplaints: 1 }), 'care', { skipOpenComplaints: false }, allowed()],
    ['an open complaint beats a full cap', customer({ openComplaints: 1, contacts: full }), 'care', {}, refused('open_complaint')],
    ['exactly at the cap (2 in 7 days)', customer({ contacts: full }), 'care', {}, refused('frequency_cap')],
    ['over the cap', customer({ contacts: [...full, daysBefore(3)] }), 'care', {}, refused('frequency_cap')],
    ['one below the cap', customer({ contacts: [daysBefore(6.9)] }), 'care', {}, allowed([daysBefore(6.9)])],
    ['contacts older than the window do not count', customer({ contacts: [daysBefore(8), daysBefore(30), daysBefore(1)] }), 'care', {}, allowed([daysBefore(1)])],
    ['a longer window counts older contacts', customer({ contacts: [daysBefore(8), daysBefore(1)] }), 'care', { capDays: 10 }, refused('frequency_cap')],
    ['a higher cap allows more, with consent', customer({ consent: consent(true), contacts: full }), 'marketing', { maxCampaignMessages: 3 }, allowed(full)],
    ['a cap of one, with one contact an hour ago', customer({ contacts: [daysBefore(1 / 24)] }), 'care', { maxCampaignMessages: 1 }, refused('frequency_cap')],
  ])('contactVerdict: %s', (_name, buyer, purpose, policy, verdict) => {
    expect(contactVerdict(buyer, purpose, { ...contact, ...policy }, NOW)).toEqual(verdict);
  });

  it.each<[string, { phone?: string; email?: string }, ChannelName[], ReturnType<typeof pickChannel>]>([
    ['sms first, with a phone', { phone: '13800000000', email: 'a@example.com' }, ['sms', 'email', 'storefront'], { channel: 'sms', to: '13800000000' }],
    ['sms first, without a phone: email', { email: 'a@example.com' }, ['sms', 'email', 'storefront'], { channel: 'email', to: 'a@example.com' }],
    ['email first, with both', { phone: '13800000000', email: 'a@example.com' }, ['email', 'sms'], { channel: 'email', to: 'a@example.com' }],
    ['email first, without an email: sms', { phone: '13800000000' }, ['email', 'sms'], { channel: 'sms', to: '13800000000' }],
    ['an empty phone is no phone', { phone: '', email: 'a@example.com' }, ['sms', 'email'], { channel: 'email', to: 'a@example.com' }],
    ['neither: the storefront', {}, ['sms', 'email', 'storefront'], { channel: 'storefront' }],
    ['the storefront first wins over a phone', { phone: '13800000000' }, ['storefront', 'sms'], { channel: 'storefront' }],
    ['storefront needs no address', {}, ['storefront'], { channel: 'storefront' }],
    ['no channel the buyer can be reached on', { email: 'a@example.com' }, ['sms'], undefined],
    ['nothing at all', {}, ['sms', 'email'], undefined],
  ])('pickChannel: %s', (_name, address, channels, expected) => {
    expect(pickChannel(customer(address), channels)).toEqual(expected);
  });

  const overnight = { start: '21:00', end: '09:00' };
  const morning = { start: '08:00', end: '11:00' };
  // Shanghai local time → UTC: minus 8 hours.
  it.each<[string, string, { start: string; end: string }, string, string | undefined]>([
    ['overnight: 20:59 is not quiet', '2026-11-24T12:59:00Z', overnight, SH, undefined],
    ['overnight: 21:00 (the start) is quiet until 09:00 the next day', '2026-11-24T13:00:00Z', overnight, SH, '2026-11-25T01:00:00.000Z'],
    ['overnight: 23:59 is quiet until 09:00 the next day', '2026-11-24T15:59:00Z', overnight, SH, '2026-11-25T01:00:00.000Z'],
    ['overnight: 00:00 is quiet until 09:00 that day', '2026-11-24T16:00:00Z', overnight, SH, '2026-11-25T01:00:00.000Z'],
    ['overnight: 03:00 is quiet until 09:00 that day', '2026-11-24T19:00:00Z', overnight, SH, '2026-11-25T01:00:00.000Z'],
    ['overnight: 08:59 is quiet until 09:00 that day', '2026-11-25T00:59:00Z', overnight, SH, '2026-11-25T01:00:00.000Z'],
    ['overnight: 09:00 (the end) is not quiet', '2026-11-25T01:00:00Z', overnight, SH, undefined],
    ['overnight: noon is not quiet', '2026-11-25T04:00:00Z', overnight, SH, undefined],
    ['overnight over New Year: until 09:00 on 1 January', '2026-12-31T14:00:00Z', overnight, SH, '2027-01-01T01:00:00.000Z'],
    ['in a day: 07:59 is not quiet', '2026-11-23T23:59:00Z', morning, SH, undefined],
    ['in a day: 08:00 (the start) is quiet until 11:00', '2026-11-24T00:00:00Z', morning, SH, '2026-11-24T03:00:00.000Z'],
    ['in a day: 10:59 is quiet until 11:00', '2026-11-24T02:59:00Z', morning, SH, '2026-11-24T03:00:00.000Z'],
    ['in a day: 11:00 (the end) is not quiet', '2026-11-24T03:00:00Z', morning, SH, undefined],
    ['in a day: 23:00 is not quiet', '2026-11-24T15:00:00Z', morning, SH, undefined],
    ['start = end: never quiet, at the start', '2026-11-24T13:00:00Z', { start: '21:00', end: '21:00' }, SH, undefined],
    ['start = end: never quiet, at 03:00', '2026-11-24T19:00:00Z', { start: '21:00', end: '21:00' }, SH, undefined],
    ['New York, the spring night is an hour shorter', '2026-03-08T04:00:00Z', overnight, NY, '2026-03-08T13:00:00.000Z'],
    ['New York, the autumn night is an hour longer', '2026-11-01T03:00:00Z', overnight, NY, '2026-11-01T14:00:00.000Z'],
    ['New York, after midnight on the spring day', '2026-03-08T06:30:00Z', overnight, NY, '2026-03-08T13:00:00.000Z'],
  ])('quietHoursAt: %s', (_name, at, quietHours, zone, until) => {
    const verdict = quietHoursAt(new Date(at), zone, quietHours);
    expect(verdict).toEqual(until === undefined ? { quiet: false } : { quiet: true, until: new Date(until) });
  });

  it('quiet hours ending inside the hour skipped in spring end after now, never before', () => {
    const now = new Date('2026-03-08T06:45:00Z'); // 01:45 EST; 02:00–02:59 does not exist that night
    const verdict = quietHoursAt(now, NY, { start: '21:00', end: '02:30' });
    expect(verdict.quiet).toBe(true);
    if (verdict.quiet) expect(verdict.until.getTime()).toBeGreaterThan(now.getTime());
  });
});

type CampaignsInput = NonNullable<PolicyInput['campaigns']>;
const campaignsOf = (campaigns: CampaignsInput) => policySchema.parse({ campaigns }).campaigns;
const issuesOf = (input: unknown) => {
  const result = policySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('campaigns in the store policy (functions/campaigns/campaign.ts)', () => {
  const defaults = policySchema.parse({});

  it('every store has the default campaigns, enabled, with their coupons and the storefront channel', () => {
    expect(Object.keys(defaults.campaigns).sort()).toEqual(['birthday', 'care_revisit', 'holidays', 'satisfaction', 'win_back', 'year_end']);
    expect(defaults.campaigns.care_revisit).toEqual({
      enabled: true,
      purpose: 'care',
      audience: { rule: 'days_after_delivery', days: 7 },
      template: 'campaign.care_revisit',
      channels: ['storefront'],
    });
    expect(defaults.campaigns.win_back?.coupon).toEqual({ valueFen: 2000, minSpendFen: 10_000, validDays: 14 });
    expect(defaults.campaigns.birthday?.coupon).toEqual({ valueFen: 1000, minSpendFen: 0, validDays: 30 });
    expect(Object.values(defaults.campaigns).every((campaign) => campaign.enabled)).toBe(true);
  });

  it('the contact rules default to DOMAIN.md: quiet 21:00–09:00, at most 2 campaign messages in 7 days, open complaints left alone', () => {
    expect(defaults.contact).toEqual({
      quietHours: { start: '21:00', end: '09:00' },
      maxCampaignMessages: 2,
      capDays: 7,
      skipOpenComplaints: true,
      optOutKeywords: ['TD', 'T', '退订', 'STOP', 'UNSUBSCRIBE'],
      lowSatisfactionScore: 2,
    });
    expect(policySchema.parse({ contact: { quietHours: { start: '22:00', end: '08:00' } } }).contact).toEqual({ ...defaults.contact, quietHours: { start: '22:00', end: '08:00' } });
  });

  it.each<[string, CampaignsInput, string, unknown]>([
    ['enabled: false stops one and keeps the rest of it', { care_revisit: { enabled: false } }, 'care_revisit', { ...defaultCampaigns.care_revisit, enabled: false, channels: ['storefront'] }],
    [
      'a new audience (days 3) keeps the template and purpose',
      { care_revisit: { audience: { rule: 'days_after_delivery', days: 3 } } },
      'care_revisit',
      { enabled: true, purpose: 'care', audience: { rule: 'days_after_delivery', days: 3 }, template: 'campaign.care_revisit', channels: ['storefront'] },
    ],
    [
      'new channels keep the coupon',
      { win_back: { channels: ['sms', 'email'] } },
      'win_back',
      { enabled: true, purpose: 'marketing', audience: { rule: 'days_since_last_order', days: 90 }, template: 'campaign.win_back', coupon: { valueFen: 2000, minSpendFen: 10_000, validDays: 14 }, channels: ['sms', 'email'] },
    ],
    [
      'null takes a default\'s coupon away',
      { birthday: { coupon: null } },
      'birthday',
      { enabled: true, purpose: 'marketing', audience: { rule: 'birthday' }, template: 'campaign.birthday', channels: ['storefront'] },
    ],
    [
      'a new coupon replaces the default one whole',
      { birthday: { coupon: { valueFen: 500 } } },
      'birthday',
      { enabled: true, purpose: 'marketing', audience: { rule: 'birthday' }, template: 'campaign.birthday', coupon: { valueFen: 500, minSpendFen: 0, validDays: 30 }, channels: ['storefront'] },
    ],
    [
      "a store's own campaign",
      { gold_birthday: { purpose: 'marketing', audience: { rule: 'birthday' }, template: 'campaign.birthday', tiers: ['senior_member'], coupon: { valueFen: 5000, validDays: 7 } } },
      'gold_birthday',
      { enabled: true, purpose: 'marketing', audience: { rule: 'birthday' }, template: 'campaign.birthday', tiers: ['senior_member'], coupon: { valueFen: 5000, minSpendFen: 0, validDays: 7 }, channels: ['storefront'] },
    ],
  ])('%s', (_name, given, id, expected) => {
    const campaigns = campaignsOf(given);
    expect(campaigns[id]).toEqual(expected);
    // The other campaigns are the defaults, untouched.
    for (const other of Object.keys(defaults.campaigns).filter((name) => name !== id)) expect(campaigns[other], other).toEqual(defaults.campaigns[other]);
  });

  const own = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`own_${i}`, { purpose: 'care', audience: { rule: 'birthday' }, template: 'campaign.birthday' }]));

  it('takes up to 30 campaigns, the defaults included', () => {
    expect(Object.keys(campaignsOf(own(30 - Object.keys(defaults.campaigns).length)))).toHaveLength(30);
  });

  it.each<[string, unknown, RegExp]>([
    ['a template asking for what its audience does not give', { campaigns: { odd: { purpose: 'care', audience: { rule: 'birthday' }, template: 'campaign.care_revisit' } } }, /campaign\.care_revisit needs orderId, days, which the birthday audience does not give/],
    ['a default given an audience its template cannot use', { campaigns: { holidays: { audience: { rule: 'days_since_last_order', days: 30 } } } }, /campaign\.holiday needs holiday/],
    ['a satisfaction question after a delivery is fine, after a birthday not', { campaigns: { satisfaction: { audience: { rule: 'birthday' } } } }, /needs orderId/],
    ['an id with capitals', { campaigns: { WinBack: { purpose: 'care', audience: { rule: 'birthday' }, template: 'campaign.birthday' } } }, /^campaigns\.WinBack: campaign id "WinBack": lower-case letters, digits and _, starting with a letter/m],
    ['an id starting with a digit', { campaigns: { '1st': { purpose: 'care', audience: { rule: 'birthday' }, template: 'campaign.birthday' } } }, /^campaigns\.1st: campaign id "1st": lower-case/m],
    ['an id of 41 characters', { campaigns: { [`a${'b'.repeat(40)}`]: { purpose: 'care', audience: { rule: 'birthday' }, template: 'campaign.birthday' } } }, /^campaigns\.ab{40}: campaign id "ab{40}": lower-case/m],
    ['a month 13', { campaigns: { holidays: { audience: { rule: 'on_dates', dates: [{ date: '13-01', name: { 'zh-CN': '节', en: 'Day' } }] } } } }, /YYYY-MM-DD/],
    ['a day 32', { campaigns: { holidays: { audience: { rule: 'on_dates', dates: [{ date: '2027-01-32', name: { 'zh-CN': '节', en: 'Day' } }] } } } }, /YYYY-MM-DD/],
    ['more than 30 campaigns', { campaigns: own(25) }, /at most 30 campaigns/],
    ['an unknown field in a default', { campaigns: { care_revisit: { surprise: true } } }, /surprise/],
    ['an unknown field in an audience', { campaigns: { care_revisit: { audience: { rule: 'days_after_delivery', days: 7, hours: 3 } } } }, /hours/],
    ['an audience without its rule (fields replace, they do not merge)', { campaigns: { care_revisit: { audience: { days: 3 } } } }, /audience/],
    ['a template that is not a campaign message', { campaigns: { care_revisit: { template: 'campaign.coupon' } } }, /template/],
    ['a campaign that is not an object', { campaigns: { care_revisit: false } }, /care_revisit/],
    ['no channel', { campaigns: { care_revisit: { channels: [] } } }, /channels/],
    ['quiet hours ending at 24:00', { contact: { quietHours: { start: '21:00', end: '24:00' } } }, /HH:MM/],
    ['quiet hours at 9:00', { contact: { quietHours: { start: '21:00', end: '9:00' } } }, /HH:MM/],
    ['quiet hours at 21:60', { contact: { quietHours: { start: '21:60', end: '09:00' } } }, /HH:MM/],
    ['an unknown contact rule', { contact: { maxPerDay: 1 } }, /maxPerDay/],
    ['a cap of 0 messages', { contact: { maxCampaignMessages: 0 } }, /maxCampaignMessages/],
  ])('refuses %s', (_name, input, message) => {
    const issues = issuesOf(input);
    expect(issues.length, 'the policy was accepted').toBeGreaterThan(0);
    expect(issues.join('\n')).toMatch(message);
  });

  it.each<[string, PolicyInput]>([
    ['the defaults', {}],
    ['an override, a new campaign and contact rules', {
      campaigns: {
        care_revisit: { enabled: false },
        win_back: { audience: { rule: 'days_since_last_order', days: 180 }, channels: ['sms', 'storefront'] },
        spring: { purpose: 'marketing', audience: { rule: 'on_dates', dates: [{ date: '2028-01-26', name: { 'zh-CN': '春节', en: 'Spring Festival' } }] }, template: 'campaign.holiday', coupon: { valueFen: 888 } },
      },
      contact: { quietHours: { start: '22:30', end: '07:45' }, capDays: 14 },
    }],
  ])('parsing a parsed policy again changes nothing, also through JSON: %s', (_name, input) => {
    const once = policySchema.parse(input);
    expect(policySchema.parse(once)).toEqual(once);
    expect(policySchema.parse(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });
});

describe('audiences of a day (functions/campaigns/audience.ts)', () => {
  it.each<[string, string[]]>([
    ['2027-02-28', ['02-28', '02-29']],
    ['2028-02-28', ['02-28']],
    ['2028-02-29', ['02-29']],
    ['2100-02-28', ['02-28', '02-29']],
    ['2000-02-28', ['02-28']],
    ['2027-03-01', ['03-01']],
    ['2026-11-24', ['11-24']],
  ])('birthdaysOn(%s) = %j', (date, monthDays) => {
    expect(birthdaysOn(date)).toEqual(monthDays);
  });

  type Dates = Parameters<typeof occasionOn>[0];
  const name = (en: string) => ({ 'zh-CN': en, en });
  const dates: Dates = [
    { date: '01-01', name: name('New Year') },
    { date: '2027-02-06', name: name('Spring Festival 2027') },
    { date: '10-01', name: name('National Day') },
  ];
  it.each<[string, string | undefined]>([
    ['2027-01-01', 'New Year'],
    ['2031-01-01', 'New Year'],
    ['2027-02-06', 'Spring Festival 2027'],
    ['2028-02-06', undefined],
    ['2026-02-06', undefined],
    ['2026-10-01', 'National Day'],
    ['2026-10-02', undefined],
    ['2027-06-01', undefined],
  ])('occasionOn(%s) = %s', (date, expected) => {
    expect(occasionOn(dates, date)?.name.en).toBe(expected);
  });
});

describe('the coupon line (offerOf in functions/campaigns/run-campaigns.ts)', () => {
  const coupon = (given: Pick<Coupon, 'valueFen'> & Partial<Coupon>): Coupon => ({ minSpendFen: 0, validDays: 30, ...given });

  it('is empty without a coupon', () => {
    expect(offerOf(undefined, 'zh-CN', '2026-11-24', 'seed')).toBe('');
    expect(offerOf(undefined, 'en', '2026-11-24', 'seed')).toBe('');
  });

  it.each<[string, Coupon, 'zh-CN' | 'en', string, RegExp]>([
    ['¥10, no minimum, zh-CN', coupon({ valueFen: 1000, validDays: 30 }), 'zh-CN', '2026-11-24', /^送您一张 ¥10\.00 优惠券，券码 CP-[0-9A-F]{8}，有效期至 2026-12-24。$/],
    ['¥10, no minimum, en', coupon({ valueFen: 1000, validDays: 30 }), 'en', '2026-11-24', /^ Here is a ¥10\.00 coupon, code CP-[0-9A-F]{8}, valid until 2026-12-24\.$/],
    ['¥20 from ¥100, zh-CN', coupon({ valueFen: 2000, minSpendFen: 10_000, validDays: 14 }), 'zh-CN', '2026-11-24', /^送您一张 ¥20\.00 优惠券（满 ¥100\.00 可用），券码 CP-[0-9A-F]{8}，有效期至 2026-12-08。$/],
    ['¥20 from ¥100, en', coupon({ valueFen: 2000, minSpendFen: 10_000, validDays: 14 }), 'en', '2026-11-24', /^ Here is a ¥20\.00 coupon \(on orders from ¥100\.00\), code CP-[0-9A-F]{8}, valid until 2026-12-08\.$/],
    ['¥8.88 at year end, valid into the new year', coupon({ valueFen: 888, validDays: 31 }), 'zh-CN', '2026-12-31', /¥8\.88 .*有效期至 2027-01-31。$/],
    ['fen shown exactly: ¥0.05 from ¥0.99', coupon({ valueFen: 5, minSpendFen: 99, validDays: 1 }), 'en', '2028-02-28', /¥0\.05 coupon \(on orders from ¥0\.99\), .*valid until 2028-02-29\.$/],
  ])('%s', (_name, given, locale, today, expected) => {
    expect(offerOf(given, locale, today, 'store-1\u0000campaign#birthday#b1#2026')).toMatch(expected);
  });

  it('gives the same code for the same seed and another for another seed, in either language', () => {
    const codeOf = (text: string) => /CP-[0-9A-F]{8}/.exec(text)?.[0];
    const gift = coupon({ valueFen: 1000 });
    const first = codeOf(offerOf(gift, 'zh-CN', '2026-11-24', 'store-1\u0000campaign#birthday#b1#2026'));
    expect(first).toBeDefined();
    expect(codeOf(offerOf(gift, 'en', '2027-01-05', 'store-1\u0000campaign#birthday#b1#2026'))).toBe(first);
    const others = ['store-1\u0000campaign#birthday#b2#2026', 'store-1\u0000campaign#birthday#b1#2027', 'store-2\u0000campaign#birthday#b1#2026'].map((seed) => codeOf(offerOf(gift, 'zh-CN', '2026-11-24', seed)));
    expect(new Set([first, ...others]).size).toBe(4);
  });
});
