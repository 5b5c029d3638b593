import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ENV, requiredEnv } from '../shared/env.js';

/** A store's webhook secrets: the current one, and during a rotation the previous one until it expires. */
export interface WebhookSecretRecord {
  current: string;
  previous?: string;
  previousValidUntil?: string;
}

const secretsManager = new SecretsManagerClient({});
/** How long a function trusts the secrets it read; a failed check reads them again at once. */
const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { record: WebhookSecretRecord | undefined; readAt: number }>();

const secretName = (storeId: string) => `${requiredEnv(ENV.webhookSecretPrefix)}${storeId}`;

async function read(storeId: string): Promise<WebhookSecretRecord | undefined> {
  try {
    const { SecretString } = await secretsManager.send(new GetSecretValueCommand({ SecretId: secretName(storeId) }));
    return SecretString ? (JSON.parse(SecretString) as WebhookSecretRecord) : undefined;
  } catch (error) {
    if (error instanceof ResourceNotFoundException || (error instanceof Error && error.name === 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

/** The secrets that verify a delivery now, newest first. */
export function validSecrets(record: WebhookSecretRecord | undefined, now: Date): string[] {
  if (!record) return [];
  const previousValid = record.previous !== undefined && record.previousValidUntil !== undefined && Date.parse(record.previousValidUntil) > now.getTime();
  return previousValid ? [record.current, record.previous as string] : [record.current];
}

export async function webhookSecrets(storeId: string, now: Date, options: { fresh?: boolean } = {}): Promise<string[]> {
  const cached = cache.get(storeId);
  if (!options.fresh && cached && now.getTime() - cached.readAt < CACHE_MS) return validSecrets(cached.record, now);
  const record = await read(storeId);
  cache.set(storeId, { record, readAt: now.getTime() });
  return validSecrets(record, now);
}

/** The record after registering `secret`: a new secret keeps the old one valid for the rotation window. */
export function rotate(existing: WebhookSecretRecord | undefined, secret: string, rotationSeconds: number, now: Date): WebhookSecretRecord {
  if (!existing || existing.current === secret) return { ...existing, current: secret };
  return { current: secret, previous: existing.current, previousValidUntil: new Date(now.getTime() + rotationSeconds * 1000).toISOString() };
}

export async function storeWebhookSecret(storeId: string, secret: string, rotationSeconds: number, now: Date): Promise<void> {
  const existing = await read(storeId);
  const SecretString = JSON.stringify(rotate(existing, secret, rotationSeconds, now));
  if (existing) await secretsManager.send(new PutSecretValueCommand({ SecretId: secretName(storeId), SecretString }));
  else await secretsManager.send(new CreateSecretCommand({ Name: secretName(storeId), SecretString, Description: `Webhook secret of store ${storeId}` }));
  cache.delete(storeId);
}
