import { parseParameters } from '../../lib/ogone/parse-parameters.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { collectSignedParameters } from '../../lib/ogone/signed-parameters.js';
import { verifySignature } from '../../lib/ogone/verify.js';
import { BENCH_PASSPHRASE, signedFeedback } from './fixtures.js';
import { median, round } from './stats.js';

let sink = 0;

/** µs per call: `rounds` timed loops of `iterations` calls after a warm-up; median round. */
const measure = (fn: () => unknown, iterations: number, rounds: number): number => {
  for (let i = 0; i < Math.min(iterations, 5_000); i++) sink += fn() ? 1 : 0;
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) sink += fn() ? 1 : 0;
    results.push(((performance.now() - start) * 1000) / iterations);
  }
  return round(median(results), 2);
};

/**
 * The signature check alone (sha512, 13 parameters: `verifyMicros`) and the whole read of a
 * notification (parse, decode, verify), in-process, before anything else runs.
 */
export const verifyCost = (iterations: number, rounds = 3) => {
  const body = Buffer.from(signedFeedback('ORDER-2026-000123', '9'));
  const empty = Buffer.alloc(0);
  const signed = collectSignedParameters([parseParameters(empty), parseParameters(body)]);
  const shasign = signed.shasign ?? '';
  const passphrases = [BENCH_PASSPHRASE];
  if (!verifySignature(signed.parameters, shasign, passphrases, 'sha512')) {
    throw new Error('the bench feedback does not verify');
  }
  const keys = { passphrases, algorithm: 'sha512' as const };
  const result = {
    verifyMicros: measure(
      () => verifySignature(signed.parameters, shasign, passphrases, 'sha512'),
      iterations,
      rounds,
    ),
    readVerifiedNotificationMicros: measure(
      () => readVerifiedNotification({ query: empty, body }, keys),
      iterations,
      rounds,
    ),
  };
  if (sink < 0) console.log(sink);
  return result;
};
