import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AfterSalesStack } from './stack.js';

const app = new App();
new AfterSalesStack(app, 'AfterSales', {
  timezone: app.node.tryGetContext('timezone') ?? 'Asia/Shanghai',
  // `-c sweepTimezones=Europe/Berlin,America/New_York`: stores there get their own 09:00 sweep.
  sweepTimezones: String(app.node.tryGetContext('sweepTimezones') ?? '').split(',').filter(Boolean),
  // `-c consoleUrl=https://console.example.com/`: the console hosted there signs in and calls the API.
  consoleUrl: app.node.tryGetContext('consoleUrl'),
  // `-c alarmEmail=ops@example.com`: who is mailed when an alarm goes off.
  alarmEmail: app.node.tryGetContext('alarmEmail'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// Every synth and deploy is checked as the tests check it: a finding nobody fixed or accepted stops it.
Aspects.of(app).add(new AwsSolutionsChecks());
app.synth();
