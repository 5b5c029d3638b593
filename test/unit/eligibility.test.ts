import { describe, it, expect } from 'vitest';
import type { Case } from '../../functions/cases/case.js';
import type { Order } from '../../functions/orders/order.js';
import { assessEligibility } from '../../functions/returns/eligibility.js';
import { defaultPolicy, policySchema, type Policy } from '../../functions/stores/policy.js';

type Request = Pick<Case, 'type' | 'reason' | 'requestedAt'>;

const placedAt = '2026-03-01T10:00:00+08:00';
const paidAt = '2026-03-01T10:05:00+08:00';
const shippedAt = '2026-03-02T09:00:00+08:00';
const deliveredAt = '2026-03-03T12:00:00+08:00';
const completedAt = '2026-03-05T12:00:00+08:00';

const base: Order = { storeId: 'store-1', orderId: 'order-1', status: 'created', placedAt, version: 1 };
const paidOrder: Order = { ...base, status: 'paid', paidAt };
const shippedOrder: Order = { ...paidOrder, status: 'shipped', shippedAt, carrier: 'SF Express', trackingNo: 'SF1' };
const deliveredOrder: Order = { ...shippedOrder, status: 'delivered', deliveredAt };
const completedOrder: Order = { ...deliveredOrder, status: 'completed', completedAt };
const cancelledOrder: Order = { ...paidOrder, status: 'cancelled', cancelledAt: '2026-03-01T11:00:00+08:00' };

const noReason = (requestedAt: string, type: Request['type'] = 'return_refund'): Request => ({ type, reason: 'no_reason', requestedAt });
const quality = (requestedAt: string, type: Request['type'] = 'return_refund'): Request => ({ type, reason: 'quality', requestedAt });

describe('assessEligibility with the default policy', () => {
  const policy = defaultPolicy();

  it('uses the windows of DOMAIN.md: 7 days for no reason, 15 days for quality', () => {
    expect(policy.returns.noReasonReturnDays).toBe(7);
    expect(policy.returns.qualityReturnDays).toBe(15);
  });

  describe('no-reason returns', () => {
    it('accepts a request within 7 days of delivery', () => {
      expect(assessEligibility(noReason('2026-03-08T12:00:00+08:00'), deliveredOrder, policy)).toEqual({ eligible: true, rule: 'no-reason-window' });
      // Exactly 7 days after the signed-for time is still within the window.
      expect(assessEligibility(noReason('2026-03-10T12:00:00+08:00'), deliveredOrder, policy).eligible).toBe(true);
      // The window counts from delivery, not from completion: 8 days after delivery, 6 after completion.
      expect(assessEligibility(noReason('2026-03-11T12:00:00+08:00'), completedOrder, policy).eligible).toBe(false);
    });

    it('refuses a request past 7 days of delivery, saying what the window is', () => {
      const oneSecondLate = assessEligibility(noReason('2026-03-10T12:00:01+08:00'), deliveredOrder, policy);
      expect(oneSecondLate.eligible).toBe(false);
      const late = assessEligibility(noReason('2026-03-13T12:00:00+08:00'), deliveredOrder, policy);
      expect(late).toMatchObject({ eligible: false, rule: 'no-reason-window' });
      if (late.eligible) throw new Error('expected a refusal');
      expect(late.reason).toMatch(/within 7 days/);
      expect(late.reason).toMatch(/\b10 days after delivery/);
    });

    it('refuses a no-reason return before the order is delivered', () => {
      const result = assessEligibility(noReason('2026-03-02T12:00:00+08:00'), shippedOrder, policy);
      expect(result).toMatchObject({ eligible: false, rule: 'no-reason-window' });
      if (result.eligible) throw new Error('expected a refusal');
      expect(result.reason).toMatch(/delivered/);
    });
  });

  describe('refund-only before shipment', () => {
    it('is eligible for a paid, unshipped order, whatever the reason', () => {
      expect(assessEligibility(noReason('2026-03-01T12:00:00+08:00', 'refund_only'), paidOrder, policy)).toEqual({
        eligible: true,
        rule: 'unshipped-refund',
      });
      expect(assessEligibility(quality('2026-03-01T12:00:00+08:00', 'refund_only'), paidOrder, policy)).toEqual({
        eligible: true,
        rule: 'unshipped-refund',
      });
    });

    it('is not the unshipped rule once the order has shipped', () => {
      const result = assessEligibility(noReason('2026-03-02T12:00:00+08:00', 'refund_only'), shippedOrder, policy);
      expect(result.rule).not.toBe('unshipped-refund');
      expect(result.eligible).toBe(false);
    });

    it('is not the unshipped rule when the delivery arrived before the shipment event', () => {
      const deliveredFirst: Order = { ...paidOrder, status: 'delivered', deliveredAt };
      const result = assessEligibility(quality('2026-08-01T12:00:00+08:00', 'refund_only'), deliveredFirst, policy);
      expect(result).toMatchObject({ eligible: false, rule: 'quality-window' });
    });
  });

  describe('quality claims', () => {
    it('accepts a claim within 15 days of completion', () => {
      expect(assessEligibility(quality('2026-03-15T12:00:00+08:00'), completedOrder, policy)).toEqual({ eligible: true, rule: 'quality-window' });
      expect(assessEligibility(quality('2026-03-20T12:00:00+08:00'), completedOrder, policy).eligible).toBe(true);
    });

    it('refuses a claim past 15 days of completion, saying what the window is', () => {
      const result = assessEligibility(quality('2026-03-21T12:00:00+08:00'), completedOrder, policy);
      expect(result).toMatchObject({ eligible: false, rule: 'quality-window' });
      if (result.eligible) throw new Error('expected a refusal');
      expect(result.reason).toMatch(/within 15 days/);
      expect(result.reason).toMatch(/\b16 days after receipt/);
    });

    it('counts from delivery when the order is delivered but not yet completed', () => {
      // 16 days after delivery: past the window even though nothing was completed.
      expect(assessEligibility(quality('2026-03-19T12:00:00+08:00'), deliveredOrder, policy)).toMatchObject({ eligible: false, rule: 'quality-window' });
      expect(assessEligibility(quality('2026-03-17T12:00:00+08:00'), deliveredOrder, policy).eligible).toBe(true);
    });
  });

  it('refuses any request on a cancelled order', () => {
    for (const request of [noReason('2026-03-01T12:00:00+08:00', 'refund_only'), quality('2026-03-01T12:00:00+08:00')]) {
      expect(assessEligibility(request, cancelledOrder, policy)).toMatchObject({ eligible: false, rule: 'order-active' });
    }
  });

  it('refuses a request for an order the store does not know', () => {
    const result = assessEligibility(quality('2026-03-01T12:00:00+08:00'), undefined, policy);
    expect(result).toMatchObject({ eligible: false, rule: 'order-known' });
    if (result.eligible) throw new Error('expected a refusal');
    expect(result.reason.length).toBeGreaterThan(0);
  });
});

describe('assessEligibility with a store policy', () => {
  const custom: Policy = policySchema.parse({ returns: { noReasonReturnDays: 3, qualityReturnDays: 30 } });

  it('uses the store window for no-reason returns', () => {
    expect(assessEligibility(noReason('2026-03-06T12:00:00+08:00'), deliveredOrder, custom).eligible).toBe(true);
    const late = assessEligibility(noReason('2026-03-08T12:00:00+08:00'), deliveredOrder, custom);
    expect(late).toMatchObject({ eligible: false, rule: 'no-reason-window' });
    if (late.eligible) throw new Error('expected a refusal');
    expect(late.reason).toMatch(/within 3 days/);
    // The default policy would have accepted the same request.
    expect(assessEligibility(noReason('2026-03-08T12:00:00+08:00'), deliveredOrder, defaultPolicy()).eligible).toBe(true);
  });

  it('uses the store window for quality claims', () => {
    // 20 days after completion: refused by default, accepted by this store.
    const request = quality('2026-03-25T12:00:00+08:00');
    expect(assessEligibility(request, completedOrder, defaultPolicy()).eligible).toBe(false);
    expect(assessEligibility(request, completedOrder, custom)).toEqual({ eligible: true, rule: 'quality-window' });
    const late = assessEligibility(quality('2026-04-05T12:00:00+08:00'), completedOrder, custom);
    expect(late).toMatchObject({ eligible: false, rule: 'quality-window' });
    if (late.eligible) throw new Error('expected a refusal');
    expect(late.reason).toMatch(/within 30 days/);
  });

  it('a zero-day no-reason window refuses even the day after delivery', () => {
    const none: Policy = { ...defaultPolicy(), returns: { ...defaultPolicy().returns, noReasonReturnDays: 0 } };
    expect(assessEligibility(noReason('2026-03-04T12:00:00+08:00'), deliveredOrder, none).eligible).toBe(false);
  });
});
