import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure, queryAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { Customer } from './customer.js';

const table = () => requiredEnv(ENV.customersTable);
type IdSet = 'orderIds' | 'caseIds' | 'disputeCaseIds';

/** Adds an id to one of the customer's sets (creating the customer); adding it again changes nothing. */
async function addId(storeId: string, buyerId: string, set: IdSet, id: string, registeredAt?: string): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: table(),
      Key: { storeId, buyerId },
      UpdateExpression: `ADD #set :ids${registeredAt ? ' SET registeredAt = if_not_exists(registeredAt, :registeredAt)' : ''}`,
      ExpressionAttributeNames: { '#set': set },
      ExpressionAttributeValues: { ':ids': new Set([id]), ...(registeredAt ? { ':registeredAt': registeredAt } : {}) },
    }),
  );
}

export const recordOrder = (storeId: string, buyerId: string, orderId: string, registeredAt?: string) => addId(storeId, buyerId, 'orderIds', orderId, registeredAt);
export const recordCase = (storeId: string, buyerId: string, caseId: string) => addId(storeId, buyerId, 'caseIds', caseId);
export const recordDispute = (storeId: string, buyerId: string, caseId: string) => addId(storeId, buyerId, 'disputeCaseIds', caseId);

/**
 * A complaint in the customer file: tagged `complaint` for good, and listed as open until it closes (campaigns
 * leave a customer with an open complaint alone).
 */
export async function recordComplaint(storeId: string, buyerId: string, caseId: string, state: 'open' | 'closed'): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: table(),
      Key: { storeId, buyerId },
      UpdateExpression: state === 'open' ? 'ADD complaintCaseIds :ids, openComplaintIds :ids, tags :tag' : 'DELETE openComplaintIds :ids',
      ExpressionAttributeValues: { ':ids': new Set([caseId]), ...(state === 'open' ? { ':tag': new Set(['complaint']) } : {}) },
    }),
  );
}

export async function getCustomer(storeId: string, buyerId: string): Promise<Customer | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { storeId, buyerId }, ConsistentRead: true }));
  return Item ? customerOf(Item) : undefined;
}

/** The store's customers, optionally of one tier or with one tag. */
export async function listCustomers(storeId: string, filter: { tier?: Customer['tier']; tag?: string } = {}): Promise<Customer[]> {
  const items = await queryAll<Record<string, unknown>>({ TableName: table(), KeyConditionExpression: 'storeId = :storeId', ExpressionAttributeValues: { ':storeId': storeId } });
  return items.map(customerOf).filter((customer) => (!filter.tier || customer.tier === filter.tier) && (!filter.tag || customer.tags.has(filter.tag)));
}

/** A stored customer item as the record the product works with. */
export function customerOf(Item: Record<string, unknown>): Customer {
  const ids = (value: unknown) => (value instanceof Set ? new Set([...value].map(String)) : new Set<string>());
  return {
    storeId: String(Item.storeId),
    buyerId: String(Item.buyerId),
    ...(typeof Item.registeredAt === 'string' ? { registeredAt: Item.registeredAt } : {}),
    orderIds: ids(Item.orderIds),
    caseIds: ids(Item.caseIds),
    disputeCaseIds: ids(Item.disputeCaseIds),
    ...(typeof Item.phone === 'string' ? { phone: Item.phone } : {}),
    ...(typeof Item.email === 'string' ? { email: Item.email } : {}),
    ...(typeof Item.birthday === 'string' ? { birthday: Item.birthday } : {}),
    ...(Item.consent ? { consent: Item.consent as NonNullable<Customer['consent']> } : {}),
    tags: ids(Item.tags),
    lifetimeSpend: typeof Item.lifetimeSpend === 'number' ? Item.lifetimeSpend : 0,
    tier: (Item.tier as Customer['tier'] | undefined) ?? 'none',
    openComplaintIds: ids(Item.openComplaintIds),
    ...(typeof Item.lastOrderAt === 'string' ? { lastOrderAt: Item.lastOrderAt } : {}),
    ...(typeof Item.lastContactAt === 'string' ? { lastContactAt: Item.lastContactAt } : {}),
    campaignContacts: Array.isArray(Item.campaignContacts) ? Item.campaignContacts.map(String) : [],
  };
}

/** Records the buyer's marketing consent; an update older than the one recorded changes nothing. */
export async function setConsent(storeId: string, buyerId: string, consent: NonNullable<Customer['consent']>): Promise<void> {
  await dynamo
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: { storeId, buyerId },
        ConditionExpression: 'attribute_not_exists(consent) OR consent.#at <= :at',
        UpdateExpression: 'SET consent = :consent',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':consent': consent, ':at': consent.at },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}
