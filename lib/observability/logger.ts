import { Logger } from '@aws-lambda-powertools/logger';

/** POWERTOOLS_SERVICE_NAME, set per stage by serverless.yml: every log line's `service`. */
export const SERVICE_NAME = process.env.POWERTOOLS_SERVICE_NAME ?? 'ogone-feedback';

/**
 * One structured JSON logger for the service. Log lines carry references, PAYIDs, statuses and
 * outcomes; the signature path hands it nothing secret to begin with. The service name comes
 * from POWERTOOLS_SERVICE_NAME, which serverless.yml sets per stage.
 */
export const logger = new Logger({
  serviceName: SERVICE_NAME,
});
