import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { DailyReport } from './daily-report.js';

const table = () => requiredEnv(ENV.reportsTable);

export async function putDailyReport(report: DailyReport): Promise<void> {
  await dynamo.send(new PutCommand({ TableName: table(), Item: report }));
}

export async function getDailyReport(storeId: string, date: string): Promise<DailyReport | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { storeId, date } }));
  return Item as DailyReport | undefined;
}
