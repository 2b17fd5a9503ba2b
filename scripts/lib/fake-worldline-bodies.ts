import { randomUUID } from 'node:crypto';

/**
 * The JSON the local fake answers with, shaped like Worldline Direct's API reference examples
 * (docs/worldline.md, "The local fake"): only the fields the service reads and their neighbours.
 */

/** What a payment attempt looks like at Worldline for each legacy status code the fake plays. */
const PAYMENT_STATES = {
  0: { status: 'CREATED', statusCategory: 'CREATED', isAuthorized: false },
  1: { status: 'CANCELLED', statusCategory: 'UNSUCCESSFUL', isAuthorized: false },
  2: { status: 'REJECTED', statusCategory: 'UNSUCCESSFUL', isAuthorized: false },
  5: { status: 'PENDING_CAPTURE', statusCategory: 'PENDING_MERCHANT', isAuthorized: true },
  46: { status: 'REDIRECTED', statusCategory: 'PENDING_PAYMENT', isAuthorized: false },
  51: {
    status: 'AUTHORIZATION_REQUESTED',
    statusCategory: 'PENDING_CONNECT_OR_3RD_PARTY',
    isAuthorized: false,
  },
  8: { status: 'REFUNDED', statusCategory: 'REFUNDED', isAuthorized: false },
  9: { status: 'CAPTURED', statusCategory: 'COMPLETED', isAuthorized: true },
  91: {
    status: 'CAPTURE_REQUESTED',
    statusCategory: 'PENDING_CONNECT_OR_3RD_PARTY',
    isAuthorized: true,
  },
} as const;

export type FakeStatusCode = keyof typeof PAYMENT_STATES;

export const FAKE_STATUS_CODES = Object.keys(PAYMENT_STATES).map(Number) as FakeStatusCode[];

export const isFakeStatusCode = (code: number): code is FakeStatusCode =>
  Object.hasOwn(PAYMENT_STATES, code);

/** One hosted checkout as the fake keeps it. */
export interface FakeCheckout {
  readonly merchantId: string;
  readonly hostedCheckoutId: string;
  readonly returnMac: string;
  readonly merchantReference: string;
  /** Minor units, as Worldline takes and gives amounts. */
  readonly amount: number;
  readonly currencyCode: string;
  readonly returnUrl: string | undefined;
  payment: { readonly id: string; readonly statusCode: FakeStatusCode } | undefined;
  cancelledByConsumer: boolean;
}

export const paymentBody = (checkout: FakeCheckout) => {
  const payment = checkout.payment;
  if (payment === undefined) return undefined;
  const state = PAYMENT_STATES[payment.statusCode];
  return {
    id: payment.id,
    paymentOutput: {
      amountOfMoney: { amount: checkout.amount, currencyCode: checkout.currencyCode },
      references: { merchantReference: checkout.merchantReference },
      paymentMethod: 'card',
      cardPaymentMethodSpecificOutput: {
        paymentProductId: 1,
        card: { cardNumber: '************1111', expiryDate: '1230' },
      },
    },
    status: state.status,
    statusOutput: {
      isCancellable: state.status === 'PENDING_CAPTURE',
      statusCategory: state.statusCategory,
      statusCode: payment.statusCode,
      isAuthorized: state.isAuthorized,
      isRefundable: state.status === 'CAPTURED',
    },
  };
};

export const hostedCheckoutBody = (checkout: FakeCheckout) => {
  const payment = paymentBody(checkout);
  if (payment === undefined) {
    return { status: checkout.cancelledByConsumer ? 'CANCELLED_BY_CONSUMER' : 'IN_PROGRESS' };
  }
  return {
    createdPaymentOutput: {
      payment,
      paymentStatusCategory: PAYMENT_STATES[checkout.payment?.statusCode ?? 0].statusCategory,
    },
    status: 'PAYMENT_CREATED',
  };
};

/** Where Worldline's hosted checkout page for one checkout is, under its host (and the fake's). */
export const CHECKOUT_PAGE_PATH = '/hostedcheckout/PaymentMethods/Selection/';

/** The redirect Worldline answers a creation with: its host, then a per-checkout path. */
export const createdBody = (checkout: FakeCheckout, base: string) => {
  const partialRedirectUrl = `preprod.direct.worldline-solutions.com${CHECKOUT_PAGE_PATH}${checkout.hostedCheckoutId}`;
  return {
    RETURNMAC: checkout.returnMac,
    hostedCheckoutId: checkout.hostedCheckoutId,
    merchantReference: checkout.merchantReference,
    partialRedirectUrl,
    // The fake's own page (fake-worldline-page.ts), where a browser "pays".
    redirectUrl: `${base}${CHECKOUT_PAGE_PATH}${checkout.hostedCheckoutId}`,
  };
};

/**
 * Where Worldline sends the shopper's browser back after the hosted page: the returnUrl given at
 * creation, with `hostedCheckoutId` and `RETURNMAC` appended to its query as it stands (the
 * returnUrl's own parameters are kept byte for byte, never re-encoded).
 */
export const returnLocation = (
  returnUrl: string,
  hostedCheckoutId: string,
  returnMac: string,
): string => {
  const [beforeFragment = ''] = returnUrl.split('#', 1);
  const separator = !beforeFragment.includes('?')
    ? '?'
    : beforeFragment.endsWith('?') || beforeFragment.endsWith('&')
      ? ''
      : '&';
  return `${beforeFragment}${separator}hostedCheckoutId=${encodeURIComponent(hostedCheckoutId)}&RETURNMAC=${encodeURIComponent(returnMac)}`;
};

/** Worldline's error body: an errorId for support, and one entry per error. */
export const errorBody = (
  httpStatusCode: number,
  id: string,
  code: string,
  propertyName?: string,
) => ({
  errorId: randomUUID(),
  errors: [
    {
      errorCode: code,
      category: httpStatusCode >= 500 ? 'IO_ERROR' : 'DIRECT_PLATFORM_ERROR',
      code,
      httpStatusCode,
      id,
      message: id,
      ...(propertyName === undefined ? {} : { propertyName }),
      retriable: httpStatusCode >= 500,
    },
  ],
  status: httpStatusCode,
});
