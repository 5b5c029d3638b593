import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { JsonPath, Map as MapState, Succeed, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { lambdaStep, leadsTo } from './lambda-step.js';

/**
 * A daily job over the stores a schedule covers: the stores are listed (the schedule's input says which), then each
 * store's work runs as one iteration of a map, a few stores side by side. A store that fails is retried, and fails the
 * run visibly rather than silently.
 */
export function forEachStore(
  scope: Construct,
  names: { listStores: string; eachStore: string; done: string },
  fn: IFunction,
  /** One store's work; its input is `{ storeId }`. */
  perStore: IChainable,
  resultPath: string,
): IChainable {
  const eachStore = new MapState(scope, names.eachStore, { stateName: names.eachStore, itemsPath: '$.list.stores', maxConcurrency: 4, resultPath });
  eachStore.itemProcessor(perStore);
  return leadsTo(lambdaStep(scope, names.listStores, fn, { step: 'list-stores', covering: JsonPath.objectAt('$') }, '$.list'), leadsTo(eachStore, new Succeed(scope, names.done)));
}
