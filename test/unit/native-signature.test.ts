import { createHmac } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import type { z } from 'zod';
import { nativeEventData, nativeEventSchema, nativeEventTypes, type NativeEventType } from '../../functions/webhooks/native-events.js';
import { signNative, verifyNative } from '../../functions/webhooks/native-signature.js';

const SECRET = 'whsec_test_secret';
const T = 1767225600; // 2026-01-01T00:00:00Z
const BODY = '{"id":"evt_1","type":"order.paid"}';
const at = (seconds: number) => new Date(seconds * 1000);

/** The contract's signature, computed here without the product code: hex HMAC-SHA256 of "<t>.<raw body>". */
const hmacHex = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

describe('signNative', () => {
  it('matches an independently computed HMAC and a fixed vector', () => {
    const expected = hmacHex(SECRET, T, BODY);
    expect(signNative(SECRET, T, BODY)).toBe(`t=${T},v1=${expected}`);
    // Computed with: printf '%s' '1767225600.{"id":"evt_1","type":"order.paid"}' | openssl dgst -sha256 -hmac whsec_test_secret
    expect(expected).toBe('b2d18c7c1f634920fc8b3b485608363ec2bd6d51e2516d6d955366622ccd74f6');
    expect(signNative(SECRET, T, Buffer.from(BODY))).toBe(`t=${T},v1=${expected}`);
  });
});

describe('verifyNative', () => {
  const body = Buffer.from(BODY);
  const header = `t=${T},v1=${hmacHex(SECRET, T, BODY)}`;

  it('accepts the right signature', () => {
    expect(verifyNative(header, SECRET, body, at(T))).toEqual({ ok: true });
    expect(verifyNative(signNative(SECRET, T, BODY), SECRET, body, at(T + 10))).toEqual({ ok: true });
  });

  it('refuses a wrong secret', () => {
    expect(verifyNative(header, 'another-secret', body, at(T))).toMatchObject({ ok: false });
  });

  it('refuses a tampered body', () => {
    expect(verifyNative(header, SECRET, Buffer.from(BODY.replace('evt_1', 'evt_2')), at(T))).toMatchObject({ ok: false });
    expect(verifyNative(header, SECRET, Buffer.from(`${BODY} `), at(T))).toMatchObject({ ok: false });
  });

  it('refuses a missing header', () => {
    const result = verifyNative(undefined, SECRET, body, at(T));
    expect(result.ok).toBe(false);
    expect(result).toHaveProperty('reason', expect.stringMatching(/missing/));
    expect(verifyNative('', SECRET, body, at(T)).ok).toBe(false);
  });

  it.each([
    ['no timestamp', `v1=${hmacHex(SECRET, T, BODY)}`],
    ['no signature', `t=${T}`],
    ['a non-numeric timestamp', `t=soon,v1=${hmacHex(SECRET, T, BODY)}`],
    ['a negative timestamp', `t=-${T},v1=${hmacHex(SECRET, T, BODY)}`],
    ['an empty v1', `t=${T},v1=`],
    ['something else entirely', 'sha256=deadbeef'],
    ['a truncated signature', `t=${T},v1=${hmacHex(SECRET, T, BODY).slice(0, 32)}`],
  ])('refuses a malformed header: %s', (_label, malformed) => {
    expect(verifyNative(malformed, SECRET, body, at(T))).toMatchObject({ ok: false });
  });

  it('refuses a timestamp 301 s away and accepts one 299 s away, in both directions', () => {
    expect(verifyNative(header, SECRET, body, at(T + 301))).toMatchObject({ ok: false });
    expect(verifyNative(header, SECRET, body, at(T - 301))).toMatchObject({ ok: false });
    expect(verifyNative(header, SECRET, body, at(T + 299))).toEqual({ ok: true });
    expect(verifyNative(header, SECRET, body, at(T - 299))).toEqual({ ok: true });
  });

  it('accepts either of two v1 values during a secret rotation', () => {
    const oldSecret = 'whsec_old';
    const newSecret = 'whsec_new';
    const rotating = `t=${T},v1=${hmacHex(oldSecret, T, BODY)},v1=${hmacHex(newSecret, T, BODY)}`;
    expect(verifyNative(rotating, oldSecret, body, at(T))).toEqual({ ok: true });
    expect(verifyNative(rotating, newSecret, body, at(T))).toEqual({ ok: true });
    expect(verifyNative(rotating, 'whsec_other', body, at(T))).toMatchObject({ ok: false });
    // With spaces after the commas, too.
    const spaced = `t=${T}, v1=${hmacHex(oldSecret, T, BODY)}, v1=${hmacHex(newSecret, T, BODY)}`;
    expect(verifyNative(spaced, newSecret, body, at(T))).toEqual({ ok: true });
  });
});

type DataInput = { [T in NativeEventType]: z.input<(typeof nativeEventData)[T]> };

/** One minimal valid `data` per event type, written from CONTRACT.md. */
const minimalData: DataInput = {
  'order.created': {
    orderId: 'o-1',
    buyer: { id: 'b-1' },
    items: [{ sku: 'SKU-1', name: 'Shirt', quantity: 1, unitPrice: 9900 }],
    total: 9900,
    placedAt: '2026-03-01T10:00:00+08:00',
  },
  'order.paid': { orderId: 'o-1', paidAt: '2026-03-01T10:05:00+08:00' },
  'order.shipped': { orderId: 'o-1', carrier: 'SF Express', trackingNo: 'SF1', shippedAt: '2026-03-02T09:00:00+08:00' },
  'order.delivered': { orderId: 'o-1', deliveredAt: '2026-03-03T12:00:00+08:00' },
  'order.completed': { orderId: 'o-1', completedAt: '2026-03-05T12:00:00Z' },
  'order.cancelled': { orderId: 'o-1', cancelledAt: '2026-03-01T11:00:00+08:00' },
  'order.refunded': { orderId: 'o-1', refundId: 'rf-1', amount: 9900, refundedAt: '2026-03-06T12:00:00+08:00' },
  'logistics.updated': { trackingNo: 'SF1', status: 'in_transit', at: '2026-03-02T12:00:00+08:00' },
  'aftersale.requested': {
    requestId: 'r-1',
    orderId: 'o-1',
    type: 'return_refund',
    reason: 'quality',
    items: [{ sku: 'SKU-1', quantity: 1 }],
    requestedAt: '2026-03-04T12:00:00+08:00',
  },
  'aftersale.return_shipped': { requestId: 'r-1', carrier: 'YTO', trackingNo: 'YT1', shippedAt: '2026-03-05T12:00:00+08:00' },
  'aftersale.cancelled': { requestId: 'r-1', cancelledAt: '2026-03-05T12:00:00+08:00' },
  'aftersale.decided': { requestId: 'r-1', decision: 'approve', decidedAt: '2026-03-05T13:00:00+08:00' },
  'aftersale.closed': { requestId: 'r-1', closedAt: '2026-03-06T13:00:00+08:00' },
  'aftersale.revised': { requestId: 'r-1', amount: 5000, revisedAt: '2026-03-05T14:00:00+08:00' },
  'aftersale.escalated': { requestId: 'r-1', escalatedAt: '2026-03-05T14:00:00+08:00' },
  'aftersale.ruled': { requestId: 'r-1', ruling: 'for_buyer', ruledAt: '2026-03-07T14:00:00+08:00' },
  'invoice.requested': { orderId: 'o-1', kind: 'personal', title: 'Li Lei', requestedAt: '2026-03-01T10:10:00+08:00' },
  'invoice.confirmed': { orderId: 'o-1', confirmedAt: '2026-03-08T10:10:00+08:00' },
  'perk.requested': { requestId: 'p-1', orderId: 'o-1', kind: 'gift', value: 1000, requestedAt: '2026-03-01T10:10:00+08:00' },
  'review.posted': { reviewId: 'v-1', orderId: 'o-1', rating: 2, text: 'Seams came apart', postedAt: '2026-03-06T12:00:00+08:00' },
  'complaint.opened': { complaintId: 'c-1', buyerId: 'b-1', severity: 'major', text: 'No answer for two days', openedAt: '2026-03-06T12:00:00+08:00' },
  'message.received': { buyerId: 'b-1', text: 'TD', receivedAt: '2026-03-08T10:00:00+08:00' },
  'satisfaction.rated': { buyerId: 'b-1', score: 4, ratedAt: '2026-03-08T10:00:00+08:00' },
  'customer.updated': { buyerId: 'b-1' },
};

const envelopeOf = (type: string, data: unknown) => ({ id: `evt-${type}`, type, occurredAt: '2026-03-06T12:00:00+08:00', data });

describe('nativeEventSchema', () => {
  it('has a hand-written example for every native event type', () => {
    expect(Object.keys(minimalData).sort()).toEqual([...nativeEventTypes].sort());
    // The contract's 14 types and ten extensions (order.refunded, aftersale.decided/revised/escalated/ruled/closed, invoice.confirmed, perk.requested,
    // message.received, satisfaction.rated).
    expect(nativeEventTypes).toHaveLength(24);
  });

  it.each(nativeEventTypes)('parses a minimal valid %s', (type) => {
    const result = nativeEventSchema.safeParse(envelopeOf(type, minimalData[type]));
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    expect(result.data?.type).toBe(type);
    expect(result.data?.data).toMatchObject(minimalData[type]);
  });

  it.each([
    ['order.paid', { orderId: 'o-1', paidAt: 'yesterday' }, ['data', 'paidAt']],
    ['order.paid', { orderId: 'o-1', paidAt: '2026-03-01T10:05:00' }, ['data', 'paidAt']],
    ['order.created', { ...minimalData['order.created'], total: 99.5 }, ['data', 'total']],
    ['order.created', { ...minimalData['order.created'], items: [] }, ['data', 'items']],
    ['order.created', { ...minimalData['order.created'], buyer: {} }, ['data', 'buyer', 'id']],
    ['review.posted', { ...minimalData['review.posted'], rating: 6 }, ['data', 'rating']],
    ['logistics.updated', { ...minimalData['logistics.updated'], status: 'lost' }, ['data', 'status']],
    ['aftersale.requested', { ...minimalData['aftersale.requested'], evidence: ['not a url'] }, ['data', 'evidence', 0]],
  ] as const)('refuses an invalid %s data field with an issue under data', (type, data, expectedPath) => {
    const result = nativeEventSchema.safeParse(envelopeOf(type, data));
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path) ?? [];
    expect(paths.length).toBeGreaterThan(0);
    for (const issuePath of paths) expect(issuePath[0]).toBe('data');
    expect(paths).toContainEqual([...expectedPath]);
  });

  it('refuses data that is missing altogether', () => {
    const result = nativeEventSchema.safeParse({ id: 'evt-1', type: 'order.paid', occurredAt: '2026-03-06T12:00:00+08:00' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe('data');
  });

  it('refuses an unknown type', () => {
    const result = nativeEventSchema.safeParse(envelopeOf('order.exploded', { orderId: 'o-1' }));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(['type']);
  });

  it('refuses an envelope id with spaces', () => {
    const result = nativeEventSchema.safeParse({ ...envelopeOf('order.paid', minimalData['order.paid']), id: 'evt 1' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(['id']);
  });
});
