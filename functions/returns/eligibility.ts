import type { Case } from '../cases/case.js';
import { isUnshipped, type Order } from '../orders/order.js';
import type { Policy } from '../stores/policy.js';

/** A refusal names its rule and says why in both languages a buyer may read (DOMAIN.md, "Words"). */
export type Eligibility = { eligible: true; rule: string } | { eligible: false; rule: string; reason: string; reasonZh: string };

type Request = Pick<Case, 'type' | 'reason' | 'requestedAt'> & Partial<Pick<Case, 'items' | 'note'>>;

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: Date) => (to.getTime() - new Date(from).getTime()) / DAY_MS;
const refuse = (rule: string, reason: string, reasonZh: string): Eligibility => ({ eligible: false, rule, reason, reasonZh });

/** Reasons that are the buyer's own: the buyer pays return shipping (or the order's shipping insurance does). */
const BUYERS_OWN_REASONS = new Set(['no_reason', 'other']);
const QUALITY_REASONS = new Set(['quality', 'not_as_described', 'wrong_item', 'damaged']);

/**
 * Whether a request may go to the store at all, from the store's policy (DOMAIN.md, "Eligibility"):
 * the order must be ours and active, the items sold by this store, the request inside its window, and
 * none of the non-returnable conditions the buyer's note describes may apply.
 */
export function assessEligibility(request: Request, order: Order | undefined, policy: Policy): Eligibility {
  const rules = policy.returns;
  if (!order) return refuse('order-known', 'the order is not known to the store', '店铺查不到这个订单');
  if (order.status === 'cancelled') return refuse('order-active', 'the order was cancelled', '订单已取消');
  const foreign = (request.items ?? []).find((line) => order.items && !order.items.some((item) => item.sku === line.sku));
  if (foreign) return refuse('sold-by-this-store', `item ${foreign.sku} was not sold in this order`, `商品 ${foreign.sku} 不是本订单售出的商品`);
  const requestedAt = new Date(request.requestedAt);
  if (request.type === 'refund_only' && isUnshipped(order)) return { eligible: true, rule: 'unshipped-refund' };
  if (request.type === 'refund_only' && request.reason === 'not_received' && !order.deliveredAt) return { eligible: true, rule: 'shipped-not-received' };

  const note = (request.note ?? '').toLowerCase();
  const quality = QUALITY_REASONS.has(request.reason);
  const condition = rules.nonReturnableConditions.find(
    (candidate) => !(candidate.unlessQualityProblem && quality) && candidate.mentions.some((phrase) => note.includes(phrase.toLowerCase())),
  );
  if (condition) return refuse(condition.rule, condition.reason, condition.reasonZh);
  const fixedSku = (request.items ?? []).find((line) => rules.nonReturnableSkus.includes(line.sku));
  if (fixedSku && !quality) return refuse('non-returnable-item', `item ${fixedSku.sku} cannot be returned without a quality problem`, `商品 ${fixedSku.sku} 无质量问题不支持退换`);

  if (request.reason === 'no_reason') {
    if (!order.deliveredAt) return refuse('no-reason-window', 'a no-reason return starts once the order is delivered', '七天无理由退货从签收之日起计算');
    const days = daysBetween(order.deliveredAt, requestedAt);
    return days <= rules.noReasonReturnDays
      ? { eligible: true, rule: 'no-reason-window' }
      : refuse(
          'no-reason-window',
          `requested ${Math.floor(days)} days after delivery; no-reason returns are accepted within ${rules.noReasonReturnDays} days`,
          `申请时间为签收后第 ${Math.floor(days)} 天，无理由退货需在签收后 ${rules.noReasonReturnDays} 天内申请`,
        );
  }
  const start = order.completedAt ?? order.deliveredAt;
  if (!start) return { eligible: true, rule: 'quality-window' };
  const days = daysBetween(start, requestedAt);
  return days <= rules.qualityReturnDays
    ? { eligible: true, rule: 'quality-window' }
    : refuse(
        'quality-window',
        `requested ${Math.floor(days)} days after receipt; quality claims are accepted within ${rules.qualityReturnDays} days`,
        `申请时间为确认收货后第 ${Math.floor(days)} 天，质量问题需在 ${rules.qualityReturnDays} 天内申请`,
      );
}

export type ShippingPayer = 'buyer' | 'store' | 'shipping_insurance' | 'none';

/** Who pays the return parcel: the buyer for the buyer's own reasons (unless insured), else the store. */
export function returnShippingPayer(request: Pick<Case, 'type' | 'reason'>, order: Order | undefined): ShippingPayer {
  if (request.type === 'refund_only' || request.type === 'partial_refund') return 'none';
  if (!BUYERS_OWN_REASONS.has(request.reason)) return 'store';
  return order?.shippingInsurance ? 'shipping_insurance' : 'buyer';
}

/** What must come back with a return besides the items: the order's gifts and its invoice. */
export function mustComeBack(request: Pick<Case, 'type'>, order: Order | undefined): { gifts: string[]; invoice: boolean } {
  if (request.type === 'refund_only' || request.type === 'partial_refund') return { gifts: [], invoice: false };
  return { gifts: (order?.items ?? []).filter((item) => item.gift).map((item) => item.sku), invoice: Boolean(order?.invoiceIssued) };
}
