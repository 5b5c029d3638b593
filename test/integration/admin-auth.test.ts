import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';

/**
 * Who may do what through the admin API, with the local cloud playing the HTTP API's JWT authorizer: agents see and
 * decide only their stores' work, only supervisors decide supervisors' tasks, only administrators register stores,
 * a missing, forged or expired token is refused before the function runs, and every decision is audited.
 */

const answer = { category: 'product_quality', facts: 'the seam opened after one wash; photos checked', solution: 'coupon', message: '非常抱歉给您带来不便，我们已为您补发一张 20 元优惠券，请您放心。' };

describe('authorisation of the admin API', () => {
  let cloud: LocalCloud;
  let admin: StorefrontClient;
  const tokens: Record<string, string> = {};

  const as = (who: string, storeId = 'shop-a') => new StorefrontClient(cloud.baseUrl, tokens[who] ?? 'none', storeId);
  const issue = async (body: Record<string, unknown>, bearer = cloud.adminToken) =>
    fetch(`${cloud.baseUrl}/local/tokens`, { method: 'POST', headers: { authorization: `Bearer ${bearer}` }, body: JSON.stringify(body) });
  const taskOf = async (caseId: string) => {
    const { items } = await admin.adminJson<{ items: Array<{ taskId: string; kind: string; caseId: string }> }>('GET', '/admin/tasks?storeId=shop-a&status=open');
    const task = items.find((candidate) => candidate.caseId === caseId);
    expect(task, `an open task of ${caseId}`).toBeDefined();
    return task?.taskId ?? '';
  };
  const complain = async (complaintId: string, severity: 'normal' | 'major') => {
    const response = await admin.admin('POST', '/admin/complaints', { storeId: 'shop-a', complaintId, buyerId: `buyer-${complaintId}`, severity, text: '衣服洗一次就开线了', channel: 'phone' });
    expect(response.status).toBe(201);
    await cloud.settle();
    return ((await response.json()) as { caseId: string }).caseId;
  };

  beforeAll(async () => {
    cloud = await startTestCloud({ clockStart: new Date('2026-11-24T02:00:00Z') });
    admin = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-a');
    expect((await admin.registerStore({ agents: ['li'], supervisors: ['sue'] })).status).toBe(200);
    expect((await new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-b').registerStore({ agents: ['bo'] })).status).toBe(200);
    for (const [who, groups, storeIds, expiresInSeconds] of [
      ['li', ['agent'], ['shop-a'], 3600],
      ['sue', ['supervisor'], ['shop-a'], 3600],
      ['bo', ['agent'], ['shop-b'], 3600],
      ['li-short', ['agent'], ['shop-a'], 60],
    ] as const) {
      const response = await issue({ sub: who.replace('-short', ''), groups, storeIds, expiresInSeconds });
      expect(response.status).toBe(200);
      tokens[who] = ((await response.json()) as { token: string }).token;
    }
  });
  afterAll(async () => cloud?.stop());

  it('refuses a request without a token, with a forged or tampered one, and a token issued without an administrator', async () => {
    const path = '/admin/tasks?storeId=shop-a';
    expect((await fetch(`${cloud.baseUrl}${path}`)).status).toBe(401);
    expect((await as('li').admin('GET', path, undefined, 'not-a-token')).status).toBe(401);
    const [header, , signature] = (tokens.li ?? '').split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ sub: 'li', 'cognito:groups': ['admin'], exp: 9_999_999_999 })).toString('base64url');
    expect((await as('li').admin('GET', path, undefined, `${header}.${forgedClaims}.${signature}`)).status).toBe(401);
    expect((await issue({ sub: 'mallory', groups: ['admin'] }, tokens.li)).status).toBe(401);
    expect((await issue({ sub: 'x', groups: ['owner'] })).status).toBe(400);
    expect((await as('li').admin('GET', path)).status).toBe(200);
  });

  it("keeps an agent to their own stores' cases, tasks, reports and executions", async () => {
    const caseId = await complain('c-scope', 'normal');
    expect((await as('li').admin('GET', `/admin/cases/${caseId}`)).status).toBe(200);
    expect((await as('bo', 'shop-b').admin('GET', `/admin/cases/${caseId}`)).status).toBe(403);
    expect((await as('bo', 'shop-b').admin('GET', '/admin/tasks?storeId=shop-a')).status).toBe(403);
    expect((await as('bo', 'shop-b').admin('GET', '/admin/messages?storeId=shop-a')).status).toBe(403);
    expect((await as('bo', 'shop-b').admin('GET', `/admin/executions/${caseId}`)).status).toBe(403);
    expect((await as('bo', 'shop-b').admin('POST', `/admin/tasks/${await taskOf(caseId)}`, { decision: 'close', outcome: 'solved', ...answer })).status).toBe(403);
    // Executions are listed per store for agents; an administrator may list them all.
    expect((await as('li').admin('GET', '/admin/executions?workflow=complaints')).status).toBe(400);
    const listed = await as('li').adminJson<{ items: Array<{ name: string }> }>('GET', '/admin/executions?workflow=complaints&storeId=shop-a');
    expect(listed.items.map((execution) => execution.name)).toContain(caseId);
    expect((await as('bo', 'shop-b').adminJson<{ items: unknown[] }>('GET', '/admin/executions?workflow=complaints&storeId=shop-b')).items).toEqual([]);
    // Registering a store or changing its policy is an administrator's.
    expect((await as('li').registerStore({ agents: ['li'] })).status).toBe(403);
    // Stores and their policies: an agent reads their own; nobody reads a secret back.
    const own = await as('li').adminJson<{ items: Array<{ storeId: string }> }>('GET', '/admin/stores');
    expect(own.items.map((store) => store.storeId)).toEqual(['shop-a']);
    const all = await admin.adminJson<{ items: Array<{ storeId: string }> }>('GET', '/admin/stores');
    expect(all.items.map((store) => store.storeId).sort()).toEqual(['shop-a', 'shop-b']);
    const store = await as('li').adminJson<Record<string, unknown>>('GET', '/admin/stores/shop-a');
    expect(store).toMatchObject({ storeId: 'shop-a', agents: ['li'], supervisors: ['sue'], policy: { sweep: { lateShipmentHours: 72 } } });
    expect(JSON.stringify(store)).not.toMatch(/webhookSecret|store-webhook-secret/);
    expect((await as('li').admin('GET', '/admin/stores/shop-b')).status).toBe(403);
  });

  it('lets only a supervisor decide a task that waits for a supervisor, and an agent decide only as themselves', async () => {
    const major = await complain('c-major', 'major');
    const supervisorTask = await taskOf(major);
    const refused = await as('li').admin('POST', `/admin/tasks/${supervisorTask}`, { decision: 'close', outcome: 'solved', ...answer });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/waits for a supervisor/);
    expect((await as('sue').admin('POST', `/admin/tasks/${supervisorTask}`, { decision: 'close', outcome: 'solved', ...answer })).status).toBe(200);

    const normal = await complain('c-normal', 'normal');
    const agentTask = await taskOf(normal);
    expect((await as('li').admin('POST', `/admin/tasks/${agentTask}`, { decision: 'close', outcome: 'solved', ...answer, agentId: 'wang' })).status).toBe(403);
    expect((await as('li').admin('POST', `/admin/tasks/${agentTask}`, { decision: 'close', outcome: 'solved', ...answer })).status).toBe(200);
    await cloud.settle();
    const closed = await admin.adminJson<{ status: string; history: Array<{ by: string; action: string }> }>('GET', `/admin/cases/${normal}`);
    expect(closed.status).toBe('closed');
    expect(closed.history.filter((entry) => entry.action === 'close').map((entry) => entry.by)).toEqual(['agent:li']);
  });

  it('audits every decision: who, signed in as whom, when, what, from where', async () => {
    const { items } = await admin.adminJson<{ items: Array<Record<string, unknown>> }>('GET', '/admin/audit?storeId=shop-a&date=2026-11-24');
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ by: 'agent:sue', signedInAs: 'sue', groups: ['supervisor'], decision: 'close', kind: 'complaint_supervisor', sourceIp: expect.stringMatching(/127\.0\.0\.1/), at: expect.any(String) }),
        expect.objectContaining({ by: 'agent:li', signedInAs: 'li', groups: ['agent'], decision: 'close', kind: 'complaint_answer' }),
      ]),
    );
    expect(items).toHaveLength(2);
    expect((await as('bo', 'shop-b').admin('GET', '/admin/audit?storeId=shop-a&date=2026-11-24')).status).toBe(403);
  });

  it('refuses a token once it has expired', async () => {
    expect((await as('li-short').admin('GET', '/admin/tasks?storeId=shop-a')).status).toBe(200);
    await cloud.advance('PT2M');
    expect((await as('li-short').admin('GET', '/admin/tasks?storeId=shop-a')).status).toBe(401);
  });
});
