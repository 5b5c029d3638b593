import { GetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policySchema } from '../../functions/stores/policy.js';
import type { LocalCloud } from '../../local/cloud.js';
import { SECRETS_MANAGER_PATH } from '../../local/http-server.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';
import { bodyAround, edgyText, expectRefusal, itemCount, type Json } from '../support/fuzz.js';
import { openTasksOf } from '../support/tasks.js';

/**
 * The admin API's bodies, path ids and queries thrown at it at random: never a 5xx; a refusal is a JSON
 * `{ error: { message } }` for the sender, never a stack trace; and a refused request changes nothing — the store, its
 * secret, the task and its case read back exactly as before, and no case is opened.
 */

const answer = { category: 'product_quality', facts: 'the seam opened after one wash; photos checked', solution: 'coupon', message: '非常抱歉给您带来不便，我们已为您补发一张 20 元优惠券，请您放心。' };

/** A registration that sets something in every part of the policy, for mutations to start from. */
const registration = {
  platform: 'shopify',
  webhookSecret: 'put-fuzz-secret',
  timezone: 'Europe/Berlin',
  agents: ['ann', 'bob'],
  supervisors: ['sue'],
  policy: {
    returns: { noReasonReturnDays: 10, storeDecisionSeconds: 3600, nonReturnableSkus: ['CUSTOM-1'], trust: { minScore: 70, maxReturnRate: 0.2 } },
    invoices: { autoIssue: true },
    complaints: { answerSeconds: 7200 },
    bulkOrders: { minQuantityOfOneSku: 50, onReviewTimeout: 'continue_if_low_risk' },
    approvals: { maxDiscountShareByRule: 0.1 },
    webhooks: { secretRotationSeconds: 600 },
    messages: { locale: 'en' },
    sweep: { transitHours: { default: 72, SF: 48 }, followUpRatingAtMost: 2 },
  },
};

type JsonSchema = { type?: string; maximum?: number; properties?: Record<string, JsonSchema> };

/** Every number of a schema at the largest value it lets through; what is not a number keeps its default. */
function largest(schema: JsonSchema): Json | undefined {
  if (schema.type === 'integer' || schema.type === 'number') return schema.maximum ?? Number.MAX_SAFE_INTEGER;
  if (schema.type !== 'object' || !schema.properties) return undefined;
  return Object.fromEntries(Object.entries(schema.properties).flatMap(([name, property]) => {
    const value = largest(property);
    return value === undefined ? [] : [[name, value]];
  }));
}

describe('admin API under random input', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  let db: DynamoDBDocumentClient;
  let sequence = 0;
  const storeId = 'shop-admin-fuzz';

  beforeAll(async () => {
    cloud = await startTestCloud();
    db = DynamoDBDocumentClient.from(cloud.dynamo);
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, storeId, 'admin-fuzz-secret');
    expect((await shop.registerStore({ agents: ['ann'], supervisors: ['sue'] })).status).toBe(200);
  });
  afterAll(async () => cloud?.stop());

  /** A request with a raw body, as a client that sends anything would make it. */
  const request = (method: string, path: string, body?: string) =>
    fetch(`${cloud.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${cloud.adminToken}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body }) });
  const caseCount = () => itemCount(cloud, process.env.CASES_TABLE);
  const caseView = async (caseId: string) => (await request('GET', `/admin/cases/${caseId}`)).text();
  /** A 201 names a case that exists; what it started runs before the next request counts the cases. */
  const expectCaseOpened = async (response: Response) => {
    const { caseId } = (await response.json()) as { caseId: string };
    expect((await request('GET', `/admin/cases/${caseId}`)).status).toBe(200);
    await cloud.settle();
  };

  describe('store registrations and policy documents', () => {
    const target = 'shop-put-fuzz';
    // An id DynamoDB cannot take as a key (empty, too long) holds nothing.
    const storedStore = (id: string) =>
      db.send(new GetCommand({ TableName: process.env.STORES_TABLE, Key: { storeId: id } })).then((read) => read.Item, () => undefined);
    // The secret as the secret store holds it, version included: any write to it shows.
    const storedSecret = async (id: string) =>
      (
        await fetch(`${cloud.baseUrl}${SECRETS_MANAGER_PATH}`, {
          method: 'POST',
          headers: { 'x-amz-target': 'secretsmanager.GetSecretValue', 'content-type': 'application/x-amz-json-1.1' },
          body: JSON.stringify({ SecretId: `${process.env.WEBHOOK_SECRET_PREFIX}${id}` }),
        })
      ).text();

    beforeAll(async () => {
      expect((await shop.admin('PUT', `/admin/stores/${target}`, registration)).status).toBe(200);
    });

    it('answers any registration with 200 or a refusal that leaves the store and its secret as they were', async () => {
      const storeIds = fc.oneof({ weight: 6, arbitrary: fc.constant(target) }, { weight: 1, arbitrary: edgyText });
      const oversized = JSON.stringify({ ...registration, policy: { returns: { nonReturnableSkus: Array.from({ length: 5000 }, (_, i) => `SKU-${i}-0123456789`) } } });
      await fc.assert(
        fc.asyncProperty(storeIds, bodyAround(registration), async (id, body) => {
          const path = `/admin/stores/${encodeURIComponent(id)}`;
          const [store, secret] = [await storedStore(id), await storedSecret(id)];
          const response = await request('PUT', path, body);
          expect(response.status, await response.clone().text()).not.toBeGreaterThanOrEqual(500);
          if (response.status !== 200) {
            await expectRefusal(response);
            expect(await storedStore(id)).toEqual(store);
            expect(await storedSecret(id)).toBe(secret);
            return;
          }
          // Accepted: the store reads back as answered, and its new secret verifies deliveries.
          const answered = (await response.json()) as Record<string, unknown>;
          expect(await storedStore(id)).toEqual(answered);
          expect(JSON.parse((JSON.parse(await storedSecret(id)) as { SecretString: string }).SecretString)).toMatchObject({ current: (JSON.parse(body) as { webhookSecret: unknown }).webhookSecret });
        }),
        { numRuns: 60, examples: [[target, oversized], [target, JSON.stringify({ ...registration, webhookSecret: 'x'.repeat(70_000) })]] },
      );
    });

    it('runs a return for a store whose policy sets every number to the largest value it accepts', async () => {
      const edge = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-policy-edge', 'edge-webhook-secret');
      const policy = largest(z.toJSONSchema(policySchema, { io: 'input' }) as JsonSchema);
      const registered = await edge.registerStore({ policy });
      expect(registered.status, await registered.clone().text()).toBe(200);
      await playDeliveredOrder(edge, { orderId: 'o-edge', buyerId: 'b-edge' });
      expect((await edge.send('aftersale.requested', returnRequest('r-edge', 'o-edge'))).status).toBe(202);
      await cloud.settle();

      const { items: parked } = await edge.adminJson<{ items: unknown[] }>('GET', `/admin/parked?storeId=${edge.storeId}`);
      expect(parked).toEqual([]);
      const { items: cases } = await edge.adminJson<{ items: Array<{ caseId: string }> }>('GET', `/admin/cases?storeId=${edge.storeId}&orderId=o-edge`);
      const [tasks] = await Promise.all(cases.map((aCase) => openTasksOf(edge, aCase.caseId)));
      expect(tasks?.map((task) => task.kind)).toEqual(['store_decision']);
      expect(Date.parse(tasks?.[0]?.dueAt ?? '')).toBeGreaterThan(Date.now());
    });
  });

  describe('decisions on open tasks', () => {
    interface Source {
      /** A decision the task accepts, for mutations to start from. */
      valid: Json;
      /** Opens a fresh task of this kind: an accepted decision closes the one before. */
      open: () => Promise<{ taskId: string; caseId: string }>;
      current?: { taskId: string; caseId: string };
    }
    const onlyTask = async (caseId: string) => {
      await cloud.settle();
      const [task, ...others] = await openTasksOf(shop, caseId);
      expect(others).toEqual([]);
      return { taskId: task?.taskId ?? '', caseId };
    };
    const sources: Record<'return' | 'complaint', Source> = {
      return: {
        valid: { decision: 'reject', reason: 'worn, and the tag is gone', evidence: ['https://example.com/photo-1.jpg'] },
        open: async () => {
          const orderId = `o-${++sequence}`;
          await playDeliveredOrder(shop, { orderId, buyerId: `b-${sequence}` });
          expect((await shop.send('aftersale.requested', returnRequest(`r-${sequence}`, orderId))).status).toBe(202);
          await cloud.settle();
          const { items } = await shop.adminJson<{ items: Array<{ caseId: string }> }>('GET', `/admin/cases?storeId=${storeId}&orderId=${orderId}`);
          return onlyTask(items[0]?.caseId ?? '');
        },
      },
      complaint: {
        valid: { decision: 'close', outcome: 'solved', ...answer },
        open: async () => {
          const opened = await shop.adminJson<{ caseId: string }>('POST', '/admin/complaints', { storeId, complaintId: `c-${++sequence}`, buyerId: `b-${sequence}`, severity: 'normal', text: '衣服洗一次就开线了', channel: 'chat' });
          return onlyTask(opened.caseId);
        },
      },
    };

    it('answers any decision with 200 or a refusal that leaves the task open and its case unchanged', async () => {
      const decisions = fc.constantFrom<keyof typeof sources>('return', 'complaint').chain((kind) => bodyAround(sources[kind].valid).map((body) => ({ kind, body })));
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(decisions, async ({ kind, body }) => {
          const source = sources[kind];
          source.current ??= await source.open();
          const { taskId, caseId } = source.current;
          const before = await caseView(caseId);
          const response = await request('POST', `/admin/tasks/${taskId}`, body);
          expect(response.status, await response.clone().text()).not.toBeGreaterThanOrEqual(500);
          if (response.status === 200) {
            accepted++;
            await cloud.settle();
            expect((await openTasksOf(shop, caseId)).map((task) => task.taskId)).not.toContain(taskId);
            source.current = undefined;
            return;
          }
          await expectRefusal(response);
          expect(await caseView(caseId)).toBe(before);
          expect((await openTasksOf(shop, caseId)).map((task) => task.taskId)).toContain(taskId);
        }),
        {
          numRuns: 60,
          // Each kind's valid decision comes after a refused one, so both branches are checked on every seed: a random
          // mutation leaves a decision valid only now and then, and some seeds never do.
          examples: [
            [{ kind: 'return', body: '{"decision":{"toString":1}}' }],
            [{ kind: 'return', body: JSON.stringify(sources.return.valid) }],
            [{ kind: 'complaint', body: '{"decision":{"valueOf":null}}' }],
            [{ kind: 'complaint', body: JSON.stringify(sources.complaint.valid) }],
          ],
        },
      );
      expect(accepted).toBeGreaterThanOrEqual(2);
    });
  });

  it('opens a complaint for any body it accepts, and no case for one it refuses', async () => {
    const valid = { storeId, complaintId: 'c-fuzz', buyerId: 'b-fuzz', orderId: 'o-fuzz', severity: 'major', text: '客服态度很差', channel: 'phone' };
    await fc.assert(
      fc.asyncProperty(bodyAround(valid), async (body) => {
        const before = await caseCount();
        const response = await request('POST', '/admin/complaints', body);
        expect(response.status, await response.clone().text()).not.toBeGreaterThanOrEqual(500);
        if (response.status === 201) return expectCaseOpened(response);
        await expectRefusal(response);
        expect(await caseCount()).toBe(before);
      }),
      { numRuns: 40 },
    );
  });

  it('flags an order for a bulk-order review for any body and order id it accepts, and opens nothing for one it refuses', async () => {
    const placedAt = new Date().toISOString();
    expect((await shop.send('order.created', { orderId: 'o-bulk', buyer: { id: 'b-bulk' }, items: [{ sku: 'A', name: 'Shirt', quantity: 3, unitPrice: 9900 }], total: 29_700, placedAt })).status).toBe(202);
    await cloud.settle();
    const orderIds = fc.oneof({ weight: 4, arbitrary: fc.constant('o-bulk') }, { weight: 2, arbitrary: edgyText });
    await fc.assert(
      fc.asyncProperty(orderIds, bodyAround({ storeId, reason: 'fifty identical phones to one address', agentId: 'ann' }), async (orderId, body) => {
        const before = await caseCount();
        const response = await request('POST', `/admin/orders/${encodeURIComponent(orderId)}/bulk-review`, body);
        expect(response.status, await response.clone().text()).not.toBeGreaterThanOrEqual(500);
        if (response.status === 201) return expectCaseOpened(response);
        await expectRefusal(response);
        expect(await caseCount()).toBe(before);
      }),
      { numRuns: 40, examples: [['%', JSON.stringify({ storeId, reason: 'x' })], ['a'.repeat(3000), JSON.stringify({ storeId, reason: 'x' })]] },
    );
  });

  it('answers any query of the read routes, and any id in their paths, with JSON or a refusal', async () => {
    const collections = ['cases', 'tasks', 'executions', 'parked', 'messages', 'audit', 'reports/daily', 'reports/reviews', 'reports/postal-batch'];
    const names = ['storeId', 'type', 'status', 'orderId', 'workflow', 'date', 'format', 'month', 'buyerId'];
    const values = fc.oneof(fc.constantFrom(storeId, 'open', 'RUNNING', 'returns', '2026-11-24', '2026-11', 'markdown', 'json', 'return_refund'), edgyText);
    const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names), fc.string()), values), { maxLength: 5 });
    const read = fc.oneof(
      fc.tuple(fc.constantFrom(...collections), query).map(([collection, pairs]) => `/admin/${collection}?${new URLSearchParams(pairs).toString()}`),
      fc.tuple(fc.constantFrom('cases', 'executions', 'workflows'), edgyText).map(([collection, id]) => `/admin/${collection}/${encodeURIComponent(id)}`),
      // Escapes that decode to nothing, as a hand-written URL may carry them.
      fc.constantFrom('/admin/cases/%', '/admin/cases/%E0%A4%A', '/admin/executions/%zz', `/admin/cases?storeId=%&type=%zz`),
    );
    await fc.assert(
      fc.asyncProperty(read, async (path) => {
        const response = await request('GET', path);
        expect(response.status, `${path}: ${await response.clone().text()}`).not.toBeGreaterThanOrEqual(500);
        if (response.status >= 400) return expectRefusal(response);
        if (!response.headers.get('content-type')?.startsWith('text/markdown')) expect(await response.json()).toEqual(expect.any(Object));
      }),
      { numRuns: 80, examples: [['/admin/cases/%25'], [`/admin/cases/${'a'.repeat(3000)}`], [`/admin/messages?storeId=${storeId}&buyerId=${'b'.repeat(3000)}`]] },
    );
  });
});
