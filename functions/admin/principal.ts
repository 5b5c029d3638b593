import { z } from 'zod';
import { forbidden, unauthorized } from '../shared/errors.js';
import type { HttpEvent } from '../shared/http.js';

export const adminGroups = ['admin', 'supervisor', 'agent'] as const;
export type AdminGroup = (typeof adminGroups)[number];

/** Who is calling the admin API, from where: what every authorisation check and every audit entry is made of. */
export interface Principal {
  id: string;
  groups: AdminGroup[];
  /** The stores an agent or supervisor works for; an administrator works for every store. */
  storeIds: string[];
  sourceIp: string;
  userAgent: string;
}

/** A list claim as the HTTP API passes it ("[a b]"), or as a plain or comma-separated string. */
const listClaim = (value: string | undefined) =>
  (value ?? '')
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);

const claimsSchema = z.object({
  sub: z.string().min(1),
  'cognito:username': z.string().min(1).optional(),
  'cognito:groups': z.string().optional(),
  'custom:storeIds': z.string().optional(),
});

/**
 * The caller, from the claims the HTTP API's JWT authorizer checked (a Cognito ID token in AWS; the local cloud's
 * authorizer locally). A request without them never passed the authorizer: 401.
 */
export function principalOf(event: HttpEvent): Principal {
  const context = event.requestContext as HttpEvent['requestContext'] & { authorizer?: { jwt?: { claims?: unknown } } };
  const parsed = claimsSchema.safeParse(context.authorizer?.jwt?.claims);
  if (!parsed.success) throw unauthorized('sign in first: the request carries no verified identity');
  const claims = parsed.data;
  return {
    id: claims['cognito:username'] ?? claims.sub,
    groups: listClaim(claims['cognito:groups']).filter((group): group is AdminGroup => (adminGroups as readonly string[]).includes(group)),
    storeIds: listClaim(claims['custom:storeIds']),
    sourceIp: event.requestContext.http.sourceIp,
    userAgent: event.requestContext.http.userAgent,
  };
}

export const isAdministrator = (principal: Principal) => principal.groups.includes('admin');

/** An agent sees and decides only their stores' work. */
export function requireStore(principal: Principal, storeId: string): void {
  if (isAdministrator(principal)) return;
  if (principal.groups.length === 0) throw forbidden(`"${principal.id}" belongs to no group of the admin API`);
  if (!principal.storeIds.includes(storeId)) throw forbidden(`"${principal.id}" does not work for store "${storeId}"`);
}

export function requireAdministrator(principal: Principal, what: string): void {
  if (!isAdministrator(principal)) throw forbidden(`only an administrator may ${what}`);
}
