/**
 * When reconciliation asks Ogone again about a transaction that is still open. Pure: the
 * simulation in test/integration/reconcile-volume.test.ts drives these same functions.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const clamp = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, Math.floor(value)));

/**
 * Still open at Ogone (`pending`, or an answer we could not use: timeout, HTTP error, refusal
 * other than "unknown order"): a quarter of its age, from 15 minutes to 6 hours. A payment waiting
 * at the bank or a passing outage is asked about again soon.
 */
export const nextCheckDelayMs = (ageMs: number): number => clamp(ageMs / 4, 15 * MINUTE, 6 * HOUR);

/**
 * Ogone has no such order: the shopper never submitted the payment page, which is what nearly
 * every such answer means (an abandoned checkout). A late payment is still possible while the
 * shopper's page is open, so it is asked about again, but the wait doubles with its age (from 15
 * minutes to 12 hours): about 11 queries over 72 hours instead of about 24.
 */
export const unknownOrderDelayMs = (ageMs: number): number => clamp(ageMs, 15 * MINUTE, 12 * HOUR);
