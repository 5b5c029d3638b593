import { timingSafeEqual } from 'node:crypto';
import { ENV, requiredEnv } from '../shared/env.js';
import { unauthorized } from '../shared/errors.js';
import { header, type HttpEvent } from '../shared/http.js';

/** `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. */
export function requireAdmin(event: HttpEvent): void {
  const given = header(event, 'authorization');
  if (!given) throw unauthorized('the Authorization header is missing (Bearer <admin token>)');
  const match = /^Bearer\s+(.+)$/i.exec(given);
  const expected = Buffer.from(requiredEnv(ENV.adminToken));
  const token = Buffer.from(match?.[1] ?? '');
  if (token.length !== expected.length || !timingSafeEqual(token, expected)) throw unauthorized('the admin token is not valid');
}
