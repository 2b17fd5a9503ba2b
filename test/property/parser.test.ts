import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MalformedParametersError,
  type MalformedReason,
  type SignatureFailure,
  SignatureVerificationError,
} from '../../lib/ogone/errors.js';
import type { HashAlgorithm } from '../../lib/ogone/hash-algorithm.js';
import type { OgoneNotification } from '../../lib/ogone/notification.js';
import { parseParameters } from '../../lib/ogone/parse-parameters.js';
import { readVerifiedNotification } from '../../lib/ogone/read-notification.js';
import { SHA_OUT_NAMES } from '../../lib/ogone/sha-out-names.js';
import { independentSign } from '../support/independent-signer.js';
import {
  type Choice,
  type EncodedPair,
  encodeForm,
  seededChoice,
  storedText,
  upperAscii,
} from './support/form-encoding.js';

/**
 * The protocol layer's entry points fed with anything at all: arbitrary bytes, and requests built
 * from the protocol's rules with every ambiguity this layer must refuse. The only answers allowed
 * are parameters, a notification, MalformedParametersError (400) or SignatureVerificationError
 * (403); for built requests, exactly the one the rules of docs/protocol.md §3 predict.
 */
const PASSPHRASE = 'property-sha-out-passphrase';
const OTHER_PASSPHRASE = 'property-other-passphrase';
const SIGNED: ReadonlySet<string> = new Set(SHA_OUT_NAMES);
const HEX_LENGTH: Readonly<Record<HashAlgorithm, number>> = { sha1: 40, sha256: 64, sha512: 128 };

const RUNS = { numRuns: 300 } as const;

type Outcome =
  | { readonly kind: 'parameters' | 'notification' }
  | { readonly kind: 'malformed'; readonly reason: MalformedReason }
  | { readonly kind: 'signature'; readonly failure: SignatureFailure };

/** Runs `action` and says which of the allowed answers it gave; anything else is rethrown. */
const outcomeOf = (action: () => unknown): Outcome => {
  try {
    const result = action();
    return { kind: Array.isArray(result) ? 'parameters' : 'notification' };
  } catch (error) {
    if (error instanceof MalformedParametersError)
      return { kind: 'malformed', reason: error.reason };
    if (error instanceof SignatureVerificationError) {
      return { kind: 'signature', failure: error.failure };
    }
    throw error;
  }
};

/** Bytes that exercise the parser's syntax far more often than uniform noise would. */
const syntaxHeavyBytes = fc
  .array(
    fc.oneof(
      fc.constantFrom(...Buffer.from('%&=+%%&=0aF9gG ', 'latin1')),
      fc.integer({ min: 0, max: 255 }),
    ),
    { maxLength: 200 },
  )
  .map((bytes) => Uint8Array.from(bytes));

const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 600 }), syntaxHeavyBytes);

describe('parseParameters on any bytes', () => {
  it('returns pairs or throws MalformedParametersError (broken_encoding), never anything else', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const outcome = outcomeOf(() => parseParameters(bytes));
        if (outcome.kind === 'malformed') expect(outcome.reason).toBe('broken_encoding');
        else expect(outcome.kind).toBe('parameters');
      }),
      { numRuns: 2_000 },
    );
  });

  it('never fails without a %, and yields one pair per non-empty &-separated segment', () => {
    const noPercent = anyBytes.map((bytes) => bytes.filter((byte) => byte !== 0x25));
    fc.assert(
      fc.property(noPercent, (bytes) => {
        const segments = Buffer.from(bytes)
          .toString('latin1')
          .split('&')
          .filter((segment) => segment !== '');
        const pairs = parseParameters(bytes);
        expect(pairs.map((pair) => pair.name)).toEqual(
          segments.map((segment) => segment.split('=')[0]?.replaceAll('+', ' ')),
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it('round-trips any pairs of bytes through a byte-exact percent-encoder', () => {
    const pairs = fc.array(
      fc.record({
        name: fc.uint8Array({ maxLength: 12 }),
        value: fc.uint8Array({ maxLength: 40 }),
      }),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(pairs, fc.integer(), fc.boolean(), (input, seed, emptySegments) => {
        const form = encodeForm(input, seededChoice(seed), emptySegments);
        const parsed = parseParameters(form);
        expect(parsed.map((pair) => [pair.name, [...pair.value]])).toEqual(
          input.map((pair) => [Buffer.from(pair.name).toString('latin1'), [...pair.value]]),
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it('reads back the UTF-8 bytes of any text that URLSearchParams encoded', () => {
    const entries = fc.array(
      fc.tuple(fc.string({ unit: 'grapheme-ascii', maxLength: 8 }), fc.string({ maxLength: 24 })),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(entries, (input) => {
        const parsed = parseParameters(Buffer.from(new URLSearchParams(input).toString()));
        expect(parsed.map((pair) => [pair.name, pair.value.toString('hex')])).toEqual(
          input.map(([name, value]) => [name, Buffer.from(value, 'utf8').toString('hex')]),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('readVerifiedNotification on any bytes', () => {
  it('answers any query and body with a notification or one of the two protocol errors', () => {
    const keys = { passphrases: [PASSPHRASE], algorithm: 'sha512' as const };
    fc.assert(
      fc.property(anyBytes, anyBytes, (query, body) => {
        const outcome = outcomeOf(() => readVerifiedNotification({ query, body }, keys));
        expect(['malformed', 'signature', 'notification']).toContain(outcome.kind);
      }),
      { numRuns: 2_000 },
    );
  });
});

/** A request built from parts, with the outcome the protocol predicts for it. */
interface Part {
  readonly name: Uint8Array;
  readonly value: Uint8Array;
  readonly place: 'query' | 'body';
  readonly suffix?: EncodedPair['suffix'];
}

const SIGNED_POOL = [
  'AMOUNT',
  'CURRENCY',
  'PAYID',
  'NCERROR',
  'CN',
  'CARDNO',
  'BRAND',
  'PM',
  'ACCEPTANCE',
  'ED',
  'TRXDATE',
  'COMPLUS',
  'SCORING',
  'SCO_CATEGORY',
  'ALIAS',
  'IP',
  'COMPLETIONID',
] as const;

/** Unsigned names, some of them built to look like signed ones to a careless uppercaser. */
const UNSIGNED_NAMES: readonly Uint8Array[] = [
  Buffer.from('PARAMPLUS'),
  Buffer.from('NCERRORPLUS'),
  Buffer.from('NCSTATUS'),
  Buffer.from('returnUrl'),
  Buffer.from('RESULT_URL'),
  Buffer.from('Location'),
  Buffer.from('\u017ftatus', 'utf8'),
  Buffer.from('AAVADDRE\u00df', 'latin1'),
  Buffer.from('STATUS '),
  Buffer.from(' ORDERID'),
  Buffer.from('SHASIGN2'),
  Buffer.from('SHA_SIGN'),
];

const BOM = Buffer.from('\ufeff', 'utf8');

/**
 * Values as Ogone may send them: UTF-8 text, ISO-8859-1 text, raw bytes that are neither, empty.
 * A leading byte-order mark is left to its own test below, which it fails.
 */
const value = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 16 }).map((text) => Buffer.from(text, 'utf8')),
    fc.string({ unit: 'grapheme', maxLength: 6 }).map((text) => Buffer.from(text, 'utf8')),
    fc.string({ unit: 'binary-ascii', maxLength: 16 }).map((text) => Buffer.from(text, 'latin1')),
    fc.uint8Array({ maxLength: 16 }).map((bytes) => Buffer.from(bytes)),
    fc.constantFrom('', '0', '9', '15.10', 'J\u00e9r\u00f4me').map((t) => Buffer.from(t, 'latin1')),
  )
  .filter((bytes) => !bytes.subarray(0, BOM.length).equals(BOM));

/**
 * Storage keys put U+001F between account and reference (lib/dynamodb/item-key.ts), so a signed
 * ORDERID holding it is refused: one value in ten carries it somewhere, so that rule is reached.
 */
const UNIT_SEPARATOR = '\u001f';
const orderIdValue = fc.oneof(
  { weight: 9, arbitrary: value },
  {
    weight: 1,
    arbitrary: fc
      .tuple(value, value)
      .map(([before, after]) => Buffer.concat([before, Buffer.from([0x1f]), after])),
  },
);

const placeArb = fc.constantFrom<'query' | 'body'>('query', 'body');

/** The same name with a random mix of letter cases, as Ogone's mixed-case names arrive. */
const caseVariant = (name: string, choice: Choice): Uint8Array =>
  Buffer.from(
    [...name].map((c) => (choice(2) === 0 ? c.toLowerCase() : c.toUpperCase())).join(''),
    'latin1',
  );

const SHASIGN_MODES = [
  'correct',
  'correct-lowercase',
  'other-passphrase',
  'random-hex',
  'truncated',
  'odd-length',
  'non-hex',
  'empty',
  'missing',
] as const;

const BROKEN_ESCAPES = ['%', '%G', '%4', '%4G', '%g0', '% 1', '%%'] as const;

/** Null five times in six: each ambiguity is the exception, so that the later rules are reached. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

const requestSpec = fc.record({
  algorithm: fc.constantFrom<HashAlgorithm>('sha1', 'sha256', 'sha512'),
  // Absent one time in eight (fast-check's `freq` is the weight of null).
  orderId: fc.option(orderIdValue, { freq: 8 }),
  status: fc.option(value, { freq: 8 }),
  signed: fc.uniqueArray(fc.tuple(fc.constantFrom(...SIGNED_POOL), value), {
    maxLength: 6,
    selector: ([name]) => name,
  }),
  unsigned: fc.array(
    fc.tuple(fc.oneof(fc.constantFrom(...UNSIGNED_NAMES), fc.uint8Array({ maxLength: 8 })), value),
    { maxLength: 4 },
  ),
  shasign: fc.constantFrom(...SHASIGN_MODES),
  randomHex: fc.uint8Array({ minLength: 64, maxLength: 64 }),
  duplicate: sometimes(fc.record({ pick: fc.nat(), value, place: placeArb })),
  broken: sometimes(
    fc.record({
      pick: fc.nat(),
      to: fc.constantFrom<'name' | 'value'>('name', 'value'),
      bytes: fc.constantFrom(...BROKEN_ESCAPES),
    }),
  ),
  seed: fc.integer(),
});

type RequestSpec = typeof requestSpec extends fc.Arbitrary<infer T> ? T : never;

interface BuiltRequest {
  readonly query: Buffer;
  readonly body: Buffer;
  readonly algorithm: HashAlgorithm;
  readonly expected: Outcome;
  readonly parts: readonly Part[];
}

const signatureFor = (spec: RequestSpec, signedParts: readonly Part[]): string | undefined => {
  const record = Object.fromEntries(
    signedParts.map((part) => [
      upperAscii(Buffer.from(part.name).toString('latin1')),
      Buffer.from(part.value),
    ]),
  );
  const sign = (passphrase: string) =>
    independentSign(record, passphrase, spec.algorithm, SIGNED).toUpperCase();
  const length = HEX_LENGTH[spec.algorithm];
  switch (spec.shasign) {
    case 'correct':
      return sign(PASSPHRASE);
    case 'correct-lowercase':
      return sign(PASSPHRASE).toLowerCase();
    case 'other-passphrase':
      return sign(OTHER_PASSPHRASE);
    case 'random-hex':
      return Buffer.from(spec.randomHex).toString('hex').slice(0, length).toUpperCase();
    case 'truncated':
      return sign(PASSPHRASE).slice(0, length - 2);
    case 'odd-length':
      return `${sign(PASSPHRASE)}0`;
    case 'non-hex':
      return `${sign(PASSPHRASE).slice(0, length - 1)}G`;
    case 'empty':
      return '';
    case 'missing':
      return undefined;
    default: {
      const unreachable: never = spec.shasign;
      return unreachable;
    }
  }
};

/** Builds the request and predicts its outcome from the protocol's rules, in their order. */
const build = (spec: RequestSpec): BuiltRequest => {
  const choice = seededChoice(spec.seed);
  const place = (): 'query' | 'body' => (choice(2) === 0 ? 'query' : 'body');
  const parts: Part[] = [];
  const addSigned = (name: string, bytes: Uint8Array) =>
    parts.push({ name: caseVariant(name, choice), value: bytes, place: place() });
  if (spec.orderId !== null) addSigned('ORDERID', spec.orderId);
  if (spec.status !== null) addSigned('STATUS', spec.status);
  for (const [name, bytes] of spec.signed) addSigned(name, bytes);
  const signature = signatureFor(
    spec,
    parts.filter((part) => SIGNED.has(nameOf(part))),
  );
  for (const [name, bytes] of spec.unsigned) parts.push({ name, value: bytes, place: place() });
  if (signature !== undefined) {
    parts.push({
      name: caseVariant('SHASIGN', choice),
      value: Buffer.from(signature, 'latin1'),
      place: place(),
    });
  }
  if (spec.duplicate !== null && parts.length > 0) {
    const original = parts[spec.duplicate.pick % parts.length] as Part;
    const name = Buffer.from(original.name).toString('latin1');
    parts.push({
      name: caseVariant(name, choice),
      value: spec.duplicate.value,
      place: spec.duplicate.place,
    });
  }
  for (let i = parts.length - 1; i > 0; i--) {
    const j = choice(i + 1);
    [parts[i], parts[j]] = [parts[j] as Part, parts[i] as Part];
  }
  if (spec.broken !== null && parts.length > 0) {
    const index = spec.broken.pick % parts.length;
    const target = parts[index] as Part;
    parts[index] = { ...target, suffix: { to: spec.broken.to, bytes: spec.broken.bytes } };
  }
  return {
    query: encodeForm(
      parts.filter((part) => part.place === 'query'),
      choice,
      true,
    ),
    body: encodeForm(
      parts.filter((part) => part.place === 'body'),
      choice,
      true,
    ),
    algorithm: spec.algorithm,
    expected: predict(parts, signature, spec.algorithm),
    parts,
  };
};

const nameOf = (part: Part): string => upperAscii(Buffer.from(part.name).toString('latin1'));

const predict = (
  parts: readonly Part[],
  signature: string | undefined,
  algorithm: HashAlgorithm,
): Outcome => {
  if (parts.some((part) => part.suffix !== undefined)) {
    return { kind: 'malformed', reason: 'broken_encoding' };
  }
  const names = parts.map(nameOf).filter((name) => SIGNED.has(name) || name === 'SHASIGN');
  if (new Set(names).size !== names.length) {
    return { kind: 'malformed', reason: 'duplicate_parameter' };
  }
  if (signature === undefined || signature === '') return { kind: 'signature', failure: 'missing' };
  // Whatever the request was meant to be, it verifies iff the independent signer, given the
  // signed parameters actually sent, computes what was sent (an unsigned name may have become a
  // signed one on the way, e.g. a duplicate spelled with another case).
  const sent = Object.fromEntries(
    parts
      .filter((part) => SIGNED.has(nameOf(part)))
      .map((part) => [nameOf(part), Buffer.from(part.value)]),
  );
  const expected = independentSign(sent, PASSPHRASE, algorithm, SIGNED);
  if (signature.toUpperCase() !== expected) return { kind: 'signature', failure: 'mismatch' };
  const present = (name: string) =>
    parts.some((part) => nameOf(part) === name && part.value.length > 0);
  if (!present('ORDERID') || !present('STATUS')) {
    return { kind: 'malformed', reason: 'missing_field' };
  }
  if (signedValue(parts, 'ORDERID')?.includes(UNIT_SEPARATOR)) {
    return { kind: 'malformed', reason: 'invalid_field' };
  }
  return { kind: 'notification' };
};

const signedValue = (parts: readonly Part[], name: string): string | undefined => {
  const part = parts.find((candidate) => nameOf(candidate) === name && candidate.value.length > 0);
  return part === undefined ? undefined : storedText(part.value);
};

const read = (request: BuiltRequest): OgoneNotification =>
  readVerifiedNotification(request, { passphrases: [PASSPHRASE], algorithm: request.algorithm });

describe('readVerifiedNotification on requests built from the protocol rules', () => {
  it('gives exactly the outcome the rules predict, and only signed values in a notification', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(requestSpec, (spec) => {
        const request = build(spec);
        const outcome = outcomeOf(() => read(request));
        const label = JSON.stringify(request.expected);
        seen.set(label, (seen.get(label) ?? 0) + 1);
        expect(outcome).toEqual(request.expected);
        if (outcome.kind !== 'notification') return;
        const notification = read(request);
        expect(notification.id).toMatch(/^[0-9a-f]{32}$/);
        expect(notification.orderId).toBe(signedValue(request.parts, 'ORDERID'));
        expect(notification.status).toBe(signedValue(request.parts, 'STATUS'));
        expect(notification.amount).toBe(signedValue(request.parts, 'AMOUNT'));
        expect(notification.payId).toBe(signedValue(request.parts, 'PAYID'));
        expect(notification.cardHolder).toBe(signedValue(request.parts, 'CN'));
      }),
      { numRuns: 3_000 },
    );
    // The generator must reach every rule often, or the property proves less than it claims.
    // Unseeded, each rule's count varies from run to run: the rarest (invalid_field) came 33 to
    // 49 times in 3,000 in five runs here, and 27 once in CI, so the floor is 15.
    const reached = (fragment: string) =>
      [...seen].filter(([label]) => label.includes(fragment)).reduce((sum, [, n]) => sum + n, 0);
    for (const fragment of [
      'broken_encoding',
      'duplicate_parameter',
      'missing_field',
      'invalid_field',
      '"failure":"missing"',
      '"failure":"mismatch"',
      '"kind":"notification"',
    ]) {
      expect(reached(fragment), fragment).toBeGreaterThanOrEqual(15);
    }
  });

  it('gives one id for the same signed values however they are spelled, cased, split or padded', () => {
    const valid = requestSpec.map(
      (spec): RequestSpec => ({
        ...spec,
        orderId: spec.orderId ?? Buffer.from('ORDER-1'),
        status: spec.status ?? Buffer.from('9'),
        shasign: spec.shasign === 'correct-lowercase' ? 'correct-lowercase' : 'correct',
        duplicate: null,
        broken: null,
      }),
    );
    fc.assert(
      fc.property(valid, fc.integer(), fc.integer(), (spec, seedA, seedB) => {
        const status = spec.status ?? Buffer.alloc(0);
        const orderId = spec.orderId ?? Buffer.alloc(0);
        fc.pre(orderId.length > 0 && !orderId.includes(0x1f) && status.length > 0);
        const a = read(build({ ...spec, seed: seedA }));
        const b = read(build({ ...spec, seed: seedB, unsigned: [], shasign: 'correct' }));
        expect(b).toEqual(a);
        const changed = read(build({ ...spec, status: Buffer.concat([status, Buffer.from('0')]) }));
        expect(changed.id).not.toBe(a.id);
      }),
      RUNS,
    );
  });
});

describe('stored text of signed values', () => {
  // docs/protocol.md §3: values are read as UTF-8 when valid. A byte-order mark is part of a value
  // Ogone signed; TextDecoder's default drops it, so the stored ORDERID would name another order.
  it('keeps a leading U+FEFF in a signed ORDERID', () => {
    const request = build({
      algorithm: 'sha512',
      orderId: Buffer.from('\ufeffORDER-1', 'utf8'),
      status: Buffer.from('9'),
      signed: [],
      unsigned: [],
      shasign: 'correct',
      randomHex: new Uint8Array(64),
      duplicate: null,
      broken: null,
      seed: 1,
    });
    expect(read(request).orderId).toBe('\ufeffORDER-1');
  });
});
