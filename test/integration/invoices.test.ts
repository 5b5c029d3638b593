import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { playDeliveredOrder, returnRequest, StorefrontClient } from '../../local/storefront-client.js';
import { startTestCloud, TERMINAL } from '../support/cloud.js';
import { decideOpenTask } from '../support/tasks.js';

/**
 * The invoices workflow end to end in the local cloud: requested through the storefront, issued by finance or by
 * the e-invoicing service, delivered in the parcel or with the monthly postal batch, confirmed, and voided (and
 * reissued for the rest) when a refund reaches the order.
 */

interface InvoiceView {
  caseId: string;
  type: string;
  status: string;
  outcome?: string;
  amount?: number;
  invoiceNo?: string;
  delivery?: string;
  reissueOf?: string;
  history: Array<{ action: string; by: string; [detail: string]: unknown }>;
  execution: { status: string; currentState?: string } | null;
}
interface LedgerEntry {
  id: string;
  idempotencyKey: string;
  orderId: string;
  colour: string;
  amount: number;
  taxId?: string;
  reverses?: string;
}

const VALID_TAX_ID = '91330100716105852F';
const HOUR = 3_600_000;
const now = () => new Date().toISOString();

describe('invoices', () => {
  let cloud: LocalCloud;
  let manual: StorefrontClient;
  let auto: StorefrontClient;

  beforeAll(async () => {
    cloud = await startTestCloud({ clockStart: new Date('2026-11-20T02:00:00Z') });
    manual = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-inv-manual');
    auto = new StorefrontClient(cloud.baseUrl, cloud.adminToken, 'shop-inv-auto');
    expect((await manual.registerStore({ agents: ['fin-zhao'] })).status).toBe(200);
    expect((await auto.registerStore({ policy: { invoices: { autoIssue: true } } })).status).toBe(200);
  });
  afterAll(async () => cloud?.stop());

  const invoiceOf = (shop: StorefrontClient, id: string) => shop.adminJson<InvoiceView>('GET', `/admin/cases/${id}`);
  const executionOf = (shop: StorefrontClient, id: string) => shop.adminJson<{ status: string; states: string[] }>('GET', `/admin/executions/${id}`);
  const ledger = async () => ((await (await fetch(`${cloud.baseUrl}/local/invoicing/invoices`)).json()) as { items: LedgerEntry[] }).items;
  const orderOf = async (shop: StorefrontClient, orderId: string) => {
    const { GetCommand, DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
    const { Item } = await DynamoDBDocumentClient.from(cloud.dynamo).send(new GetCommand({ TableName: process.env.ORDERS_TABLE, Key: { storeId: shop.storeId, orderId } }));
    return Item as { invoiceIssued?: boolean; invoiceId?: string; packingInstructions?: Array<{ text: string }>; refunds?: Array<{ amount: number }> } | undefined;
  };
  async function paidOrder(shop: StorefrontClient, orderId: string, total = 19_800): Promise<void> {
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();
    expect((await shop.send('order.created', { orderId, buyer: { id: `buyer-${orderId}` }, items: [{ sku: 'SKU-1', name: 'Linen shirt', quantity: 2, unitPrice: total / 2 }], total, placedAt: at(2) })).status).toBe(202);
    expect((await shop.send('order.paid', { orderId, paidAt: at(1) })).status).toBe(202);
  }
  const requestInvoice = (shop: StorefrontClient, orderId: string, fields: Record<string, unknown> = {}) =>
    shop.send('invoice.requested', { orderId, kind: 'personal', title: '李雷', requestedAt: now(), ...fields });
  async function decide(shop: StorefrontClient, caseId: string, body: Record<string, unknown>): Promise<void> {
    await decideOpenTask(shop, caseId, undefined, body);
    await cloud.settle();
  }

  it('refuses a company invoice whose tax id fails its check character, saying why, and writes nothing', async () => {
    await paidOrder(manual, 'o-bad-tax');
    await cloud.settle();
    const typo = `${VALID_TAX_ID.slice(0, 17)}G`;
    const refused = await requestInvoice(manual, 'o-bad-tax', { kind: 'company', title: '阿里巴巴（中国）有限公司', taxId: typo });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { issues: [{ path: 'data.taxId', message: expect.stringMatching(/check character/) }] } });
    const missing = await requestInvoice(manual, 'o-bad-tax', { kind: 'company', title: '阿里巴巴（中国）有限公司' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toMatch(/tax id/);
    await cloud.settle();
    expect((await orderOf(manual, 'o-bad-tax'))?.invoiceId).toBeUndefined();
  });

  it('issues a personal invoice by finance and puts it in the parcel; the buyer confirms after delivery', async () => {
    await paidOrder(manual, 'o-parcel');
    expect((await requestInvoice(manual, 'o-parcel')).status).toBe(202);
    await cloud.settle();
    const id = `inv-${manual.storeId}-o-parcel`;
    expect((await invoiceOf(manual, id)).execution).toMatchObject({ status: 'RUNNING', currentState: 'Await finance to issue invoice' });

    // A second request before it is issued updates it.
    expect((await requestInvoice(manual, 'o-parcel', { title: '韩梅梅' })).status).toBe(202);
    await cloud.settle();
    await decide(manual, id, { decision: 'issue', invoiceNo: 'FIN-0001', agentId: 'fin-zhao' });
    const packed = await orderOf(manual, 'o-parcel');
    expect(packed).toMatchObject({ invoiceIssued: true, invoiceId: id });
    expect(packed?.packingInstructions?.[0]?.text).toMatch(/FIN-0001 \(韩梅梅\)/);

    await manual.send('order.shipped', { orderId: 'o-parcel', carrier: 'SF Express', trackingNo: 'SF-P', shippedAt: now() });
    await manual.send('order.delivered', { orderId: 'o-parcel', deliveredAt: now() });
    await cloud.settle();
    expect((await invoiceOf(manual, id)).execution?.currentState).toBe('Await buyer confirmation of receipt');
    await manual.send('invoice.confirmed', { orderId: 'o-parcel', confirmedAt: now() });
    await cloud.settle();

    const execution = await executionOf(manual, id);
    expect(TERMINAL).toContain(execution.status);
    expect(execution.states).toEqual([
      'Issue automatically?',
      'Await finance to issue invoice',
      'What did finance do?',
      'Record invoice issued',
      'In the parcel or by post?',
      'Put invoice in the parcel',
      'Await parcel delivery',
      'Parcel delivered?',
      'Record parcel delivered',
      'Await buyer confirmation of receipt',
      'Did the buyer confirm?',
      'Close as receipt confirmed',
      'Case closed',
    ]);
    const invoice = await invoiceOf(manual, id);
    expect(invoice).toMatchObject({ type: 'invoice', status: 'closed', outcome: 'confirmed', amount: 19_800, invoiceNo: 'FIN-0001', delivery: 'in_parcel' });
    expect(invoice.history.find((entry) => entry.action === 'issue')?.by).toBe('agent:fin-zhao');
    expect(invoice.history.find((entry) => entry.action === 'confirm')?.by).toBe('buyer');

    // Once issued, another request for the order is refused, and the buyer is told why.
    await requestInvoice(manual, 'o-parcel', { title: '另一个抬头' });
    await cloud.settle();
    expect((await invoiceOf(manual, id)).history.at(-1)).toMatchObject({ action: 'second_request_refused' });
    const { items } = await manual.adminJson<{ items: Array<{ template: string }> }>('GET', `/admin/messages?storeId=${manual.storeId}&buyerId=buyer-o-parcel`);
    expect(items.map((message) => message.template)).toEqual(['invoice.issued', 'invoice.confirm_receipt', 'invoice.request_refused']);
  });

  it('issues by itself when finance does not act in time', async () => {
    await paidOrder(manual, 'o-late-finance');
    await requestInvoice(manual, 'o-late-finance');
    await cloud.settle();
    await cloud.advance('PT48H1S');
    const id = `inv-${manual.storeId}-o-late-finance`;
    const invoice = await invoiceOf(manual, id);
    expect(invoice.history.find((entry) => entry.action === 'issue')?.by).toBe('timeout');
    expect(invoice.invoiceNo).toMatch(/^FP/);
    expect((await executionOf(manual, id)).states).toContain('Issue automatically after timeout');
  });

  it('voids the invoice after a full refund (red-letter), without a reissue', async () => {
    await playDeliveredOrder(auto, { orderId: 'o-full', buyerId: 'buyer-full', unitPrice: 9_900 });
    await requestInvoice(auto, 'o-full');
    await cloud.settle();
    const id = `inv-${auto.storeId}-o-full`;
    expect((await invoiceOf(auto, id)).execution?.currentState).toBe('Await monthly mailing');

    await auto.send('aftersale.requested', returnRequest('r-full', 'o-full', { type: 'refund_only', reason: 'quality' }));
    await cloud.settle();
    await decide(auto, `as-${auto.storeId}-r-full`, { decision: 'approve' });

    const invoice = await invoiceOf(auto, id);
    expect(invoice).toMatchObject({ status: 'closed', outcome: 'voided' });
    const execution = await executionOf(auto, id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.states.slice(-3)).toEqual(['Mailed with the batch?', 'Close as voided', 'Case closed']);
    const entries = (await ledger()).filter((entry) => entry.orderId === 'o-full');
    expect(entries.map((entry) => [entry.colour, entry.amount])).toEqual([
      ['blue', 9_900],
      ['red', -9_900],
    ]);
    expect(entries[1]?.reverses).toBe(entries[0]?.id);
    expect((await orderOf(auto, 'o-full'))?.invoiceId).toBe(id);
  });

  it('voids and reissues for the rest after a partial refund', async () => {
    await playDeliveredOrder(auto, { orderId: 'o-part', buyerId: 'buyer-part', unitPrice: 10_000, quantity: 2 });
    await requestInvoice(auto, 'o-part', { kind: 'company', title: '阿里巴巴（中国）有限公司', taxId: VALID_TAX_ID });
    await cloud.settle();
    await auto.send('aftersale.requested', returnRequest('r-part', 'o-part', { type: 'partial_refund', reason: 'not_as_described', amount: 3_000 }));
    await cloud.settle();
    await decide(auto, `as-${auto.storeId}-r-part`, { decision: 'approve' });

    const first = await invoiceOf(auto, `inv-${auto.storeId}-o-part`);
    expect(first).toMatchObject({ outcome: 'voided', amount: 20_000 });
    const reissued = await invoiceOf(auto, `inv-${auto.storeId}-o-part-r1`);
    expect(reissued).toMatchObject({ reissueOf: first.caseId, amount: 17_000, status: 'in_batch' });
    const entries = (await ledger()).filter((entry) => entry.orderId === 'o-part');
    expect(entries.map((entry) => [entry.colour, entry.amount, entry.taxId])).toEqual([
      ['blue', 20_000, VALID_TAX_ID],
      ['red', -20_000, VALID_TAX_ID],
      ['blue', 17_000, VALID_TAX_ID],
    ]);
    expect((await orderOf(auto, 'o-part'))?.invoiceId).toBe(reissued.caseId);
  });

  it('mails invoices of shipped orders with the monthly postal batch on the 1st, then takes receipt as confirmed after 7 days', async () => {
    await playDeliveredOrder(auto, { orderId: 'o-batch', buyerId: 'buyer-batch', unitPrice: 5_000 });
    await requestInvoice(auto, 'o-batch', { kind: 'company', title: '阿里巴巴（中国）有限公司', taxId: VALID_TAX_ID });
    await cloud.settle();
    const id = `inv-${auto.storeId}-o-batch`;
    expect((await invoiceOf(auto, id)).execution?.currentState).toBe('Await monthly mailing');

    // 1 December 00:00 in Shanghai: the schedule closes November's batch by itself.
    await cloud.advanceTo(Date.parse('2026-11-30T16:00:01Z'));
    const batch = await auto.adminJson<{ month: string; items: Array<{ invoiceId: string; title: string }> }>('GET', `/admin/reports/postal-batch?storeId=${auto.storeId}&month=2026-11`);
    expect(batch.month).toBe('2026-11');
    expect(batch.items.map((item) => item.invoiceId)).toEqual(expect.arrayContaining([id, `inv-${auto.storeId}-o-part-r1`]));
    expect((await invoiceOf(auto, id)).execution?.currentState).toBe('Await buyer confirmation of receipt');

    await cloud.advance('P7DT1S');
    const execution = await executionOf(auto, id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.states).toEqual([
      'Issue automatically?',
      'Issue invoice automatically',
      'In the parcel or by post?',
      'Add to monthly postal batch',
      'Await monthly mailing',
      'Mailed with the batch?',
      'Record invoice mailed',
      'Await buyer confirmation of receipt',
      'Confirm receipt automatically after timeout',
      'Case closed',
    ]);
    const invoice = await invoiceOf(auto, id);
    expect(invoice).toMatchObject({ outcome: 'confirmed', delivery: 'postal_batch' });
    expect(invoice.history.find((entry) => entry.action === 'mail')?.by).toBe('rule');
    expect(invoice.history.find((entry) => entry.action === 'confirm')?.by).toBe('timeout');
    const missing = await auto.admin('GET', `/admin/reports/postal-batch?storeId=${auto.storeId}&month=2026-10`);
    expect(missing.status).toBe(404);
  });
});
