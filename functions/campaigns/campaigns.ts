import middy from '@middy/core';
import { z } from 'zod';
import { quietHoursAt } from '../notifications/respect.js';
import { parseWith } from '../shared/parse.js';
import { coveringSchema, storesCovered } from '../stores/covered-stores.js';
import { policyOf } from '../stores/policy.js';
import { getStore } from '../stores/store-repository.js';
import type { Store } from '../stores/store.js';
import { runCampaigns, type CampaignRun } from './run-campaigns.js';

/** The campaigns state machine's steps: the stores the schedule covers, then per store its quiet hours and its run. */
const stepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('list-stores'), covering: coveringSchema }),
  z.object({ step: z.literal('quiet-hours'), storeId: z.string().min(1) }),
  z.object({ step: z.literal('run-store'), storeId: z.string().min(1) }),
]);

type Answer = { stores: Array<{ storeId: string }> } | { quiet: boolean; until?: string } | CampaignRun;

async function mustGetStore(storeId: string): Promise<Store> {
  const store = await getStore(storeId);
  if (!store) throw new Error(`store ${storeId} is not registered`);
  return store;
}

/**
 * The revisit campaigns, run by a schedule each morning in its time zone: a store in its quiet hours is waited for
 * (the state machine waits until they end), then its campaigns run (functions/campaigns/run-campaigns.ts).
 */
export const handler = middy<unknown, Answer>().handler(async (event) => {
  const step = parseWith(stepSchema, event, 'campaign step input');
  if (step.step === 'list-stores') return { stores: await storesCovered(step.covering) };
  const store = await mustGetStore(step.storeId);
  if (step.step === 'quiet-hours') {
    const quiet = quietHoursAt(new Date(), store.timezone, policyOf(store).contact.quietHours);
    return quiet.quiet ? { quiet: true, until: quiet.until.toISOString() } : { quiet: false };
  }
  return runCampaigns(store, new Date());
});
