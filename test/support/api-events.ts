import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { httpApiEvent } from '../../scripts/lib/http-api-event.js';

export { httpApiEvent };

/** The feedback route's event, GET unless another method is given (most tests need no more). */
export const feedbackEvent = (
  options: Parameters<typeof httpApiEvent>[2] & { method?: string } = {},
): APIGatewayProxyEventV2 =>
  httpApiEvent(options.method ?? 'GET', '/payment/ogone/return', options);

export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'ogone-feedback-test-feedback',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:ogone-feedback-test-feedback',
  memoryLimitInMB: '512',
  awsRequestId: 'request',
  logGroupName: '/aws/lambda/ogone-feedback-test-feedback',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 6000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
