import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AfterSalesStack } from './stack.js';

const app = new App();
new AfterSalesStack(app, 'AfterSales', {
  timezone: app.node.tryGetContext('timezone') ?? 'Asia/Shanghai',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// Every synth and deploy is checked as the tests check it: a finding nobody fixed or accepted stops it.
Aspects.of(app).add(new AwsSolutionsChecks());
app.synth();
