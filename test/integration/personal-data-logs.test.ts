import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';

/** Two buyers of storefronts whose accounts are a phone number and an email address, so their ids are personal data too. */
const BUYERS = [
  { orderId: 'o-phone', buyerId: '13812345678', buyer: { name: '张三', phone: '13812345678', email: 'zhangsan@example.com' }, masked: '138****5678' },
  { orderId: 'o-email', buyerId: 'alice@example.com', buyer: { name: 'Alice Wang', phone: '+1 415 555 0100', email: 'alice@example.com' }, masked: 'a***@example.com' },
];
const NOTE = '请联系13812345678，寄回地址：上海市浦东新区世纪大道100号 / write to alice@example.com';
const RAW = ['13812345678', 'zhangsan@example.com', '张三', 'alice@example.com', '+1 415 555 0100', 'Alice Wang', '世纪大道'];

describe('personal data in the logs of the local cloud', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  const written: string[] = [];
  const levelBefore = process.env.POWERTOOLS_LOG_LEVEL;

  beforeAll(async () => {
    // Every entry, not only warnings: the info entries are the ones that name a buyer.
    process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => written.push(String(chunk)) > 0);
    }
    cloud = await startTestCloud({ clockStart: new Date('2026-11-10T02:00:00Z') });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-privacy');
    expect((await shop.registerStore()).status).toBe(200);
  });
  afterAll(async () => {
    await cloud?.stop();
    vi.restoreAllMocks();
    if (levelBefore === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = levelBefore;
  });

  it('logs a return request and the messages to its buyer without the buyer\'s phone, email, name or address', async () => {
    for (const { orderId, buyerId, buyer } of BUYERS) {
      await playDeliveredOrder(shop, { orderId, buyerId, buyer });
      expect((await shop.send('aftersale.requested', returnRequest(`r-${orderId}`, orderId, { note: NOTE }))).status).toBe(202);
    }
    await cloud.settle();

    for (const { buyerId, masked } of BUYERS) {
      const { items } = await shop.adminJson<{ items: Array<{ status: string }> }>('GET', `/admin/messages?storeId=${shop.storeId}&buyerId=${encodeURIComponent(buyerId)}`);
      expect(items.length, buyerId).toBeGreaterThan(0);
      expect(items.every((message) => message.status === 'sent'), buyerId).toBe(true);
      // The log channel recorded each message with its buyer: the entries were written, and masked.
      expect(written.some((entry) => entry.includes('"message to buyer"') && entry.includes(masked)), masked).toBe(true);
    }
    for (const raw of RAW) expect(written.filter((entry) => entry.includes(raw)), raw).toEqual([]);
  });
});
