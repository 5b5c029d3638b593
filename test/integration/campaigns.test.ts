import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud, TERMINAL } from '../support/cloud.js';
import { decideOpenTask, openTasksOf } from '../support/tasks.js';

/**
 * The revisit campaigns end to end in the local cloud, on the last day of the year: the 10:00 schedule runs the
 * campaigns state machine; each campaign picks its customers by the store's local day (care revisit seven days after
 * delivery, satisfaction the day after a case closed, birthday, year-end greeting with a coupon, win-back 90 days after
 * the last order); consent, opt-outs, open complaints, the frequency cap and quiet hours decide who hears from the
 * store; a re-run sends nothing twice; a low satisfaction score opens a task for an agent.
 */

// The day before: 11:00 on 30 December in Shanghai, when the story starts.
const START = Date.parse('2026-12-30T03:00:00Z');
// 10:00 on 31 December in Shanghai, when the campaigns run.
const CAMPAIGNS_AT = Date.parse('2026-12-31T02:00:00Z');

interface MessageView {
  messageId: string;
  buyerId: string;
  template: string;
  status: string;
  channel: string;
  purpose?: string;
  campaignId?: string;
  suppressedReason?: string;
  text: string;
  createdAt: string;
  caseId?: string;
  to?: string;
  optOutSecret?: string;
  expiresAt?: number;
}
interface ExecutionView {
  name: string;
  status: string;
  states: string[];
}
interface CampaignRunView {
  date: string;
  ranAt: string;
  campaigns: Record<string, { selected: number; queued: number; alreadyDone: number; suppressed: Record<string, number>; otherTier: number }>;
}

describe('revisit campaigns', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  let lateShop: StorefrontClient;
  let firstRun: Map<string, MessageView[]>;

  const messagesOf = async (store: StorefrontClient) => (await store.adminJson<{ items: MessageView[] }>('GET', `/admin/messages?storeId=${store.storeId}`)).items;
  const campaignMessages = async (store: StorefrontClient) => (await messagesOf(store)).filter((message) => message.campaignId !== undefined);
  const byBuyer = (messages: MessageView[]) => {
    const grouped = new Map<string, MessageView[]>();
    for (const message of messages) grouped.set(message.buyerId, [...(grouped.get(message.buyerId) ?? []), message]);
    return grouped;
  };
  const outcome = (messages: MessageView[] | undefined) =>
    (messages ?? []).map((message) => `${message.campaignId}:${message.status === 'suppressed' ? `suppressed(${message.suppressedReason})` : message.status}`).sort();
  const campaignExecutions = async () => (await shop.adminJson<{ items: Array<{ name: string; status: string }> }>('GET', '/admin/executions?workflow=campaigns')).items;
  const execution = (name: string) => shop.adminJson<ExecutionView>('GET', `/admin/executions/${name}`);

  /** An order with its own times: placed, and delivered when the story needs it. */
  async function order(store: StorefrontClient, orderId: string, buyerId: string, placedAt: string, deliveredAt?: string): Promise<void> {
    const events: Array<[string, Record<string, unknown>]> = [
      ['order.created', { orderId, buyer: { id: buyerId }, items: [{ sku: 'SKU-1', name: 'Linen shirt', quantity: 1, unitPrice: 9_900 }], total: 9_900, placedAt }],
      ['order.paid', { orderId, paidAt: placedAt }],
    ];
    if (deliveredAt) {
      events.push(['order.shipped', { orderId, carrier: 'SF', trackingNo: `SF-${orderId}`, shippedAt: placedAt }]);
      events.push(['order.delivered', { orderId, deliveredAt }]);
    }
    for (const [type, data] of events) expect((await store.send(type, data)).status, `${type} of ${orderId}`).toBe(202);
  }
  const customerUpdate = async (buyerId: string, data: Record<string, unknown>) => expect((await shop.send('customer.updated', { buyerId, ...data })).status).toBe(202);

  beforeAll(async () => {
    cloud = await startTestCloud({ clockStart: new Date(START) });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-care');
    lateShop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-late');
    expect((await shop.registerStore({ agents: ['ann-agent'], supervisors: ['sue'], policy: { campaigns: { year_end: { channels: ['sms', 'storefront'] } } } })).status).toBe(200);
    // A store whose quiet hours run until 11:00: its 10:00 campaigns wait for them to end.
    expect((await lateShop.registerStore({ policy: { contact: { quietHours: { start: '08:00', end: '11:00' } } } })).status).toBe(200);

    // Delivered at 07:00 on 24 December in Shanghai (still 23 December in UTC): seven local days before the 31st.
    await order(shop, 'o-ann', 'ann', '2026-12-20T10:00:00+08:00', '2026-12-24T07:00:00+08:00');
    await order(shop, 'o-bob', 'bob', '2026-12-20T10:00:00+08:00', '2026-12-24T20:00:00+08:00');
    // Delivered at 01:00 on 25 December in Shanghai (24 December in UTC): its seventh day is 1 January.
    await order(shop, 'o-gus', 'gus', '2026-12-20T10:00:00+08:00', '2026-12-25T01:00:00+08:00');
    // Eve last ordered on 2 October: 90 days before the 31st.
    await order(shop, 'o-eve', 'eve', '2026-10-02T15:00:00+08:00', '2026-10-05T15:00:00+08:00');
    await order(shop, 'o-cat', 'cat', '2026-11-01T10:00:00+08:00');
    await order(shop, 'o-dan', 'dan', '2026-11-01T10:00:00+08:00');
    await order(lateShop, 'o-hal', 'hal', '2026-12-20T10:00:00+08:00', '2026-12-24T12:00:00+08:00');

    await customerUpdate('bob', { birthday: '1990-12-31', consent: { marketing: true } });
    await customerUpdate('cat', { consent: { marketing: true } });
    await customerUpdate('dan', { consent: { marketing: true } });
    await customerUpdate('eve', { phone: '13800138000', consent: { marketing: true } });
    // Cat replies the opt-out keyword (in full-width letters from a phone keyboard it would be the same).
    expect((await shop.send('message.received', { buyerId: 'cat', text: ' 退订 ', receivedAt: new Date().toISOString() })).status).toBe(202);
    // Dan has a complaint open.
    expect((await shop.send('complaint.opened', { complaintId: 'c-dan', buyerId: 'dan', severity: 'normal', text: '发错颜色了', openedAt: new Date().toISOString() })).status).toBe(202);

    // Fay's refund closes today (30 December): tomorrow she is asked how it went.
    await playDeliveredOrder(shop, { orderId: 'o-fay', buyerId: 'fay', unitPrice: 12_800 });
    expect((await shop.send('aftersale.requested', returnRequest('r-fay', 'o-fay', { type: 'refund_only', reason: 'quality' }))).status).toBe(202);
    await cloud.settle();
    await decideOpenTask(shop, 'as-shop-care-r-fay', 'store_decision', { decision: 'approve' });
    await cloud.settle();
    expect((await shop.adminJson<{ status: string }>('GET', '/admin/cases/as-shop-care-r-fay')).status).toBe('closed');

    // The SMS provider fails the first attempt: the sender retries with the same idempotency key.
    expect((await shop.admin('POST', '/local/messaging/faults', { failNext: 1 })).status).toBe(200);
    await shop.adminJson('POST', '/local/clock', { set: new Date(CAMPAIGNS_AT).toISOString() });
    firstRun = byBuyer(await campaignMessages(shop));
  }, 240_000);

  afterAll(async () => {
    await cloud?.stop();
  });

  it('runs at 10:00 as an execution of the campaigns state machine, a store in its quiet hours still waiting', async () => {
    const executions = await campaignExecutions();
    expect(executions).toHaveLength(1);
    const running = await execution(executions[0]?.name ?? '');
    expect(running.status).toBe('RUNNING');
    const { states } = running;
    expect(states).toEqual(expect.arrayContaining(['List the stores for campaigns', 'Check quiet hours', 'In quiet hours?', 'Wait for quiet hours to end', "Run the store's campaigns"]));
    expect(await campaignMessages(lateShop)).toEqual([]);
  });

  it('picks each campaign\'s customers on the store\'s local day and respects consent, opt-outs, open complaints and the cap', () => {
    // Delivered on the 24th in Shanghai: revisited; Gus's delivery (the 25th in Shanghai, the 24th in UTC) is not due yet.
    expect(outcome(firstRun.get('ann'))).toEqual(['care_revisit:sent', 'year_end:suppressed(no_consent)']);
    expect(outcome(firstRun.get('gus'))).toEqual(['year_end:suppressed(no_consent)']);
    // Three campaigns for Bob today, two allowed a week: the year-end greeting is held back.
    expect(outcome(firstRun.get('bob'))).toEqual(['birthday:sent', 'care_revisit:sent', 'year_end:suppressed(frequency_cap)']);
    expect(outcome(firstRun.get('cat'))).toEqual(['year_end:suppressed(opted_out)']);
    expect(outcome(firstRun.get('dan'))).toEqual(['year_end:suppressed(open_complaint)']);
    expect(outcome(firstRun.get('eve'))).toEqual(['win_back:sent', 'year_end:sent']);
    expect(outcome(firstRun.get('fay'))).toEqual(['satisfaction:sent', 'year_end:suppressed(no_consent)']);
    // A refused message is kept 90 days (DynamoDB's TTL), one that went out for good.
    for (const message of [...firstRun.values()].flat()) {
      expect(message.expiresAt, message.messageId).toBe(message.status === 'suppressed' ? Math.floor(Date.parse(message.createdAt) / 1000) + 90 * 86_400 : undefined);
    }
  });

  it('sends on the first channel that reaches the buyer, retried after a provider failure, once', () => {
    const yearEnd = firstRun.get('eve')?.find((message) => message.campaignId === 'year_end');
    expect(yearEnd).toMatchObject({ channel: 'sms', to: '13800138000', status: 'sent' });
    const delivered = cloud.messaging.ledger().filter((record) => record.idempotencyKey === yearEnd?.messageId);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ channel: 'sms', to: '13800138000' });
    // Without a phone, the storefront message it is.
    expect(firstRun.get('eve')?.find((message) => message.campaignId === 'win_back')?.channel).toBe('storefront');
  });

  it('writes the store\'s words: a coupon with its own code, an opt-out line on marketing only, never the link\'s secret in the API', () => {
    const birthday = firstRun.get('bob')?.find((message) => message.campaignId === 'birthday');
    expect(birthday?.text).toMatch(/^您好，祝您生日快乐！.*送您一张 ¥10\.00 优惠券，券码 CP-[0-9A-F]{8}，有效期至 2027-01-30。回复 TD 退订，或打开 http:\/\/127\.0\.0\.1:\d+\/optout\/msg-[0-9a-f]{24}\/[0-9a-f]{32}$/);
    const winBack = firstRun.get('eve')?.find((message) => message.campaignId === 'win_back');
    expect(winBack?.text).toContain('（满 ¥100.00 可用）');
    expect(winBack?.text.match(/CP-[0-9A-F]{8}/)?.[0]).not.toBe(birthday?.text.match(/CP-[0-9A-F]{8}/)?.[0]);
    const care = firstRun.get('ann')?.find((message) => message.campaignId === 'care_revisit');
    expect(care?.text).toBe('您好，您订单 o-ann 的商品已经收到 7 天了，使用得还满意吗？如有任何使用上的问题，请随时联系我们，我们会尽力帮助您。');
    for (const messages of firstRun.values()) for (const message of messages) expect(message.optOutSecret).toBeUndefined();
  });

  it('keeps what each campaign did under the day, where the admin API shows it', async () => {
    const { items } = await shop.adminJson<{ items: CampaignRunView[] }>('GET', `/admin/reports/campaigns?storeId=${shop.storeId}&date=2026-12-31`);
    expect(items).toHaveLength(1);
    const run = items[0]?.campaigns ?? {};
    expect(run.care_revisit).toMatchObject({ selected: 2, queued: 2, alreadyDone: 0 });
    expect(run.year_end).toMatchObject({ selected: 7, queued: 1, suppressed: { no_consent: 3, opted_out: 1, open_complaint: 1, frequency_cap: 1, no_channel: 0 } });
    expect(run.birthday).toMatchObject({ selected: 1, queued: 1 });
    expect(run.win_back).toMatchObject({ selected: 1, queued: 1 });
    expect(run.satisfaction).toMatchObject({ selected: 1, queued: 1 });
    expect(run.holidays).toMatchObject({ selected: 0 });
  });

  it('sends the quiet store\'s messages when its quiet hours end, and the execution ends', async () => {
    await shop.adminJson('POST', '/local/clock', { advance: 'PT1H' });
    const [only] = await campaignExecutions();
    const ended = await execution(only?.name ?? '');
    expect(TERMINAL).toContain(ended.status);
    expect(ended.status).toBe('SUCCEEDED');
    expect(ended.states.filter((state) => state === 'Wait for quiet hours to end')).toHaveLength(1);
    const late = await campaignMessages(lateShop);
    expect(outcome(late)).toEqual(['care_revisit:sent', 'year_end:suppressed(no_consent)']);
    // Written when the quiet hours ended at 11:00 (the local clock runs on in real time after a move).
    for (const message of late) expect(message.createdAt.slice(0, 16)).toBe('2026-12-31T03:00');
  });

  it('sends nothing twice when the campaigns run again the same day', async () => {
    const before = await messagesOf(shop);
    const rerun = await shop.admin('POST', '/local/schedules/campaigns/run');
    expect(rerun.status, await rerun.clone().text()).toBe(200);
    expect(await messagesOf(shop)).toEqual(before);
    expect(cloud.messaging.ledger()).toHaveLength(1);
    const { items } = await shop.adminJson<{ items: CampaignRunView[] }>('GET', `/admin/reports/campaigns?storeId=${shop.storeId}&date=2026-12-31`);
    const second = items.at(-1)?.campaigns ?? {};
    expect(items).toHaveLength(2);
    expect(second.year_end).toMatchObject({ selected: 7, queued: 0, alreadyDone: 7 });
    expect(second.care_revisit).toMatchObject({ selected: 2, queued: 0, alreadyDone: 2 });
  });

  it('opens a task for an agent when the buyer answers the satisfaction question with a low score', async () => {
    expect((await shop.send('message.received', { buyerId: 'fay', text: '２', receivedAt: new Date().toISOString() })).status).toBe(202);
    await cloud.settle();
    const refund = await shop.adminJson<{ history: Array<{ action: string; by: string; score?: number }> }>('GET', '/admin/cases/as-shop-care-r-fay');
    expect(refund.history.filter((entry) => entry.action === 'satisfaction_rated')).toEqual([expect.objectContaining({ by: 'buyer', score: 2 })]);
    const { items } = await shop.adminJson<{ items: Array<{ caseId: string; status: string }> }>('GET', `/admin/cases?storeId=${shop.storeId}&type=low_satisfaction`);
    expect(items).toHaveLength(1);
    const tasks = await openTasksOf(shop, items[0]?.caseId ?? '');
    expect(tasks.map((task) => task.kind)).toEqual(['follow_up']);
    // A second score for the same question changes nothing.
    expect((await shop.send('satisfaction.rated', { buyerId: 'fay', score: 1, ratedAt: new Date().toISOString() })).status).toBe(202);
    await cloud.settle();
    expect((await shop.adminJson<{ items: unknown[] }>('GET', `/admin/cases?storeId=${shop.storeId}&type=low_satisfaction`)).items).toHaveLength(1);
  });

  it('opts a buyer out through the link in a marketing message, once, and refuses a link that is not one', async () => {
    const birthday = firstRun.get('bob')?.find((message) => message.campaignId === 'birthday');
    const link = birthday?.text.match(/http:\/\/\S+\/optout\/\S+$/)?.[0] ?? '';
    expect(link).not.toBe('');
    for (let click = 0; click < 2; click++) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('您已成功退订');
    }
    const forged = await fetch(link.replace(/[0-9a-f]{32}$/, '0'.repeat(32)));
    expect(forged.status).toBe(404);
    await cloud.settle();
    const bob = await shop.adminJson<{ consent?: { marketing: boolean; source: string } }>('GET', `/admin/customers/bob?storeId=${shop.storeId}`);
    expect(bob.consent).toMatchObject({ marketing: false, source: 'opt_out_link' });
    const confirmations = (await messagesOf(shop)).filter((message) => message.buyerId === 'bob' && message.template === 'campaign.opted_out');
    expect(confirmations).toHaveLength(1);
    const cat = await shop.adminJson<{ consent?: { marketing: boolean; source: string } }>('GET', `/admin/customers/cat?storeId=${shop.storeId}`);
    expect(cat.consent).toMatchObject({ marketing: false, source: 'keyword' });
  });
});
