import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { httpErrors } from './error-middleware.js';
import type { ResponseFormat } from './error-response.js';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The middleware every HTTP function shares: request-scoped log context, then error mapping. */
export const httpHandler = (handler: HttpHandler, format: ResponseFormat) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(handler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrors(format));
