import { DirectLinkRefusedError } from './errors.js';

/**
 * NCERROR for an ORDERID Ogone has never seen (docs/protocol.md §6): for a registered reference,
 * the shopper never submitted Ogone's payment page.
 */
export const UNKNOWN_ORDER_NCERROR = '50001130';

/** Reconciliation asks about such an order less often than about one Ogone knows. */
export const isUnknownOrder = (error: unknown): boolean =>
  error instanceof DirectLinkRefusedError && error.context.ncError === UNKNOWN_ORDER_NCERROR;
