import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure, queryAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { Task, TaskStatus } from './task.js';

const table = () => requiredEnv(ENV.tasksTable);

export async function putTaskOnce(task: Task): Promise<void> {
  try {
    await dynamo.send(new PutCommand({ TableName: table(), Item: task, ConditionExpression: 'attribute_not_exists(taskId)' }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export async function getTask(taskId: string): Promise<Task | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { taskId }, ConsistentRead: true }));
  return Item as Task | undefined;
}

/** Open tasks of a store, soonest due first, from the sparse index that holds only open tasks. */
export function listOpenTasks(storeId: string): Promise<Task[]> {
  return queryAll<Task>({
    TableName: table(),
    IndexName: 'openTasksByStore',
    KeyConditionExpression: 'openStoreId = :storeId',
    ExpressionAttributeValues: { ':storeId': storeId },
  });
}

export function listTasksOfCase(caseId: string): Promise<Task[]> {
  return queryAll<Task>({
    TableName: table(),
    IndexName: 'tasksByCase',
    KeyConditionExpression: 'caseId = :caseId',
    ExpressionAttributeValues: { ':caseId': caseId },
  });
}

/**
 * Closes an open task exactly once: of two agents deciding at the same moment, one wins and the
 * other learns it was too late. Returns false when the task was no longer open.
 */
export async function closeTask(
  taskId: string,
  status: Exclude<TaskStatus, 'open'>,
  fields: { at: string; decision?: string; decidedBy?: string; reason?: string },
): Promise<boolean> {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: table(),
        Key: { taskId },
        ConditionExpression: '#status = :open',
        UpdateExpression:
          'SET #status = :status, decidedAt = :at, decision = :decision, decidedBy = :decidedBy, reason = :reason REMOVE openStoreId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':open': 'open',
          ':status': status,
          ':at': fields.at,
          ':decision': fields.decision ?? null,
          ':decidedBy': fields.decidedBy ?? null,
          ':reason': fields.reason ?? null,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A decision that reached the workflow too late: the task is recorded as expired, as the deadline decided. */
export async function markDecidedTaskExpired(taskId: string): Promise<void> {
  await dynamo.send(
    new UpdateCommand({
      TableName: table(),
      Key: { taskId },
      ConditionExpression: '#status = :decided',
      UpdateExpression: 'SET #status = :expired, decidedBy = :timeout',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':decided': 'decided', ':expired': 'expired', ':timeout': 'timeout' },
    }),
  );
}
