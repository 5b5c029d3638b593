import { Logger } from '@aws-lambda-powertools/logger';

/** One logger per function process, configured once (service name and level come from the environment). */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'after-sales' });
