import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { JsonPath, Map as MapState, Succeed, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { lambdaStep, leadsTo } from './lambda-step.js';

export const DAILY_SWEEP_STATES = {
  listStores: 'List the stores to sweep',
  eachStore: 'Sweep each store',
  sweepStore: 'Sweep the store',
  done: 'Sweep done',
} as const;

/**
 * The daily backlog sweep as a state machine, so each morning's run is an execution an admin can open: the stores the
 * schedule covers, then every store side by side (a few at a time); a store that fails is retried, and fails the run
 * visibly rather than silently.
 */
export function dailySweepDefinition(scope: Construct, sweep: IFunction): IChainable {
  const S = DAILY_SWEEP_STATES;
  const eachStore = new MapState(scope, S.eachStore, {
    stateName: S.eachStore,
    itemsPath: '$.list.stores',
    maxConcurrency: 4,
    resultPath: '$.reports',
  });
  eachStore.itemProcessor(lambdaStep(scope, S.sweepStore, sweep, { step: 'sweep-store', storeId: JsonPath.stringAt('$.storeId') }, '$.summary'));
  return leadsTo(
    lambdaStep(scope, S.listStores, sweep, { step: 'list-stores', covering: JsonPath.objectAt('$') }, '$.list'),
    leadsTo(eachStore, new Succeed(scope, S.done)),
  );
}
