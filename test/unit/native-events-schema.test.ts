import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nativeEventTypes } from '../../functions/webhooks/native-events.js';
import { nativeEventJsonSchema, SCHEMA_FILE } from '../../local/write-schemas.js';
import { PROCESS_FILE, returnsProcessMarkdown } from '../../local/process-doc.js';
import { caseTransitions } from '../../functions/returns/transitions.js';

describe('the published JSON Schema of native events', () => {
  it('is what the zod schemas generate (run `npm run schemas` after changing them)', () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(JSON.parse(JSON.stringify(nativeEventJsonSchema())));
  });

  it('describes every native event type, with the fields a sender must send', () => {
    const schema = nativeEventJsonSchema() as { $defs: Record<string, { required?: string[] }> };
    expect(Object.keys(schema.$defs)).toEqual(nativeEventTypes);
    expect(schema.$defs['aftersale.requested']?.required).toEqual(expect.arrayContaining(['requestId', 'orderId', 'type', 'reason', 'items', 'requestedAt']));
  });
});

describe('the published after-sales process', () => {
  it('is what the transition table generates (run `npm run schemas` after changing it)', () => {
    expect(readFileSync(PROCESS_FILE, 'utf8')).toBe(returnsProcessMarkdown());
  });

  it('lists every transition of the table', () => {
    const rows = returnsProcessMarkdown().split('\n').filter((line) => line.startsWith('| `') && line.split('|').length === 8);
    expect(rows).toHaveLength(caseTransitions.length);
  });
});
