import { createHash } from 'node:crypto';
import { parseParameters } from '../../lib/ogone/parse-parameters.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { computeSignature } from '../../lib/ogone/sign.js';
import { collectSignedParameters } from '../../lib/ogone/signed-parameters.js';
import { verifySignature } from '../../lib/ogone/verify.js';
import { feedbackParams } from '../../test/support/feedback-requests.js';
import { signedFeedback } from './fixtures.js';
import { median, round } from './stats.js';

export interface VerifyCostResult {
  readonly parameters: number;
  readonly formBytes: number;
  readonly iterations: number;
  readonly rounds: number;
  /** µs per call, median of the rounds. */
  readonly verifySignatureMicros: number;
  readonly verifySignatureRoundsMicros: readonly number[];
  readonly readVerifiedNotificationMicros: number;
  readonly computeSignatureMicros: number;
  /** One sha512 over the same pre-image, as one buffer: the cost of the hash alone. */
  readonly bareSha512Micros: number;
  /** Signed with the previous passphrase during a rotation: two hashes. */
  readonly verifyPreviousPassphraseMicros: number;
  /**
   * A candidate fix, measured: the same construction (filter, sort, NAME=value+passphrase) built
   * into one buffer and hashed with a single update, instead of four update calls per pair.
   */
  readonly singleUpdateSignatureMicros: number;
}

const EQUALS = Buffer.from('=');

/** computeSignature's construction with one hash update; must give the same hex. */
const singleUpdateSignature = (
  parameters: readonly { readonly name: string; readonly value: Uint8Array }[],
  passphrase: string,
): string => {
  const secret = Buffer.from(passphrase, 'utf8');
  const kept = parameters
    .filter((parameter) => parameter.value.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts: Uint8Array[] = [];
  for (const parameter of kept) {
    parts.push(Buffer.from(parameter.name, 'latin1'), EQUALS, parameter.value, secret);
  }
  return createHash('sha512').update(Buffer.concat(parts)).digest('hex').toUpperCase();
};

let sink = 0;

/** µs per call: `rounds` timed loops of `iterations` calls after a warm-up; median round. */
const measure = (fn: () => unknown, iterations: number, rounds: number): number[] => {
  for (let i = 0; i < Math.min(iterations, 5_000); i++) sink += fn() ? 1 : 0;
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink += fn() ? 1 : 0;
    results.push(Number(process.hrtime.bigint() - start) / 1_000 / iterations);
  }
  return results;
};

/** `iterations` for the headline figure; the secondary figures use a quarter of them. */
export const verifyCost = (iterations: number, rounds: number): VerifyCostResult => {
  const secondary = Math.max(1_000, Math.round(iterations / 4));
  const passphrase = 'bench-sha-out-passphrase-0123456';
  const previous = 'bench-previous-passphrase-654321';
  const params = feedbackParams('ORDER-2026-000123', '9');
  const form = signedFeedback('ORDER-2026-000123', '9', passphrase);
  const body = Buffer.from(form);
  const empty = Buffer.alloc(0);
  const signed = collectSignedParameters([parseParameters(empty), parseParameters(body)]);
  const shasign = signed.shasign ?? '';
  if (!verifySignature(signed.parameters, shasign, [passphrase], 'sha512')) {
    throw new Error('the benchmark feedback does not verify');
  }
  const keys = { passphrases: [passphrase], algorithm: 'sha512' as const };
  const preimage = Buffer.concat(
    [...signed.parameters]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((p) => [Buffer.from(`${p.name}=`, 'latin1'), p.value, Buffer.from(passphrase)]),
  );
  const verifyRounds = measure(
    () => verifySignature(signed.parameters, shasign, [passphrase], 'sha512'),
    iterations,
    rounds,
  );
  const read = measure(
    () => readVerifiedNotification({ query: empty, body }, keys),
    iterations,
    rounds,
  );
  const compute = measure(
    () => computeSignature(signed.parameters, passphrase, 'sha512'),
    secondary,
    rounds,
  );
  const bare = measure(
    () => createHash('sha512').update(preimage).digest('hex'),
    secondary,
    rounds,
  );
  const rotation = measure(
    () => verifySignature(signed.parameters, shasign, [previous, passphrase], 'sha512'),
    secondary,
    rounds,
  );
  if (singleUpdateSignature(signed.parameters, passphrase) !== shasign.toUpperCase()) {
    throw new Error('the single-update construction does not reproduce SHASIGN');
  }
  const single = measure(
    () => singleUpdateSignature(signed.parameters, passphrase),
    secondary,
    rounds,
  );
  if (sink < 0) console.log(sink);
  return {
    parameters: Object.keys(params).length,
    formBytes: body.length,
    iterations,
    rounds,
    verifySignatureMicros: round(median(verifyRounds), 2),
    verifySignatureRoundsMicros: verifyRounds.map((value) => round(value, 2)),
    readVerifiedNotificationMicros: round(median(read), 2),
    computeSignatureMicros: round(median(compute), 2),
    bareSha512Micros: round(median(bare), 2),
    verifyPreviousPassphraseMicros: round(median(rotation), 2),
    singleUpdateSignatureMicros: round(median(single), 2),
  };
};
