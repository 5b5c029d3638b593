import { Logger } from '@aws-lambda-powertools/logger';
import { maskPersonalData } from './personal-data.js';

/**
 * One logger per function process, configured once (service name and level come from the environment). Every
 * field of every entry, the message and logged errors included, goes through the masking of personal data on its
 * way out, so no call site has to remember it.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'after-sales', jsonReplacerFn: maskPersonalData });
