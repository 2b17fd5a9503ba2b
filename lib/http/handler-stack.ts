import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { metrics } from '../observability/metrics.js';
import { httpErrors } from './error-middleware.js';
import type { ResponseFormat } from './error-response.js';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The middleware every HTTP function shares: request-scoped log context, metrics flushed once per
 * invocation (after the error mapper has counted a refusal), then error mapping.
 */
export const httpHandler = (handler: HttpHandler, format: ResponseFormat) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(handler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(httpErrors(format));
