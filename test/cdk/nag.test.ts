import { App, Aspects, type Environment } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { STACK_NAME } from '../../cdk/synth.js';
import { AfterSalesStack } from '../../cdk/stack.js';

describe('the AfterSales stack under cdk-nag AwsSolutions', () => {
  // Environment-agnostic as the tests and the local cloud synthesize it, and with the account and region a
  // deployment knows (`npm run synth` and `cdk deploy` put them into ARNs).
  it.each<[string, Environment | undefined]>([
    ['environment-agnostic', undefined],
    ['in an account and region', { account: '123456789012', region: 'us-east-1' }],
  ])('has no finding that is neither fixed nor accepted with a reason in cdk/nag-suppressions.ts (%s)', (_, env) => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new AfterSalesStack(app, STACK_NAME, { env });
    Aspects.of(app).add(new AwsSolutionsChecks());
    const annotations = Annotations.fromStack(stack);
    const findings = [
      ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ].map((finding) => `${finding.id}: ${String(finding.entry.data).split('\n')[0]}`);
    expect(findings).toEqual([]);
  });
});
