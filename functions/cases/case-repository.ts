import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure, queryAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import { conflict } from '../shared/errors.js';
import type { Case, CaseRecord, HistoryEntry } from './case.js';

const table = () => requiredEnv(ENV.casesTable);

/** Cases of a store that closed from `from` to `through` (UTC instants, both included), from the sparse index of closed cases. */
export function listCasesClosedBetween<T extends CaseRecord = CaseRecord>(storeId: string, from: string, through: string): Promise<T[]> {
  return queryAll<T>({
    TableName: table(),
    IndexName: 'closedCasesByStore',
    KeyConditionExpression: 'closedStoreId = :storeId AND closedUtc BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':storeId': storeId, ':from': from, ':to': through },
  });
}

export async function getCase<T extends CaseRecord = Case>(caseId: string): Promise<T | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { caseId }, ConsistentRead: true }));
  return Item as T | undefined;
}

type IndexKeys = { openStoreId?: string; closedStoreId?: string; closedUtc?: string };

/**
 * The keys of the sparse indexes of cases: open ones carry `openStoreId` until they close; closed ones carry the
 * moment they closed (kept from the first closing write), which the satisfaction follow-up reads by local day.
 */
function withIndexKeys<T extends CaseRecord>(item: T): T & IndexKeys {
  const { openStoreId: _previous, ...rest } = item as T & IndexKeys;
  if (item.status !== 'closed') return { ...rest, openStoreId: item.storeId } as T & IndexKeys;
  return { ...rest, closedStoreId: item.storeId, closedUtc: rest.closedUtc ?? new Date(item.updatedAt).toISOString() } as T & IndexKeys;
}

/** Open cases of a store, oldest first, from the sparse index (its cost follows the backlog, not the table). */
export function listOpenCases<T extends CaseRecord = CaseRecord>(storeId: string): Promise<T[]> {
  return queryAll<T>({
    TableName: table(),
    IndexName: 'openCasesByStore',
    KeyConditionExpression: 'openStoreId = :storeId',
    ExpressionAttributeValues: { ':storeId': storeId },
  });
}

/** Creates a case once; a second attempt for the same id reports 'exists' and changes nothing. */
export async function createCase(item: CaseRecord): Promise<'created' | 'exists'> {
  try {
    await dynamo.send(new PutCommand({ TableName: table(), Item: withIndexKeys(item), ConditionExpression: 'attribute_not_exists(caseId)' }));
    return 'created';
  } catch (error) {
    if (isConditionFailure(error)) return 'exists';
    throw error;
  }
}

export function listCasesByStore<T extends CaseRecord = Case>(storeId: string): Promise<T[]> {
  return queryAll<T>({
    TableName: table(),
    IndexName: 'casesByStore',
    KeyConditionExpression: 'storeId = :storeId',
    ExpressionAttributeValues: { ':storeId': storeId },
  });
}

export interface CaseChange<T extends CaseRecord = Case> {
  set?: Partial<Omit<T, 'caseId' | 'history' | 'version'>>;
  history: HistoryEntry;
}

/**
 * Applies a change to a case with optimistic locking: read, decide, write if nobody wrote in between.
 * `decide` sees the fresh case and returns the change, or undefined when the change was already made
 * (a retried step), which keeps every step idempotent.
 */
export async function updateCase<T extends CaseRecord = Case>(caseId: string, decide: (current: T) => CaseChange<T> | undefined): Promise<T> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await getCase<T>(caseId);
    if (!current) throw new Error(`case ${caseId} does not exist`);
    const change = decide(current);
    if (!change) return current;
    const next: T = { ...current, ...change.set, history: [...current.history, change.history], version: current.version + 1 };
    next.updatedAt = change.history.at;
    try {
      await dynamo.send(
        new PutCommand({
          TableName: table(),
          Item: withIndexKeys(next),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': current.version },
        }),
      );
      return next;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw conflict(`case ${caseId} is being changed by someone else; please retry`);
}

/** `updateCase`, saying whether this call made the change: what must follow the change once (a count) follows only then. */
export async function changeCase<T extends CaseRecord = Case>(caseId: string, decide: (current: T) => CaseChange<T> | undefined): Promise<{ aCase: T; changed: boolean }> {
  let changed = false;
  const aCase = await updateCase<T>(caseId, (current) => {
    const change = decide(current);
    changed = change !== undefined;
    return change;
  });
  return { aCase, changed };
}
