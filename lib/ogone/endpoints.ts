/** Ogone's URLs per environment (docs/protocol.md §6), chosen by OGONE_ENVIRONMENT. */
export const OGONE_ENDPOINTS = {
  test: {
    hostedPaymentPage: 'https://ogone.test.v-psp.com/ncol/test/orderstandard_utf8.asp',
    directLinkPayment: 'https://ogone.test.v-psp.com/ncol/test/orderdirect_utf8.asp',
    directLinkQuery: 'https://ogone.test.v-psp.com/ncol/test/querydirect_utf8.asp',
  },
  prod: {
    hostedPaymentPage: 'https://secure.ogone.com/ncol/prod/orderstandard_utf8.asp',
    directLinkPayment: 'https://secure.ogone.com/ncol/prod/orderdirect_utf8.asp',
    directLinkQuery: 'https://secure.ogone.com/ncol/prod/querydirect_utf8.asp',
  },
} as const;

export type OgoneEnvironmentName = keyof typeof OGONE_ENDPOINTS;
