import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { count } from '../observability/metrics.js';
import { mapError, type ResponseFormat, renderError } from './error-response.js';

/**
 * Middy's http-error-handler pattern with our own table: any thrown error becomes its mapped
 * answer. Logged with the error's class, message and context fields, which name parameters and
 * references only.
 */
export const httpErrors = (
  format: ResponseFormat,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const { error } = request;
    const mapping = mapError(error);
    const details = {
      status: mapping.status,
      code: mapping.code,
      error: error?.name,
      reason: error?.message,
      context: (error as { context?: unknown } | null)?.context,
    };
    if (mapping.metric !== undefined) count(mapping.metric);
    if (mapping.expected) logger.info('Request refused', details);
    else logger.error('Request failed', { ...details, cause: (error?.cause as Error)?.name });
    request.response = renderError(mapping, format);
  },
});
