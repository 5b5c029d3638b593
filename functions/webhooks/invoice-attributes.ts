import { taxIdProblem } from '../invoices/tax-id.js';
import { logger } from '../shared/logger.js';
import type { Draft } from './platform-delivery.js';

/** The attribute names a storefront's checkout may use for an invoice request (English or Chinese field labels). */
const NAMES = {
  title: ['invoice_title', 'invoice title', '发票抬头'],
  taxId: ['invoice_tax_id', 'invoice tax id', '税号', '纳税人识别号'],
  kind: ['invoice_kind', 'invoice type', '发票类型'],
  email: ['invoice_email', 'invoice email', '发票邮箱'],
};

/**
 * An `invoice.requested` from an order's custom attributes (Shopify `note_attributes`, WooCommerce `meta_data`),
 * when the checkout asked for an invoice. A company request whose tax id is not valid is left out, with a warning:
 * refusing the whole delivery would lose the order itself, which matters more.
 */
export function invoiceRequestFrom(orderId: string, attributes: ReadonlyArray<{ name: string; value: string }>, at: string): Draft[] {
  const find = (names: string[]) => attributes.find((attribute) => names.includes(attribute.name.trim().toLowerCase()))?.value.trim() || undefined;
  const title = find(NAMES.title);
  if (!title) return [];
  const taxId = find(NAMES.taxId)?.toUpperCase();
  const stated = find(NAMES.kind)?.toLowerCase();
  const kind = stated === 'company' || stated === '企业' || stated === '单位' ? 'company' : stated === 'personal' || stated === '个人' ? 'personal' : taxId ? 'company' : 'personal';
  if (kind === 'company' && (!taxId || taxIdProblem(taxId))) {
    logger.warn('invoice request in the order attributes left out: the company tax id is missing or not valid', { orderId });
    return [];
  }
  const email = find(NAMES.email);
  return [{ type: 'invoice.requested', occurredAt: at, data: { orderId, kind, title, ...(kind === 'company' ? { taxId } : {}), ...(email ? { email } : {}), requestedAt: at } }];
}
