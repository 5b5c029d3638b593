import { createHmac, timingSafeEqual } from 'node:crypto';

export const REPLAY_WINDOW_SECONDS = 300;

export function signNative(secret: string, timestamp: number, rawBody: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Verifies `X-Signature: t=<unix seconds>,v1=<hex>`; any v1 may match (several during a secret rotation). */
export function verifyNative(header: string | undefined, secret: string, rawBody: Buffer, now: Date): SignatureCheck {
  if (!header) return { ok: false, reason: 'the X-Signature header is missing' };
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = parts.find(([key]) => key === 't')?.[1];
  const candidates = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (!t || !/^\d+$/.test(t) || candidates.length === 0) {
    return { ok: false, reason: 'the X-Signature header must look like t=<unix seconds>,v1=<hex hmac>' };
  }
  const skew = Math.abs(now.getTime() / 1000 - Number(t));
  if (skew > REPLAY_WINDOW_SECONDS) {
    return { ok: false, reason: `the signature timestamp is ${Math.round(skew)} s away from the server clock (limit ${REPLAY_WINDOW_SECONDS} s)` };
  }
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex'), 'utf8');
  const matches = candidates.some((candidate) => {
    const given = Buffer.from(candidate, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'the signature does not match the body' };
}
