import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure, queryAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { NativeEventOf } from '../webhooks/native-events.js';
import { monthDayOf } from './birthday.js';
import { audienceKeys, consentSchema, emptyCustomer, isNewerConsent, laterOrderTime, type Consent, type Customer, type CustomerRecord, type Tier } from './customer.js';
import { tagsOf } from './tags.js';

const table = () => requiredEnv(ENV.customersTable);
const MAX_ATTEMPTS = 8;

/**
 * The attributes this module writes; every other attribute of the item (the outbox's `lastContactAt` and
 * `campaignContacts`) is left as it is, since only what changed is written.
 */
const OWNED = [
  'registeredAt',
  'orderIds',
  'caseIds',
  'disputeCaseIds',
  'complaintCaseIds',
  'openComplaintIds',
  'invoiceRequestIds',
  'name',
  'phone',
  'email',
  'birthday',
  'consent',
  'profileUpdatedAt',
  'lastOrderAt',
  'spendByOrder',
  'lifetimeSpend',
  'tier',
  'tierChange',
  'tags',
  'birthdayKey',
  'lastOrderKey',
] as const;
type Owned = (typeof OWNED)[number];

const idSet = (value: unknown): Set<string> => (value instanceof Set ? new Set([...value].map(String)) : new Set<string>());
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const tierOfItem = (value: unknown): Tier => (value === 'member' || value === 'senior_member' ? value : 'none');

/** The record from its item; an attribute missing from an older item takes its default. */
function recordOf(storeId: string, buyerId: string, item: Record<string, unknown>): CustomerRecord {
  const consent = consentSchema.safeParse(item.consent);
  const spend = item.spendByOrder;
  const optional = { registeredAt: text(item.registeredAt), name: text(item.name), phone: text(item.phone), email: text(item.email), birthday: text(item.birthday) };
  return {
    ...emptyCustomer(storeId, buyerId),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    ...(text(item.lastOrderAt) ? { lastOrderAt: text(item.lastOrderAt) } : {}),
    ...(text(item.lastContactAt) ? { lastContactAt: text(item.lastContactAt) } : {}),
    ...(text(item.profileUpdatedAt) ? { profileUpdatedAt: text(item.profileUpdatedAt) } : {}),
    ...(consent.success ? { consent: consent.data } : {}),
    ...(item.tierChange ? { tierChange: item.tierChange as CustomerRecord['tierChange'] } : {}),
    orderIds: idSet(item.orderIds),
    caseIds: idSet(item.caseIds),
    disputeCaseIds: idSet(item.disputeCaseIds),
    complaintCaseIds: idSet(item.complaintCaseIds),
    openComplaintIds: idSet(item.openComplaintIds),
    invoiceRequestIds: idSet(item.invoiceRequestIds),
    tags: idSet(item.tags),
    spendByOrder: typeof spend === 'object' && spend !== null ? Object.fromEntries(Object.entries(spend).map(([orderId, net]) => [orderId, Number(net)])) : {},
    lifetimeSpend: typeof item.lifetimeSpend === 'number' ? item.lifetimeSpend : 0,
    tier: tierOfItem(item.tier),
    campaignContacts: Array.isArray(item.campaignContacts) ? item.campaignContacts.map(String) : [],
    version: typeof item.version === 'number' ? item.version : 0,
  };
}

/** The customer as the rest of the product sees it (without the facts kept for deriving). */
export function customerOf(record: CustomerRecord): Customer {
  const { complaintCaseIds: _complaints, invoiceRequestIds: _invoices, spendByOrder: _spend, tierChange: _change, profileUpdatedAt: _profile, version: _version, ...customer } = record;
  return customer;
}

/** An item as read from the table or an index. */
export const customerOfItem = (item: Record<string, unknown>): Customer => customerOf(recordOf(String(item.storeId), String(item.buyerId), item));

const ownedOf = (attributes: Record<string, unknown>) => Object.fromEntries(OWNED.map((name) => [name, attributes[name]])) as Record<Owned, unknown>;

/** The record, and its owned attributes as they are stored now (an item from before tags or index keys lacks them). */
async function readRecord(storeId: string, buyerId: string): Promise<{ record: CustomerRecord; stored: Record<Owned, unknown> } | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { storeId, buyerId }, ConsistentRead: true }));
  return Item ? { record: recordOf(storeId, buyerId, Item), stored: ownedOf(Item) } : undefined;
}

export async function getCustomer(storeId: string, buyerId: string): Promise<Customer | undefined> {
  const found = await readRecord(storeId, buyerId);
  return found ? customerOf(found.record) : undefined;
}

/** The owned attributes of a record to store: its tags and index keys derived afresh from its facts. */
const attributesToStore = (record: CustomerRecord) => ownedOf({ ...record, tags: tagsOf(record), ...audienceKeys(record) });

/** DynamoDB stores no empty set, and sets and maps compare whatever their order. */
const isAbsent = (value: unknown) => value === undefined || (value instanceof Set && value.size === 0);

/** A record as one item, as `updateCustomer` leaves it (for seeding a table in bulk, as the benchmark does). */
export const customerItem = (record: CustomerRecord): Record<string, unknown> => ({
  storeId: record.storeId,
  buyerId: record.buyerId,
  version: record.version,
  ...Object.fromEntries(Object.entries(attributesToStore(record)).filter(([, value]) => !isAbsent(value))),
});
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner instanceof Set ? [...inner].map(String).sort() : typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  ) ?? '';

/** Writes the attributes that changed, with the next version; a concurrent writer makes it fail and the caller read again. */
async function saveChanges(current: CustomerRecord, before: Record<Owned, unknown>, next: CustomerRecord): Promise<boolean> {
  const after = attributesToStore(next);
  const changed = OWNED.filter((name) => (isAbsent(before[name]) && isAbsent(after[name]) ? false : canonical(before[name]) !== canonical(after[name])));
  if (changed.length === 0) return false;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':next': current.version + 1 };
  const sets = ['version = :next'];
  const removes: string[] = [];
  changed.forEach((name, i) => {
    names[`#a${i}`] = name;
    if (isAbsent(after[name])) removes.push(`#a${i}`);
    else {
      values[`:v${i}`] = after[name];
      sets.push(`#a${i} = :v${i}`);
    }
  });
  if (current.version > 0) values[':previous'] = current.version;
  await dynamo.send(
    new UpdateCommand({
      TableName: table(),
      Key: { storeId: current.storeId, buyerId: current.buyerId },
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      // An item written before versions, or by the outbox alone, has none yet.
      ConditionExpression: current.version > 0 ? 'version = :previous' : 'attribute_not_exists(version)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
  return true;
}

/**
 * Read, change, write with optimistic locking, retried when another writer came first (two events of one buyer may be
 * processed at once). `change` gets the fresh record (an empty one for a new buyer) and returns the next one, or
 * undefined when nothing changes; tags and index keys follow from the facts by themselves.
 */
export async function updateCustomer(storeId: string, buyerId: string, change: (current: CustomerRecord) => CustomerRecord | undefined): Promise<CustomerRecord> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const found = await readRecord(storeId, buyerId);
    const current = found?.record ?? emptyCustomer(storeId, buyerId);
    const changed = change(current);
    if (!changed) return current;
    const next = { ...changed, tags: tagsOf(changed) };
    try {
      return (await saveChanges(current, found?.stored ?? ownedOf({}), next)) ? { ...next, version: current.version + 1 } : current;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new Error(`customer ${buyerId} kept changing under concurrent writers`);
}

type IdSet = 'caseIds' | 'disputeCaseIds' | 'invoiceRequestIds';
const withId = (set: Set<string>, id: string) => new Set([...set, id]);

/** Adds an id to one of the customer's sets (creating the customer); adding it again changes nothing. */
const addId = (storeId: string, buyerId: string, set: IdSet, id: string) =>
  updateCustomer(storeId, buyerId, (current) => (current[set].has(id) ? undefined : { ...current, [set]: withId(current[set], id) }));

export const recordCase = (storeId: string, buyerId: string, caseId: string) => addId(storeId, buyerId, 'caseIds', caseId);
export const recordDispute = (storeId: string, buyerId: string, caseId: string) => addId(storeId, buyerId, 'disputeCaseIds', caseId);
/** An invoice request is a question the buyer asked (an enquiry). */
export const recordInvoiceRequest = (storeId: string, buyerId: string, orderId: string) => addId(storeId, buyerId, 'invoiceRequestIds', orderId);

type Buyer = NativeEventOf<'order.created'>['data']['buyer'];

/** An order placed: counted, its time the latest order's if it is, and the buyer's name and contact filling in what the file lacks. */
export async function recordOrder(storeId: string, buyer: Buyer, orderId: string, placedAt: string): Promise<void> {
  await updateCustomer(storeId, buyer.id, (current) => {
    const filled = { registeredAt: current.registeredAt ?? buyer.registeredAt, name: current.name ?? buyer.name, phone: current.phone ?? buyer.phone, email: current.email ?? buyer.email };
    return {
      ...current,
      ...Object.fromEntries(Object.entries(filled).filter(([, value]) => value !== undefined)),
      orderIds: withId(current.orderIds, orderId),
      lastOrderAt: laterOrderTime(current.lastOrderAt, placedAt),
    };
  });
}

/**
 * A complaint in the customer file: tagged `complaint` for good, and listed as open until it closes (campaigns
 * leave a customer with an open complaint alone).
 */
export async function recordComplaint(storeId: string, buyerId: string, caseId: string, state: 'open' | 'closed'): Promise<void> {
  await updateCustomer(storeId, buyerId, (current) => {
    if (state === 'closed') {
      const open = new Set(current.openComplaintIds);
      return open.delete(caseId) ? { ...current, openComplaintIds: open } : undefined;
    }
    if (current.complaintCaseIds.has(caseId)) return undefined;
    return { ...current, complaintCaseIds: withId(current.complaintCaseIds, caseId), openComplaintIds: withId(current.openComplaintIds, caseId) };
  });
}

/** Records the buyer's consent unless a later one is on file; the consent in force afterwards. */
export async function setConsent(storeId: string, buyerId: string, consent: Consent): Promise<Consent> {
  const given = consentSchema.parse(consent);
  const customer = await updateCustomer(storeId, buyerId, (current) => (isNewerConsent(current.consent, given) ? { ...current, consent: given } : undefined));
  return customer.consent ?? given;
}

/**
 * The storefront's `customer.updated`: contact details and birthday (a report older than the last one applied changes
 * none of them), and the marketing consent given on the storefront at the event's time (the latest word counts).
 */
export async function recordCustomerUpdate(storeId: string, event: NativeEventOf<'customer.updated'>): Promise<void> {
  const { buyerId, phone, email, birthday, consent } = event.data;
  const at = event.occurredAt;
  await updateCustomer(storeId, buyerId, (current) => {
    const given: Consent | undefined = consent ? { marketing: consent.marketing, at, source: 'storefront' } : undefined;
    const newerConsent = given && isNewerConsent(current.consent, given) ? { consent: given } : {};
    const newerProfile = !current.profileUpdatedAt || Date.parse(at) > Date.parse(current.profileUpdatedAt);
    const monthDay = birthday === undefined ? undefined : monthDayOf(birthday);
    const details = { phone, email, birthday: monthDay };
    const profile = newerProfile ? { ...Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)), profileUpdatedAt: at } : {};
    return { ...current, ...profile, ...newerConsent };
  });
}

/** A store's customers, optionally of one tier or with one tag (for the admin API; a store's whole file). */
export async function listCustomers(storeId: string, filter: { tier?: Tier; tag?: string } = {}): Promise<Customer[]> {
  const conditions = [...(filter.tier ? ['tier = :tier'] : []), ...(filter.tag ? ['contains(tags, :tag)'] : [])];
  const items = await queryAll<Record<string, unknown>>({
    TableName: table(),
    KeyConditionExpression: 'storeId = :storeId',
    ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
    ExpressionAttributeValues: { ':storeId': storeId, ...(filter.tier ? { ':tier': filter.tier } : {}), ...(filter.tag ? { ':tag': filter.tag } : {}) },
  });
  return items.map(customerOfItem);
}
