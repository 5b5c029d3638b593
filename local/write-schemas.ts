import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../cdk/app-function.js';
import { nativeEventData, nativeEventTypes } from '../functions/webhooks/native-events.js';
import { PROCESS_FILE, returnsProcessMarkdown } from './process-doc.js';

/**
 * The JSON Schema of the native webhook envelope and of every event's `data`, generated from the zod
 * schemas the ingest validates with, for storefront developers to integrate from.
 */
export function nativeEventJsonSchema(): Record<string, unknown> {
  const events = Object.fromEntries(nativeEventTypes.map((type) => [type, z.toJSONSchema(nativeEventData[type], { io: 'input' })]));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Native webhook event',
    description: 'POST /webhooks/{storeId} with X-Event-Id and X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>',
    type: 'object',
    required: ['id', 'type', 'occurredAt', 'data'],
    properties: {
      id: { type: 'string', minLength: 1, maxLength: 128, description: 'the same as X-Event-Id; a repeated id is a duplicate' },
      type: { enum: nativeEventTypes },
      occurredAt: { type: 'string', format: 'date-time' },
      data: { description: 'the schema under $defs named by `type`' },
    },
    oneOf: nativeEventTypes.map((type) => ({ properties: { type: { const: type }, data: { $ref: `#/$defs/${type}` } } })),
    $defs: events,
  };
}

export const SCHEMA_FILE = path.join(projectRoot, 'docs', 'native-events.schema.json');

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, 'local', 'write-schemas.ts')) {
  writeFileSync(SCHEMA_FILE, `${JSON.stringify(nativeEventJsonSchema(), null, 2)}\n`);
  writeFileSync(PROCESS_FILE, returnsProcessMarkdown());
  process.stdout.write(`wrote ${path.relative(projectRoot, SCHEMA_FILE)} and ${path.relative(projectRoot, PROCESS_FILE)}\n`);
}
