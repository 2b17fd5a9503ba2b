import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { flushMetrics } from '../observability/flush-metrics.js';
import { invocationLogContext } from '../observability/log-with-metrics.js';
import { logger } from '../observability/logger.js';
import { httpErrors } from './error-middleware.js';
import type { ResponseFormat } from './error-response.js';
import { DeadlineError } from './errors.js';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The middleware every HTTP function shares: request-scoped log context, metrics flushed once per
 * invocation when it counted any (after the error mapper has counted a refusal), then error
 * mapping.
 */
/**
 * Time kept back from the Lambda deadline to answer 503 (and flush logs and metrics) rather than
 * be killed mid-answer, which API Gateway would turn into a bare 500/503 of its own.
 */
const DEADLINE_MARGIN_MS = 300;

export const httpHandler = (handler: HttpHandler, format: ResponseFormat) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(handler, {
    timeoutEarlyInMillis: DEADLINE_MARGIN_MS,
    timeoutEarlyResponse: () => {
      throw new DeadlineError('The answer was not ready before the function deadline');
    },
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(invocationLogContext())
    .use(flushMetrics())
    .use(httpErrors(format));
