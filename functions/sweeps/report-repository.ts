import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { DailyReport } from './daily-report.js';

const table = () => requiredEnv(ENV.reportsTable);

/** A report the store keeps, by the store and its key: a day (YYYY-MM-DD), or `postal-batch#YYYY-MM`. */
interface StoreReport {
  storeId: string;
  date: string;
}

export async function putReport(report: StoreReport): Promise<void> {
  await dynamo.send(new PutCommand({ TableName: table(), Item: report }));
}

export async function getReport<T extends StoreReport>(storeId: string, date: string): Promise<T | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { storeId, date } }));
  return Item as T | undefined;
}

export const putDailyReport = (report: DailyReport) => putReport(report);
export const getDailyReport = (storeId: string, date: string) => getReport<DailyReport>(storeId, date);
