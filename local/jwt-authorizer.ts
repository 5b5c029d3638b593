import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What the local cloud's tokens say, as a Cognito ID token would: who, in which groups, for which stores. */
export const tokenRequestSchema = z
  .object({
    sub: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'an agent id is 1 to 64 letters, digits or . _ @ -'),
    groups: z.array(z.enum(['admin', 'supervisor', 'agent'])).min(1),
    storeIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)).default([]),
    expiresInSeconds: z.number().int().min(1).max(86_400).default(3_600),
  })
  .strict();
export type TokenRequest = z.input<typeof tokenRequestSchema>;

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * API Gateway's JWT authorizer on one machine. In AWS a Cognito user pool issues the tokens and the HTTP API checks
 * them before the admin function runs, handing it the claims; locally the admin token stands for an administrator
 * (the local cloud's contract), and any other bearer must be a token this local cloud issued (HS256, keyed by the
 * admin token, so tokens outlive a restart) and not yet expired. Claims reach the function as the HTTP API passes
 * them: strings, a list as "[a b]".
 */
export class LocalJwtAuthorizer {
  private readonly key: Buffer;

  constructor(private readonly adminToken: string) {
    this.key = createHash('sha256').update(`local-jwt\u0000${adminToken}`).digest();
  }

  issue(request: TokenRequest, now: Date): { token: string; expiresAt: string } {
    const { sub, groups, storeIds, expiresInSeconds } = tokenRequestSchema.parse(request);
    const iat = Math.floor(now.getTime() / 1000);
    const payload = { sub, 'cognito:username': sub, 'cognito:groups': groups, 'custom:storeIds': storeIds.join(','), iss: 'local-cloud', aud: 'local-console', iat, exp: iat + expiresInSeconds };
    const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
    return { token: `${unsigned}.${this.sign(unsigned)}`, expiresAt: new Date((iat + expiresInSeconds) * 1000).toISOString() };
  }

  /** The claims of a valid bearer, or undefined (API Gateway then answers 401 without calling the function). */
  authorize(authorization: string | undefined, now: Date): Record<string, string> | undefined {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    if (!bearer) return undefined;
    if (this.matches(bearer, this.adminToken)) return { sub: 'admin', 'cognito:username': 'admin', 'cognito:groups': '[admin]', 'custom:storeIds': '' };
    const [header, payload, signature] = bearer.split('.');
    if (!header || !payload || !signature || !this.matches(signature, this.sign(`${header}.${payload}`))) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) return undefined;
    return Object.fromEntries(Object.entries(claims).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]));
  }

  private sign(unsigned: string): string {
    return createHmac('sha256', this.key).update(unsigned).digest('base64url');
  }

  private matches(given: string, expected: string): boolean {
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
