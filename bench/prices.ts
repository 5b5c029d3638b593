/**
 * On-demand list prices, US East (N. Virginia), used to turn counted usage into dollars. Checked on
 * 2026-11-23 against stored copies of the pages named; where only secondary sources could be read the
 * entry says so — treat those as assumptions and re-check before quoting the figures.
 */
export const PRICES_CHECKED_ON = '2026-11-23';

export interface Price {
  usd: number;
  per: number;
  unit: string;
  source: string;
}

export const PRICES = {
  /** Standard workflows: every state entered is a transition, and so is every retry. */
  stepFunctionsTransition: {
    usd: 0.025,
    per: 1_000,
    unit: 'state transitions',
    source: 'https://aws.amazon.com/step-functions/pricing/ (Standard, us-east-1 $0.0250 per 1,000)',
  },
  /** After the on-demand price cut of 1 Nov 2024 (−50 %). */
  dynamoWrite: {
    usd: 0.625,
    per: 1_000_000,
    unit: 'write request units',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (figure read from secondary sources reporting the Nov 2024 cut)',
  },
  dynamoRead: {
    usd: 0.125,
    per: 1_000_000,
    unit: 'read request units',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (figure read from secondary sources reporting the Nov 2024 cut)',
  },
  lambdaRequest: {
    usd: 0.2,
    per: 1_000_000,
    unit: 'requests',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  /** Arm (Graviton), first tier; the stack runs every function on ARM64. */
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 1,
    unit: 'GB-seconds (Arm)',
    source: 'https://aws.amazon.com/lambda/pricing/ (Arm, first 7.5 billion GB-s a month)',
  },
  apiGatewayHttpRequest: {
    usd: 1.0,
    per: 1_000_000,
    unit: 'HTTP API requests',
    source: 'https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs, first 300 million a month)',
  },
  secretsManagerCall: {
    usd: 0.05,
    per: 10_000,
    unit: 'API calls',
    source: 'https://aws.amazon.com/secrets-manager/pricing/ (figure read from secondary sources)',
  },
} satisfies Record<string, Price>;

export const cost = (price: Price, quantity: number): number => (quantity * price.usd) / price.per;
