import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger for the service. Log lines carry references, PAYIDs, statuses and
 * outcomes; the signature path hands it nothing secret to begin with. The service name comes
 * from POWERTOOLS_SERVICE_NAME, which serverless.yml sets per stage.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'ogone-feedback',
});
