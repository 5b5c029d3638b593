import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { REFUNDS, ServiceSimulator, SHIPMENTS } from '../../local/service-simulator.js';

const LATE_MS = 30;
const refund = { orderId: 'o-1', amount: 5_000, currency: 'CNY' };
const shipment = { orderId: 'o-1', items: [{ sku: 'TEE-M', quantity: 1 }] };

const payments = () => new ServiceSimulator(REFUNDS, undefined, LATE_MS);
const fulfilment = () => new ServiceSimulator(SHIPMENTS, undefined, LATE_MS);
const injectNone = { failNext: 0, timeOutNext: 0, succeedThenTimeOutNext: 0 };

describe('the simulator of an outside service', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'after-sales-simulator-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records a request once and answers a repeated key with the first record', () => {
    const simulator = fulfilment();
    const first = simulator.request('ship-1', shipment);
    expect(first).toEqual({ status: 200, body: { id: expect.stringMatching(/^sh_/), status: 'created' } });
    expect(simulator.request('ship-1', { ...shipment, items: [{ sku: 'TEE-L', quantity: 2 }] })).toEqual(first);
    expect(simulator.ledger()).toEqual([{ ...shipment, id: (first.body as { id: string }).id, idempotencyKey: 'ship-1', createdAt: expect.any(String) }]);
  });

  it('gives refunds re_ ids and confirms them as succeeded', () => {
    expect(payments().request('refund-1', refund)).toEqual({ status: 200, body: { id: expect.stringMatching(/^re_/), status: 'succeeded' } });
  });

  it.each([
    ['no idempotency key', undefined, shipment],
    ['no items', 'ship-2', { orderId: 'o-1', items: [] }],
    ['a quantity of zero', 'ship-2', { orderId: 'o-1', items: [{ sku: 'TEE-M', quantity: 0 }] }],
    ['a refund body', 'ship-2', refund],
  ])('answers 400 and records nothing for %s', (_, key, body) => {
    const simulator = fulfilment();
    expect(simulator.request(key, body).status).toBe(400);
    expect(simulator.ledger()).toEqual([]);
  });

  it('fails the next requests with 503 and records nothing, then works again', () => {
    const simulator = payments();
    simulator.inject({ ...injectNone, failNext: 2 });
    expect(simulator.request('refund-1', refund)).toMatchObject({ status: 503 });
    expect(simulator.request('refund-1', refund)).toMatchObject({ status: 503 });
    expect(simulator.ledger()).toEqual([]);
    expect(simulator.request('refund-1', refund)).toMatchObject({ status: 200 });
    expect(simulator.ledger()).toHaveLength(1);
  });

  it('times out the next request: nothing recorded, the answer held back', () => {
    const simulator = payments();
    simulator.inject({ ...injectNone, timeOutNext: 1 });
    expect(simulator.request('refund-1', refund)).toMatchObject({ status: 504, delayMs: LATE_MS });
    expect(simulator.ledger()).toEqual([]);
    expect(simulator.request('refund-1', refund)).toEqual({ status: 200, body: expect.objectContaining({ status: 'succeeded' }) });
  });

  it('succeeds and then times out: recorded, the answer held back, and the retry gets the same record', () => {
    const simulator = fulfilment();
    simulator.inject({ ...injectNone, succeedThenTimeOutNext: 1 });
    const late = simulator.request('ship-1', shipment);
    expect(late).toMatchObject({ status: 200, delayMs: LATE_MS });
    expect(simulator.ledger()).toHaveLength(1);
    const retry = simulator.request('ship-1', shipment);
    expect(retry).toEqual({ status: 200, body: late.body });
    expect(simulator.ledger()).toHaveLength(1);
  });

  it('serves the ledger, requests and faults over its routes, holding back a late answer', async () => {
    const simulator = fulfilment();
    expect(await simulator.serve('POST', '/faults', undefined, { succeedThenTimeOutNext: 1 })).toEqual({
      status: 200,
      body: { failNext: 0, timeOutNext: 0, succeedThenTimeOutNext: 1 },
    });
    const started = Date.now();
    expect(await simulator.serve('POST', '/shipments', 'ship-1', shipment)).toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(LATE_MS - 5);
    expect(await simulator.serve('GET', '/shipments', undefined, {})).toEqual({ status: 200, body: { items: simulator.ledger() } });
    expect(await simulator.serve('POST', '/refunds', 'ship-1', refund)).toBeUndefined();
  });

  it('accepts payThenTimeOutNext as the payments name of succeedThenTimeOutNext, and refuses unknown faults', async () => {
    expect(await payments().serve('POST', '/faults', undefined, { payThenTimeOutNext: 1 })).toEqual({
      status: 200,
      body: { failNext: 0, timeOutNext: 0, succeedThenTimeOutNext: 1 },
    });
    expect(await fulfilment().serve('POST', '/faults', undefined, { payThenTimeOutNext: 1 })).toMatchObject({ status: 400 });
    expect(await payments().serve('POST', '/faults', undefined, { failNext: -1 })).toMatchObject({ status: 400 });
  });

  it('is down for a while: refuses every request with 503 until that much time has passed on the clock, then works again', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-12T02:00:00Z'), toFake: ['Date'] });
    try {
      const simulator = payments();
      expect(await simulator.serve('POST', '/faults', undefined, { downFor: 'PT1H' })).toEqual({
        status: 200,
        body: { failNext: 0, timeOutNext: 0, succeedThenTimeOutNext: 0, downFor: 'PT1H', downUntil: '2026-11-12T03:00:00.000Z' },
      });
      expect(simulator.request('refund-1', refund)).toMatchObject({ status: 503 });
      vi.setSystemTime(new Date('2026-11-12T02:59:59Z'));
      expect(simulator.request('refund-1', refund)).toMatchObject({ status: 503 });
      expect(simulator.ledger()).toEqual([]);
      vi.setSystemTime(new Date('2026-11-12T03:00:00Z'));
      expect(simulator.request('refund-1', refund)).toMatchObject({ status: 200 });
      expect(simulator.ledger()).toHaveLength(1);
      expect(await simulator.serve('POST', '/faults', undefined, { downFor: 'an hour' })).toMatchObject({ status: 400 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps its ledger in a file and reads it back, so a repeated key after a restart is still answered with the first record', () => {
    const file = path.join(dir, 'fulfilment.json');
    const before = new ServiceSimulator(SHIPMENTS, file, LATE_MS);
    const first = before.request('ship-1', shipment);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(before.ledger());
    const after = new ServiceSimulator(SHIPMENTS, file, LATE_MS);
    expect(after.ledger()).toEqual(before.ledger());
    expect(after.request('ship-1', shipment)).toEqual(first);
    expect(after.ledger()).toHaveLength(1);
  });

  it('refuses a ledger file of another kind of record', () => {
    const file = path.join(dir, 'payments.json');
    new ServiceSimulator(REFUNDS, file, LATE_MS).request('refund-1', refund);
    expect(() => new ServiceSimulator(SHIPMENTS, file, LATE_MS)).toThrow(/not a ledger of shipments/);
  });
});
