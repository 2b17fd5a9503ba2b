import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger for the service. Log lines carry references, PAYIDs, statuses and
 * outcomes; the signature path hands it nothing secret to begin with.
 */
export const logger = new Logger({ serviceName: 'ogone-feedback' });
