import { App } from 'aws-cdk-lib';
import { AfterSalesStack } from './stack.js';

const app = new App();
new AfterSalesStack(app, 'AfterSales', {
  timezone: app.node.tryGetContext('timezone') ?? 'Asia/Shanghai',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
