import { HASH_ALGORITHMS, isHashAlgorithm } from '../lib/ogone/hash-algorithm.js';
import { isShaOutName } from '../lib/ogone/sha-out-names.js';
import { computeSignature } from '../lib/ogone/sign.js';
import { LOCAL_SHA_OUT_PASSPHRASE } from './lib/local-config.js';

/**
 * `npm run --silent sign -- orderID=ORDER-1 amount=15.1 currency=EUR STATUS=9 PAYID=1`
 * prints the same parameters, form-encoded, with the SHASIGN Ogone would send: a way to play
 * Ogone with curl against `npm start`. Uses OGONE_SHA_OUT_PASSPHRASE and OGONE_HASH_ALGORITHM
 * when set, else the local defaults.
 */
const pairs = process.argv.slice(2).map((argument) => {
  const equals = argument.indexOf('=');
  if (equals <= 0) {
    console.error(`expected NAME=value, got "${argument}"`);
    process.exit(2);
  }
  return [argument.slice(0, equals), argument.slice(equals + 1)] as [string, string];
});
const algorithm = process.env.OGONE_HASH_ALGORITHM ?? 'sha512';
if (!isHashAlgorithm(algorithm)) {
  console.error(`OGONE_HASH_ALGORITHM must be one of ${HASH_ALGORITHMS.join(', ')}`);
  process.exit(2);
}
const passphrase = process.env.OGONE_SHA_OUT_PASSPHRASE || LOCAL_SHA_OUT_PASSPHRASE;
const signable = pairs
  .map(([name, value]) => ({ name: name.toUpperCase(), value: Buffer.from(value, 'utf8') }))
  .filter((parameter) => isShaOutName(parameter.name));
const shasign = computeSignature(signable, passphrase, algorithm);
console.log(new URLSearchParams([...pairs, ['SHASIGN', shasign]]).toString());
