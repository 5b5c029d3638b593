import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, JsonPath, Wait, WaitTime, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { forEachStore } from './each-store.js';
import { lambdaStep } from './lambda-step.js';

export const CAMPAIGN_STATES = {
  listStores: 'List the stores for campaigns',
  eachStore: 'Run each store\'s campaigns',
  checkQuietHours: 'Check quiet hours',
  inQuietHours: 'In quiet hours?',
  waitForQuietHoursEnd: 'Wait for quiet hours to end',
  runCampaigns: 'Run the store\'s campaigns',
  done: 'Campaigns done',
} as const;

/**
 * The revisit campaigns as a state machine, so each morning's run is an execution an admin can open: per store, a run
 * that falls in the store's quiet hours waits for their end, then the store's campaigns run.
 */
export function campaignsDefinition(scope: Construct, campaigns: IFunction): IChainable {
  const C = CAMPAIGN_STATES;
  const storeId = JsonPath.stringAt('$.storeId');
  const checkQuietHours = lambdaStep(scope, C.checkQuietHours, campaigns, { step: 'quiet-hours', storeId }, '$.quiet');
  const runCampaigns = lambdaStep(scope, C.runCampaigns, campaigns, { step: 'run-store', storeId }, '$.run', { timeout: Duration.minutes(15) });
  const waitForEnd = new Wait(scope, C.waitForQuietHoursEnd, { stateName: C.waitForQuietHoursEnd, time: WaitTime.timestampPath('$.quiet.until') });
  waitForEnd.next(checkQuietHours);
  checkQuietHours.next(new Choice(scope, C.inQuietHours, { stateName: C.inQuietHours }).when(Condition.booleanEquals('$.quiet.quiet', true), waitForEnd).otherwise(runCampaigns));
  return forEachStore(scope, C, campaigns, checkQuietHours, '$.runs');
}
