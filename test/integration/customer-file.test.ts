import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';
import { decideOpenTask } from '../support/tasks.js';

/**
 * The customer file end to end in the local cloud: contact details from orders and from `customer.updated`, consent,
 * tags, lifetime spend and membership tiers recomputed from completed orders and refunds (the storefront's and the
 * returns workflow's), one message per tier change whatever is redelivered, and the audiences' indexes.
 */

interface CustomerView {
  buyerId: string;
  name?: string;
  phone?: string;
  email?: string;
  birthday?: string;
  consent?: { marketing: boolean; at: string; source: string };
  tags: string[];
  lifetimeSpend: number;
  tier: string;
  openComplaintIds: string[];
  orderIds: string[];
  lastOrderAt?: string;
  campaignContacts: string[];
}

const HOUR = 3_600_000;
const shanghai = (ms: number) => new Date(ms + 8 * HOUR).toISOString().replace('Z', '+08:00');

describe('the customer file', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  let audiences: typeof import('../../functions/customers/audiences.js');
  let repository: typeof import('../../functions/customers/customer-repository.js');

  beforeAll(async () => {
    cloud = await startTestCloud({ clockStart: new Date('2026-11-23T02:00:00Z') });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-customers');
    expect((await shop.registerStore({ agents: ['li'] })).status).toBe(200);
    // The product's modules run in this process on the cloud's tables (loaded now: the DynamoDB client reads its endpoint when created).
    audiences = await import('../../functions/customers/audiences.js');
    repository = await import('../../functions/customers/customer-repository.js');
  });
  afterAll(async () => cloud?.stop());

  const customer = (buyerId: string) => shop.adminJson<CustomerView>('GET', `/admin/customers/${encodeURIComponent(buyerId)}?storeId=${shop.storeId}`);
  const tierMessages = async (buyerId: string) => {
    const { items } = await shop.adminJson<{ items: Array<{ template: string; text: string }> }>('GET', `/admin/messages?storeId=${shop.storeId}&buyerId=${buyerId}`);
    return items.filter((message) => message.template === 'membership.tier_changed').map((message) => message.text);
  };
  async function send(type: string, data: Record<string, unknown>, options: { id?: string; occurredAt?: string } = {}, status = 202): Promise<void> {
    const sent = await shop.send(type, data, options);
    expect(sent.status, `${type}: ${JSON.stringify(sent.body)}`).toBe(status);
  }

  /** An order from placing to the buyer's confirmation, its steps hours and days after `placedAt`. */
  async function playCompletedOrder(order: { orderId: string; buyer: Record<string, unknown>; total: number; placedAt: number }): Promise<void> {
    const { orderId, total, placedAt } = order;
    await send('order.created', { orderId, buyer: order.buyer, items: [{ sku: 'SKU-1', name: 'Tea set', quantity: 1, unitPrice: total }], total, placedAt: shanghai(placedAt) });
    await send('order.paid', { orderId, paidAt: shanghai(placedAt + HOUR) });
    await send('order.shipped', { orderId, carrier: 'SF Express', trackingNo: `SF-${orderId}`, shippedAt: shanghai(placedAt + 20 * HOUR) });
    await send('order.delivered', { orderId, deliveredAt: shanghai(placedAt + 60 * HOUR) });
    await send('order.completed', { orderId, completedAt: shanghai(placedAt + 96 * HOUR) }, { id: `completed-${orderId}` });
    await cloud.settle();
  }

  it('keeps contact details, birthday, consent, tags, spend and tier, and tells each tier change once', async () => {
    const placedFirst = Date.parse('2026-11-01T02:00:00Z');
    const placedSecond = Date.parse('2026-11-12T02:00:00Z');
    await playCompletedOrder({ orderId: 'o-1', buyer: { id: 'b-1', name: '张三', phone: '13812345678', email: 'zhangsan@example.com' }, total: 30_000, placedAt: placedFirst });
    expect(await customer('b-1')).toMatchObject({ name: '张三', phone: '13812345678', email: 'zhangsan@example.com', lifetimeSpend: 30_000, tier: 'member', tags: ['buyer', 'member'] });
    expect(await tierMessages('b-1')).toEqual([expect.stringContaining('「会员」')]);

    // A redelivery of the completion (the same delivery id, then the same facts under a new id) changes nothing.
    await send('order.completed', { orderId: 'o-1', completedAt: shanghai(placedFirst + 96 * HOUR) }, { id: 'completed-o-1' }, 200);
    await send('order.completed', { orderId: 'o-1', completedAt: shanghai(placedFirst + 96 * HOUR) });
    await cloud.settle();
    expect(await customer('b-1')).toMatchObject({ lifetimeSpend: 30_000, tier: 'member' });

    // A second order: ¥2,000 in all makes a senior member with 10 % off; its buyer's other phone does not replace the one on file.
    await playCompletedOrder({ orderId: 'o-2', buyer: { id: 'b-1', name: '张三', phone: '13700000000' }, total: 170_000, placedAt: placedSecond });
    expect(await customer('b-1')).toMatchObject({ phone: '13812345678', lifetimeSpend: 200_000, tier: 'senior_member', tags: ['buyer', 'repeat_buyer', 'senior_member'] });

    // The storefront refunds part of the second order: back to member. Redelivered, it counts once.
    const refund = { orderId: 'o-2', refundId: 'r-1', amount: 20_000, refundedAt: shanghai(placedSecond + 200 * HOUR) };
    await send('order.refunded', refund, { id: 'refund-r-1' });
    await cloud.settle();
    await send('order.refunded', refund, { id: 'refund-r-1' }, 200);
    await send('order.refunded', refund);
    await cloud.settle();
    expect(await customer('b-1')).toMatchObject({ lifetimeSpend: 180_000, tier: 'member' });
    const messages = await tierMessages('b-1');
    expect(messages).toHaveLength(3);
    expect(messages[1]).toMatch(/「高级会员」，购物可享 10% 折扣/);
    expect(messages[2]).toContain('「会员」');

    // A complaint: tagged, and open until it closes.
    await send('complaint.opened', { complaintId: 'c-1', buyerId: 'b-1', severity: 'normal', text: '茶杯有裂纹', openedAt: new Date().toISOString() });
    await cloud.settle();

    // The buyer's own update: a new phone, a birthday, consent given on the storefront; redelivered, and an older one late.
    const update = { buyerId: 'b-1', birthday: '1990-05-17', phone: '13900001111', email: 'zs@example.com', consent: { marketing: true } };
    const updatedAt = '2026-11-23T10:00:00+08:00';
    await send('customer.updated', update, { id: 'cu-1', occurredAt: updatedAt });
    await send('customer.updated', update, { occurredAt: updatedAt });
    await send('customer.updated', { buyerId: 'b-1', phone: '13800000000', consent: { marketing: false } }, { occurredAt: '2026-11-22T10:00:00+08:00' });
    await cloud.settle();
    const file = await customer('b-1');
    expect(file).toMatchObject({
      name: '张三',
      phone: '13900001111',
      email: 'zs@example.com',
      birthday: '05-17',
      consent: { marketing: true, at: updatedAt, source: 'storefront' },
      tags: ['buyer', 'complaint', 'enquiry', 'member', 'repeat_buyer'],
      openComplaintIds: ['cp-shop-customers-c-1'],
      lifetimeSpend: 180_000,
      tier: 'member',
      orderIds: ['o-1', 'o-2'],
      lastOrderAt: '2026-11-12T02:00:00.000Z',
      campaignContacts: [],
    });
    expect(await tierMessages('b-1')).toHaveLength(3);

    // An opt-out through the lead's link: an older one loses to the storefront's consent, a newer one wins.
    const earlier = await repository.setConsent(shop.storeId, 'b-1', { marketing: false, at: '2026-11-23T01:00:00Z', source: 'opt_out_link' });
    expect(earlier).toEqual({ marketing: true, at: updatedAt, source: 'storefront' });
    await repository.setConsent(shop.storeId, 'b-1', { marketing: false, at: '2026-11-23T03:00:00Z', source: 'opt_out_link' });
    expect((await customer('b-1')).consent).toEqual({ marketing: false, at: '2026-11-23T03:00:00Z', source: 'opt_out_link' });
  });

  it('recounts spend after the returns workflow\'s refund: a refund lowers the tier', async () => {
    await playCompletedOrder({ orderId: 'o-3', buyer: { id: 'b-2' }, total: 35_000, placedAt: Date.parse('2026-11-10T15:30:00Z') });
    expect(await customer('b-2')).toMatchObject({ tier: 'member', lifetimeSpend: 35_000 });
    await send('aftersale.requested', returnRequest('r-3', 'o-3', { type: 'refund_only', reason: 'quality', amount: 10_000, items: [] }));
    await cloud.settle();
    await decideOpenTask(shop, 'as-shop-customers-r-3', undefined, { decision: 'approve' });
    await cloud.settle();
    expect((await shop.adminJson<{ outcome?: string }>('GET', '/admin/cases/as-shop-customers-r-3')).outcome).toBe('refunded');
    expect(await customer('b-2')).toMatchObject({ tier: 'none', lifetimeSpend: 25_000, tags: ['buyer', 'returns'] });
    expect(await tierMessages('b-2')).toEqual([expect.stringContaining('「会员」'), expect.stringContaining('「普通顾客」')]);
  });

  it('lists customers by tier and tag, and answers 400, 403 and 404 as the other routes do', async () => {
    const list = (query: string) => shop.adminJson<{ items: CustomerView[] }>('GET', `/admin/customers?storeId=${shop.storeId}${query}`);
    expect((await list('')).items.map((item) => item.buyerId).sort()).toEqual(['b-1', 'b-2']);
    expect((await list('&tier=member')).items.map((item) => item.buyerId)).toEqual(['b-1']);
    expect((await list('&tag=returns')).items.map((item) => item.buyerId)).toEqual(['b-2']);
    expect((await list('&tier=member&tag=returns')).items).toEqual([]);
    expect((await shop.admin('GET', `/admin/customers?storeId=${shop.storeId}&tier=gold`)).status).toBe(400);
    expect((await shop.admin('GET', '/admin/customers')).status).toBe(400);
    expect((await shop.admin('GET', `/admin/customers/nobody?storeId=${shop.storeId}`)).status).toBe(404);
    const issued = await fetch(`${cloud.baseUrl}/local/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cloud.adminToken}` },
      body: JSON.stringify({ sub: 'agent-elsewhere', groups: ['agent'], storeIds: ['another-shop'] }),
    });
    const { token } = (await issued.json()) as { token: string };
    expect((await shop.admin('GET', `/admin/customers/b-1?storeId=${shop.storeId}`, undefined, token)).status).toBe(403);
    expect((await shop.admin('GET', `/admin/customers?storeId=${shop.storeId}`, undefined, token)).status).toBe(403);
  });

  it('finds the birthday and last-order audiences through their indexes alone', async () => {
    await send('customer.updated', { buyerId: 'b-3', birthday: '02-29' });
    await cloud.settle();
    const ids = (customers: Array<{ buyerId: string }>) => customers.map((one) => one.buyerId).sort();
    expect(ids(await audiences.customersWithBirthday(shop.storeId, '05-17'))).toEqual(['b-1']);
    expect(ids(await audiences.customersWithBirthday(shop.storeId, '02-29'))).toEqual(['b-3']);
    expect(await audiences.customersWithBirthday(shop.storeId, '02-28')).toEqual([]);
    // One local day in Shanghai: b-2 ordered at 23:30 on 10 November there (15:30 UTC), b-1 last on 12 November.
    const day = (date: string) => [`${date}T00:00:00+08:00`, `${date}T23:59:59.999+08:00`] as const;
    expect(ids(await audiences.customersLastOrderedBetween(shop.storeId, ...day('2026-11-10')))).toEqual(['b-2']);
    expect(ids(await audiences.customersLastOrderedBetween(shop.storeId, ...day('2026-11-12')))).toEqual(['b-1']);
    // b-1 ordered on 1 November too, but that is no longer their last order.
    expect(await audiences.customersLastOrderedBetween(shop.storeId, ...day('2026-11-01'))).toEqual([]);
    const read = await audiences.readLastOrderAudience(shop.storeId, '2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z');
    expect({ found: read.customers.length, itemsRead: read.itemsRead }).toEqual({ found: 2, itemsRead: 2 });
    expect(read.customers.find((one) => one.buyerId === 'b-1')?.tags).toEqual(new Set(['buyer', 'complaint', 'enquiry', 'member', 'repeat_buyer']));
  });
});
