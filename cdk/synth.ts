import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { AfterSalesStack, type AfterSalesStackProps } from './stack.js';

export type CloudFormationTemplate = {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
  Parameters?: Record<string, { Type: string; Default?: string }>;
};

export const STACK_NAME = 'AfterSales';

/**
 * Synthesizes the stack in-process and returns its CloudFormation template: the local cloud and the CDK
 * tests read the same template a deployment uses. Bundling is skipped unless asked for, since only
 * `cdk deploy` needs the bundles.
 */
export function synthesizeTemplate(options: { bundle?: boolean; props?: AfterSalesStackProps } = {}): CloudFormationTemplate {
  const outdir = mkdtempSync(path.join(tmpdir(), 'after-sales-synth-'));
  try {
    const app = new App({ outdir, context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] } });
    const stack = new AfterSalesStack(app, STACK_NAME, options.props);
    return app.synth().getStackArtifact(stack.artifactId).template as CloudFormationTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
