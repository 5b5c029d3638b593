import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { TaskOutcome } from '../tasks/task.js';
import type { Case } from './case.js';
import { getCase } from './case-repository.js';

const table = () => requiredEnv(ENV.casesTable);

/**
 * The item that finds a case by its return parcel, in the cases table: read with a consistent GetItem, never through
 * an index that lags. Before any case names the parcel it holds the carrier's updates that came first.
 */
const parcelKey = (storeId: string, trackingNo: string) => `parcel#${storeId}#${trackingNo}`;

/** What a carrier said about a parcel, as its update event has it. */
export interface ParcelUpdate {
  eventId: string;
  status: 'in_transit' | 'exception' | 'delivered' | 'returned';
  at: string;
  detail?: string;
}

/** Carrier updates for a parcel no case has named yet are kept this long, and at most this many. */
const EARLY_UPDATES_KEPT_SECONDS = 30 * 86_400;
const MAX_EARLY_UPDATES = 20;

/** What a carrier update of a return parcel tells its case: the first scan, or the parcel back at the store. */
export function parcelReportOf(update: ParcelUpdate): TaskOutcome | undefined {
  const decision = update.status === 'delivered' || update.status === 'returned' ? 'delivered_back' : update.status === 'in_transit' ? 'first_scan' : undefined;
  return decision ? { decision, by: 'carrier', at: update.at, ...(update.detail ? { detail: update.detail } : {}) } : undefined;
}

/**
 * The case whose return parcel has this tracking number and is still on its way: the case's own `returnTrackingKey`
 * says so once the workflow recorded the shipment (it goes once the parcel is back); before that, a case that was
 * named the parcel and has recorded no shipment yet answers to it.
 */
export async function findCaseByReturnTracking(storeId: string, trackingNo: string): Promise<Case | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { caseId: parcelKey(storeId, trackingNo) }, ConsistentRead: true }));
  const aCase = typeof Item?.parcelOf === 'string' ? await getCase(Item.parcelOf) : undefined;
  if (!aCase) return undefined;
  const travelling = aCase.returnTrackingKey === `${storeId}#${trackingNo}`;
  const notYetRecorded = !aCase.returnShipment && aCase.status !== 'closed';
  return travelling || notYetRecorded ? aCase : undefined;
}

/**
 * Keeps a carrier update of a parcel that no case names yet: a carrier can report the parcel before the storefront
 * reports the buyer's shipment, or its delivery can be applied first. Says `known` when a case named the parcel
 * meanwhile (look again), `full` when the parcel already has its share of kept updates.
 */
export async function keepEarlyParcelUpdate(storeId: string, trackingNo: string, update: ParcelUpdate, now: Date): Promise<'kept' | 'known' | 'full'> {
  const key = { caseId: parcelKey(storeId, trackingNo) };
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: 'SET earlyUpdates = list_append(if_not_exists(earlyUpdates, :none), :update), expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(parcelOf) AND (attribute_not_exists(earlyUpdates) OR size(earlyUpdates) < :max)',
        ExpressionAttributeValues: { ':none': [], ':update': [update], ':expiresAt': Math.floor(now.getTime() / 1000) + EARLY_UPDATES_KEPT_SECONDS, ':max': MAX_EARLY_UPDATES },
      }),
    );
    return 'kept';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
    return typeof Item?.parcelOf === 'string' ? 'known' : 'full';
  }
}

/**
 * Makes a return parcel findable by its tracking number as soon as someone reports it, before the workflow records
 * the shipment (carrier updates may follow at once), and gives back the carrier's updates that came before it (each
 * once, however often it was applied). Named, the lookup item stays as long as the case needs it; the early updates
 * stay with it, for a retried step.
 */
export async function registerReturnParcel(caseId: string, storeId: string, trackingNo: string): Promise<ParcelUpdate[]> {
  const { Attributes } = await dynamo.send(
    new UpdateCommand({ TableName: table(), Key: { caseId: parcelKey(storeId, trackingNo) }, UpdateExpression: 'SET parcelOf = :caseId REMOVE expiresAt', ExpressionAttributeValues: { ':caseId': caseId }, ReturnValues: 'ALL_NEW' }),
  );
  const early = (Attributes?.earlyUpdates ?? []) as ParcelUpdate[];
  return early.filter((update, index) => early.findIndex((other) => other.eventId === update.eventId) === index);
}
