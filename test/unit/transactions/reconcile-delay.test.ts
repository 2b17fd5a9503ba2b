import { describe, expect, it } from 'vitest';
import { nextCheckDelayMs } from '../../../lib/transactions/reconcile-schedule.js';

const MINUTE = 60_000;

describe('nextCheckDelayMs', () => {
  it.each([
    [10 * MINUTE, 15 * MINUTE],
    [2 * 60 * MINUTE, 30 * MINUTE],
    [8 * 60 * MINUTE, 2 * 60 * MINUTE],
    [48 * 60 * MINUTE, 6 * 60 * MINUTE],
  ])('asks again about a transaction %i ms old after %i ms', (age, delay) => {
    expect(nextCheckDelayMs(age)).toBe(delay);
  });
});
