import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { JsonPath, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { forEachStore } from './each-store.js';
import { lambdaStep } from './lambda-step.js';

export const DAILY_SWEEP_STATES = {
  listStores: 'List the stores to sweep',
  eachStore: 'Sweep each store',
  sweepStore: 'Sweep the store',
  done: 'Sweep done',
} as const;

/** The daily backlog sweep as a state machine, so each morning's run is an execution an admin can open. */
export function dailySweepDefinition(scope: Construct, sweep: IFunction): IChainable {
  const S = DAILY_SWEEP_STATES;
  const sweepStore = lambdaStep(scope, S.sweepStore, sweep, { step: 'sweep-store', storeId: JsonPath.stringAt('$.storeId') }, '$.summary', { timeout: Duration.minutes(15) });
  return forEachStore(scope, S, sweep, sweepStore, '$.reports');
}
