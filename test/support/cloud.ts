import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { CloudFormationTemplate } from '../../cdk/synth.js';
import { LocalCloud, type LocalCloudOptions } from '../../local/cloud.js';

/** A local cloud on the run's shared DynamoDB Local, with tables of its own. */
export async function startTestCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  return LocalCloud.start({
    dynamoEndpoint: inject('dynamoEndpoint'),
    template: JSON.parse(readFileSync(inject('templateFile'), 'utf8')) as CloudFormationTemplate,
    tablePrefix: `t${randomBytes(4).toString('hex')}-`,
    adminToken: 'test-admin-token',
    ...options,
  });
}

export const TERMINAL = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
