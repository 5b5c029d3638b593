import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FulfilmentUnavailable, fulfilmentFromEnv, HttpFulfilment } from '../../functions/returns/fulfilment.js';
import { HttpPaymentProvider, PaymentUnavailable } from '../../functions/returns/payment-provider.js';
import { REFUNDS, ServiceSimulator, SHIPMENTS, type SimulatorAnswer } from '../../local/service-simulator.js';

/**
 * The adapters give up after this; the simulator holds a "late" answer back for longer. A second, not less: an
 * answer that is not held back must never miss it on a machine busy with the rest of the suite (200 ms did). The late
 * answer comes two seconds after that, so a timer fired late under the same load still gives up before it.
 */
const TIMEOUT_MS = 1_000;
const LATE_MS = 3_000;

type Serve = ServiceSimulator<object>['serve'];

/** A tiny HTTP server in front of a simulator (or a stub with the same shape), as the local cloud serves it. */
async function listen(serve: Serve): Promise<{ baseUrl: string; server: Server }> {
  const server = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const key = request.headers['idempotency-key'];
      const answer = await serve(request.method ?? 'GET', request.url ?? '/', typeof key === 'string' ? key : undefined, text ? (JSON.parse(text) as unknown) : {});
      if (response.destroyed) return;
      response.writeHead(answer?.status ?? 404, { 'content-type': 'application/json' }).end(JSON.stringify(answer?.body ?? {}));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const items = [{ sku: 'TEE-M', quantity: 1 }];

/** Both adapters behave the same way towards their service; only what they ask for and their error differ. */
const adapters = [
  {
    name: 'HttpFulfilment',
    simulator: new ServiceSimulator(SHIPMENTS, undefined, LATE_MS),
    unavailable: FulfilmentUnavailable,
    id: /^sh_/,
    call: async (baseUrl: string, idempotencyKey: string) =>
      (await new HttpFulfilment(baseUrl, TIMEOUT_MS).shipReplacement({ idempotencyKey, orderId: 'o-1', items })).shipmentId,
  },
  {
    name: 'HttpPaymentProvider',
    simulator: new ServiceSimulator(REFUNDS, undefined, LATE_MS),
    unavailable: PaymentUnavailable,
    id: /^re_/,
    call: async (baseUrl: string, idempotencyKey: string) =>
      (await new HttpPaymentProvider(baseUrl, TIMEOUT_MS).refund({ idempotencyKey, orderId: 'o-1', amount: 5_000, currency: 'CNY' })).reference,
  },
];

describe.each(adapters)('$name against the simulated service', ({ simulator, unavailable, id, call }) => {
  let served: { baseUrl: string; server: Server };
  const recordsOf = (key: string) => simulator.ledger().filter((record) => record.idempotencyKey === key);
  const inject = (faults: Partial<Record<'failNext' | 'timeOutNext' | 'succeedThenTimeOutNext', number>>) =>
    simulator.inject({ failNext: 0, timeOutNext: 0, succeedThenTimeOutNext: 0, ...faults });

  beforeAll(async () => {
    served = await listen((...request) => simulator.serve(...request));
  });
  afterAll(async () => close(served.server));

  it('answers with the service\'s id', async () => {
    const reference = await call(served.baseUrl, 'ok-1');
    expect(reference).toMatch(id);
    expect(recordsOf('ok-1')).toEqual([expect.objectContaining({ id: reference, orderId: 'o-1' })]);
  });

  it('throws its typed error on a 503, and nothing is recorded', async () => {
    inject({ failNext: 1 });
    const error = await call(served.baseUrl, 'down-1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(unavailable);
    expect(error).toMatchObject({ name: unavailable.name, message: expect.stringContaining('answered 503') });
    expect(recordsOf('down-1')).toEqual([]);
  });

  it('throws its typed error when the answer does not come in time', async () => {
    inject({ timeOutNext: 1 });
    const started = Date.now();
    await expect(call(served.baseUrl, 'slow-1')).rejects.toThrow(unavailable);
    expect(Date.now() - started).toBeLessThan(LATE_MS);
    expect(recordsOf('slow-1')).toEqual([]);
  });

  it('sends the same key twice, after an answer that came too late, and the service records once', async () => {
    inject({ succeedThenTimeOutNext: 1 });
    await expect(call(served.baseUrl, 'late-1')).rejects.toThrow(unavailable);
    const reference = await call(served.baseUrl, 'late-1');
    expect(recordsOf('late-1')).toEqual([expect.objectContaining({ id: reference })]);
  });

  it('throws its typed error when the service answers something that is not a confirmation', async () => {
    const stub = await listen(async (): Promise<SimulatorAnswer> => ({ status: 200, body: { id: 'x-1', status: 'pending' } }));
    try {
      await expect(call(stub.baseUrl, 'odd-1')).rejects.toThrow(unavailable);
    } finally {
      await close(stub.server);
    }
  });
});

describe('fulfilmentFromEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('needs FULFILMENT_SERVICE_URL: a shipment is never pretended', () => {
    delete process.env.FULFILMENT_SERVICE_URL;
    expect(() => fulfilmentFromEnv()).toThrow(/FULFILMENT_SERVICE_URL is not set/);
  });

  it('refuses a timeout that is not a whole number of milliseconds', () => {
    process.env.FULFILMENT_SERVICE_URL = 'http://127.0.0.1:1';
    process.env.FULFILMENT_SERVICE_TIMEOUT_MS = 'soon';
    expect(() => fulfilmentFromEnv()).toThrow(/FULFILMENT_SERVICE_TIMEOUT_MS/);
  });

  it('ships through the service the environment names', async () => {
    const simulator = new ServiceSimulator(SHIPMENTS, undefined, LATE_MS);
    const served = await listen((...request) => simulator.serve(...request));
    try {
      process.env.FULFILMENT_SERVICE_URL = served.baseUrl;
      delete process.env.FULFILMENT_SERVICE_TIMEOUT_MS;
      const { shipmentId } = await fulfilmentFromEnv().shipReplacement({ idempotencyKey: 'env-1', orderId: 'o-2', items });
      expect(simulator.ledger()).toEqual([expect.objectContaining({ id: shipmentId, orderId: 'o-2', items })]);
    } finally {
      await close(served.server);
    }
  });
});
