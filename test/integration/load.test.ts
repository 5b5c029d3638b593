import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStorefrontLoad } from '../../bench/storefront-load.js';
import type { LocalCloud } from '../../local/cloud.js';
import { startTestCloud } from '../support/cloud.js';

/**
 * A small run of the storefront load (`npm run load` runs the large one): concurrent senders with retries and forged
 * signatures mixed in, every promise of the ingest checked against what the tables hold once processing settled.
 */
describe('storefront load on loopback', () => {
  let cloud: LocalCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(async () => cloud?.stop());

  it('processes every accepted event, ignores every duplicate and refuses every bad signature, with no 5xx', async () => {
    const report = await runStorefrontLoad(cloud, { senders: 10, events: 20, duplicates: 0.1, badSignatures: 0.05, seed: 7 });
    expect(report.problems).toEqual([]);
    expect(report.answers.event).toBe(200);
    expect(report.statuses['202']).toBe(200);
    // The seed makes some of each, so both promises are checked.
    expect(report.answers.duplicate).toBeGreaterThan(0);
    expect(report.answers.forged).toBeGreaterThan(0);
    expect(report.statuses['200']).toBe(report.answers.duplicate);
    expect(report.statuses['401']).toBe(report.answers.forged);
    expect(report.orders).toEqual({ expected: 50, projected: 50 });
  });
});
