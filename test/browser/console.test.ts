import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud } from '../support/cloud.js';

/** Debian's Chromium; the tests drive it through playwright-core, which brings no browser of its own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = 'test/artifacts/console.png';

/**
 * The console as an agent uses it, in headless Chromium against a local cloud: a return request waits for the
 * store; the agent finds it in the inbox, approves it on its case and watches the workflow move to the next
 * wait, then moves the clock past 09:00 from the page and reads the daily report the sweep wrote.
 */
describe('the console page in a browser', () => {
  let cloud: LocalCloud;
  let shop: StorefrontClient;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const caseId = 'as-shop-console-r-1';

  const state = (name: string) => page.locator(`svg.graph g[data-state="${name}"]`);
  const classesOf = async (name: string) => ((await state(name).getAttribute('class')) ?? '').split(' ');

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`The browser tests need Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
    // 08:00 in Shanghai: the daily sweep runs an hour later.
    cloud = await startTestCloud({ clockStart: new Date('2026-11-02T00:00:00Z') });
    shop = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-console');
    expect((await shop.registerStore({ timezone: 'Asia/Shanghai', agents: ['li'] })).status).toBe(200);
    await playDeliveredOrder(shop, { orderId: 'o-1', buyerId: 'b-1' });
    expect((await shop.send('aftersale.requested', returnRequest('r-1', 'o-1', { note: 'too small' }))).status).toBe(202);
    await cloud.settle();

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ timezoneId: 'Asia/Shanghai', locale: 'en-GB', viewport: { width: 1360, height: 1000 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The browser logs every 404 it loads, and a missing report is one the page expects.
    page.on('console', (message) => void (message.type() === 'error' && !message.text().startsWith('Failed to load resource') && pageErrors.push(message.text())));
  });
  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
  });

  it('lists the store\'s open task in the inbox once the token and the store are entered', async () => {
    await page.goto(`${cloud.baseUrl}/#/inbox`);
    await page.locator('#setting-storeId').fill(shop.storeId);
    await page.locator('#setting-token').fill(cloud.adminToken);
    await page.locator('#setting-agentId').fill('li');
    await page.getByRole('button', { name: 'Use' }).click();

    const row = page.locator('tr[data-task]', { hasText: 'store_decision' });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(caseId);
    expect(text).toContain('store');
    // Due 48 hours after the request, in the store's time zone.
    expect(text).toMatch(/2026-11-04 08:0\d/);
    expect(text).toMatch(/in 1 d 23 h/);
    expect(await page.locator('#clock-now').innerText()).toMatch(/^2026-11-02 08:0\d/);
  });

  it('approves the task on its case and follows the execution to the next wait', async () => {
    await page.locator('tr[data-task]', { hasText: 'store_decision' }).getByRole('link', { name: 'Decide…' }).click();
    await page.locator('svg.graph g[data-state="Await store decision"].current').waitFor();
    expect(await classesOf('Check eligibility')).toContain('visited');
    expect(await classesOf('Await return shipment')).not.toContain('visited');
    const historyBefore = await page.locator('tr[data-action]').count();

    const form = page.locator('form.decide');
    expect(await form.locator('label.choice').allInnerTexts()).toEqual(['approve', 'reject', 'withdraw']);
    await form.getByLabel('reject').check();
    expect(await form.locator('.fields label').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^reason \*/)]));
    await form.getByLabel('approve').check();
    await form.getByRole('button', { name: 'Decide: approve' }).click();

    await page.locator('svg.graph g[data-state="Await return shipment"].current').waitFor();
    expect(await classesOf('Await store decision')).toEqual(expect.arrayContaining(['visited']));
    expect(await classesOf('Await store decision')).not.toContain('current');
    expect(await classesOf('Record store agreement')).toContain('visited');
    expect(await page.locator('path.transition.taken').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('tr[data-action]').count()).toBeGreaterThan(historyBefore);
    expect(await page.locator('tr[data-action="approve"]').innerText()).toContain('agent:li');
    // The next wait is the buyer's, and the page offers what an agent may record for them.
    expect(await page.locator('section.open-task h3').innerText()).toContain('return_shipment');

    mkdirSync('test/artifacts', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('lists the running execution under its workflow and status', async () => {
    await page.getByRole('link', { name: 'Executions' }).click();
    await page.getByRole('link', { name: /^running 1$/ }).click();
    const row = page.locator(`tr[data-execution="${caseId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('RUNNING');
    expect(await page.locator('tr[data-execution]').count()).toBe(1);
  });

  it('moves the clock past 09:00 from the page, and shows the daily report the sweep wrote', async () => {
    await page.getByRole('link', { name: 'Daily report' }).click();
    await page.getByText('no daily report for store').waitFor();

    await page.locator('#clock button[data-advance="PT1H"]').click();
    await page.locator('.report h3', { hasText: 'Open tasks by kind' }).waitFor();
    expect(await page.locator('#clock-now').innerText()).toMatch(/^2026-11-02 09:0\d/);
    const facts = await page.locator('.report dl.facts').innerText();
    expect(facts).toMatch(/Open tasks\s+1/);
    expect(facts).toMatch(/Overdue\s+0/);
    expect(await page.locator('.report table').first().innerText()).toContain('return_shipment');
    expect(pageErrors).toEqual([]);
  });
});
