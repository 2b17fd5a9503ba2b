import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Config } from '../config.js';
import type { PaymentRequestSettings } from '../transactions/payment-request-for.js';

export const FEEDBACK_PATH = '/payment/ogone/return';

/**
 * Where Ogone must send the shopper and its feedback: PUBLIC_BASE_URL when set (a custom domain,
 * a base path), else the domain this IAM-authenticated request reached, which is the API's own.
 */
export const paymentRequestSettings = (
  config: Config,
  event: APIGatewayProxyEventV2,
): PaymentRequestSettings => {
  const base = config.publicBaseUrl ?? `https://${event.requestContext.domainName}`;
  return {
    pspId: config.pspId,
    hostedPaymentPageUrl: config.hostedPaymentPageUrl,
    returnUrl: `${base}${FEEDBACK_PATH}`,
    shaInPassphrase: config.shaInPassphrase,
    algorithm: config.hashAlgorithm,
  };
};
