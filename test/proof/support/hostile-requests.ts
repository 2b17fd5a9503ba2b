import { SHA_OUT_NAMES } from '../../../lib/ogone/sha-out-names.js';
import { feedbackParams } from '../../support/feedback-requests.js';
import { percentEncode } from '../../support/form.js';
import { independentSign } from '../../support/independent-signer.js';
import { mulberry32 } from '../../support/seeded-random.js';
import type { RawRequest } from './http-client.js';

/**
 * Deterministic generation of hostile requests to /payment/ogone/return: forged, malformed,
 * ambiguous, oversized, mis-encoded, wrong-method and open-redirect attempts, and replays of
 * notifications the service has already applied. Each comes with the answers the contract
 * (docs/api.md §2) allows for it, with the signature values it carries or that the service would
 * compute for it, so that a test can look for them in the logs.
 */
const SIGNED: ReadonlySet<string> = new Set(SHA_OUT_NAMES);
const FEEDBACK = '/payment/ogone/return';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

export interface HostileRequest {
  readonly kind: string;
  readonly request: RawRequest;
  /** Every answer the contract allows for this request. */
  readonly allowed: readonly number[];
  /** SHASIGN values sent (long enough to be searched for). */
  readonly sentSignatures: readonly string[];
  /** What the service computes as the expected signature of a forged request. */
  readonly expectedSignature?: string;
}

export interface Targets {
  readonly passphrase: string;
  /** Registered references. */
  readonly references: readonly string[];
  /** Notifications already applied: their exact params, to be replayed. */
  readonly applied: readonly Record<string, string>[];
}

/** Seeded, so that a failing run can be reproduced exactly. */
export const prng = (seed: number) => {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  return { next, int, pick };
};

type Random = ReturnType<typeof prng>;
type Entries = [string, string][];

const sign = (
  entries: Entries | Record<string, string | Buffer>,
  passphrase: string,
  algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha512',
): string =>
  independentSign(
    Array.isArray(entries) ? Object.fromEntries(entries) : entries,
    passphrase,
    algorithm,
    SIGNED,
  );

const form = (entries: Entries): string => new URLSearchParams(entries).toString();

const hex = (random: Random, length: number): string =>
  Array.from({ length }, () => '0123456789ABCDEF'[random.int(0, 15)]).join('');

const alnum = (random: Random, length: number): string =>
  Array.from(
    { length },
    () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[random.int(0, 61)],
  ).join('');

/** Percent-encodes the ISO-8859-1 bytes of a value, as Ogone's Latin-1 payment methods send it. */
const percentLatin1 = (value: string): string => percentEncode(Buffer.from(value, 'latin1'));

/** The same name in a random mix of letter cases. */
const recase = (random: Random, name: string): string =>
  [...name].map((c) => (random.next() < 0.5 ? c.toLowerCase() : c.toUpperCase())).join('');

/** How a form reaches the URL: browser redirect (GET), server GET or POST, or split in two. */
const deliver = (random: Random, body: string, accept?: string): RawRequest => {
  const headers: Record<string, string> = accept === undefined ? {} : { accept };
  switch (random.int(0, 2)) {
    case 0:
      return { method: 'GET', path: `${FEEDBACK}?${body}`, headers };
    case 1:
      return {
        method: 'POST',
        path: FEEDBACK,
        headers: { ...FORM, ...headers },
        body: Buffer.from(body),
      };
    default: {
      const pairs = body.split('&');
      const cut = random.int(0, pairs.length);
      return {
        method: 'POST',
        path: `${FEEDBACK}?${pairs.slice(0, cut).join('&')}`,
        headers: { ...FORM, ...headers },
        body: Buffer.from(pairs.slice(cut).join('&')),
      };
    }
  }
};

const STATUSES = ['9', '5', '2', '51', '52', '91', '8', '6', '94', '0', '1', '42'];
const EVIL = [
  'https://evil.example/',
  '//evil.example/x',
  'https:evil.example',
  'javascript:alert(1)',
];
const REDIRECT_NAMES = ['RESULT_URL', 'Location', 'returnUrl', 'redirect', 'ACCEPTURL', 'next'];
const EXTRA_SIGNED = ['COMPLUS', 'ALIAS', 'IP', 'SCORING', 'ECI', 'AAVCHECK', 'SUBBRAND', 'BIN'];

type Generator = (random: Random, targets: Targets, index: number) => Omit<HostileRequest, 'kind'>;

/** A feedback Ogone never sent: any reference, ours or not, any status, sometimes any amount. */
const forgeryBase = (random: Random, targets: Targets, index: number): Entries => {
  const reference = random.next() < 0.8 ? random.pick(targets.references) : `HOSTILE-NEW-${index}`;
  const overrides: Record<string, string> =
    random.next() < 0.3 ? { amount: random.pick(['1510', '0.01', '15.10', '99999']) } : {};
  return Object.entries(feedbackParams(reference, random.pick(STATUSES), overrides));
};

const forged = (
  random: Random,
  entries: Entries,
  shasign: string,
  targets: Targets,
  accept?: string,
): Omit<HostileRequest, 'kind'> => ({
  request: deliver(random, form([...entries, [recase(random, 'SHASIGN'), shasign]]), accept),
  allowed: [403],
  sentSignatures: shasign.length >= 16 ? [shasign] : [],
  expectedSignature: sign(entries, targets.passphrase),
});

const withoutName = (entries: Entries, name: string): Entries =>
  entries.filter(([candidate]) => candidate !== name);

const replayOf = (random: Random, targets: Targets): Entries =>
  Object.entries(random.pick(targets.applied));

/** A replayed, validly signed form with one broken percent-encoding, in a value or a name. */
const brokenPairs = (random: Random, targets: Targets) => {
  const entries = replayOf(random, targets);
  const shasign = sign(entries, targets.passphrase);
  const pairs = form([...entries, ['SHASIGN', shasign]]).split('&');
  const at = random.int(0, pairs.length - 1);
  const broken = random.pick(['%', '%G', '%4', '%zz', '%%', '%4G', '%+1', '%u00e9']);
  const target = pairs[at] as string;
  const equals = target.indexOf('=');
  pairs[at] =
    random.next() < 0.7
      ? `${target}${broken}`
      : `${target.slice(0, equals)}${broken}${target.slice(equals)}`;
  // The broken pair last, so that it lands in the body when the form is split.
  pairs.push(...pairs.splice(at, 1));
  return { pairs, shasign };
};

const GENERATORS: Readonly<Record<string, Generator>> = {
  'wrong SHASIGN': (random, targets, index) => {
    const value = hex(random, 128);
    return forged(
      random,
      forgeryBase(random, targets, index),
      random.next() < 0.5 ? value : value.toLowerCase(),
      targets,
    );
  },
  'missing SHASIGN': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index);
    return {
      request: deliver(random, form(entries)),
      allowed: [403],
      sentSignatures: [],
      expectedSignature: sign(entries, targets.passphrase),
    };
  },
  'empty SHASIGN': (random, targets, index) =>
    forged(random, forgeryBase(random, targets, index), '', targets),
  'truncated SHASIGN': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index);
    return forged(
      random,
      entries,
      sign(entries, targets.passphrase).slice(0, random.int(1, 127)),
      targets,
    );
  },
  'odd-length SHASIGN': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index);
    return forged(
      random,
      entries,
      `${sign(entries, targets.passphrase)}${hex(random, random.pick([1, 3]))}`,
      targets,
    );
  },
  'non-hex SHASIGN': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index);
    const valid = sign(entries, targets.passphrase);
    const at = random.int(0, 127);
    const junk = random.pick(['G', 'Z', 'x', '-', ' ', '%00', '\u00e9']);
    return forged(random, entries, `${valid.slice(0, at)}${junk}${valid.slice(at + 1)}`, targets);
  },
  'signed with another passphrase': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index);
    const other = random.pick([
      'not-the-passphrase',
      `${targets.passphrase} `,
      targets.passphrase.toUpperCase(),
      '',
      'local-sha-in-passphrase',
      alnum(random, 24),
    ]);
    return forged(random, entries, sign(entries, other), targets);
  },
  'signed with another algorithm': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index);
    return forged(
      random,
      entries,
      sign(entries, targets.passphrase, random.pick(['sha1', 'sha256'])),
      targets,
    );
  },
  'tampered after signing': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index);
    const shasign = sign(entries, targets.passphrase);
    const tampered = entries.map(([name, value]): [string, string] => [name, value]);
    const which = random.pick(['STATUS', 'amount', 'orderID', 'PAYID', 'CN']);
    const slot = tampered.find(([name]) => name === which) as [string, string];
    slot[1] = `${slot[1]}${random.pick(['0', '1', ' ', 'X'])}`;
    return forged(random, tampered, shasign, targets);
  },
  'signed name added after signing': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index);
    const shasign = sign(entries, targets.passphrase);
    const extended: Entries = [...entries, [random.pick(EXTRA_SIGNED), alnum(random, 6)]];
    return forged(random, extended, shasign, targets);
  },
  'mis-encoded (UTF-8 signed, ISO-8859-1 sent)': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index).map(([name, value]): [string, string] =>
      name === 'CN'
        ? [name, random.pick(['J\u00e9r\u00f4me M\u00fcller', 'Fran\u00e7ois', '\u00c5sa'])]
        : [name, value],
    );
    const shasign = sign(entries, targets.passphrase);
    const latin1 = entries
      .map(([name, value]) => `${name}=${percentLatin1(value)}`)
      .concat(`SHASIGN=${shasign}`)
      .join('&');
    const received = Object.fromEntries(
      entries.map(([name, value]) => [name, Buffer.from(value, 'latin1')]),
    );
    return {
      request: deliver(random, latin1),
      allowed: [403],
      sentSignatures: [shasign],
      expectedSignature: sign(received, targets.passphrase),
    };
  },
  'raw ISO-8859-1 bytes in the body': (random, targets, index) => {
    const entries = withoutName(forgeryBase(random, targets, index), 'CN');
    const body = Buffer.concat([
      Buffer.from(form(entries)),
      Buffer.from('&CN=J\u00e9r\u00f4me&COMPLUS=\u00ff\u00fe\u0080', 'latin1'),
      Buffer.from(`&SHASIGN=${hex(random, 128)}`),
    ]);
    return {
      request: { method: 'POST', path: FEEDBACK, headers: FORM, body },
      allowed: [403],
      sentSignatures: [],
    };
  },
  'invalid UTF-8 percent-encoded': (random, targets, index) => {
    const entries = withoutName(forgeryBase(random, targets, index), 'CN');
    const body = `${form(entries)}&CN=%C3%28%FF%FE%ED%A0%80&SHASIGN=${hex(random, 128)}`;
    return { request: deliver(random, body), allowed: [403], sentSignatures: [] };
  },
  'raw ISO-8859-1 bytes in the request line': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index);
    // Refused by the HTTP server before the handler, or by the handler for its signature.
    return {
      request: { method: 'GET', path: `${FEEDBACK}?${form(entries)}&CN=J\u00e9r\u00f4me` },
      allowed: [400, 403],
      sentSignatures: [],
    };
  },
  'duplicate signed name (case variant)': (random, targets) => {
    const entries = replayOf(random, targets);
    const [name, value] = random.pick(entries.filter(([n]) => SIGNED.has(n.toUpperCase())));
    const variant = random.next() < 0.5 ? value : random.pick(STATUSES);
    const signedForm = form([...entries, ['SHASIGN', sign(entries, targets.passphrase)]]);
    return {
      request: deliver(random, `${signedForm}&${form([[recase(random, name), variant]])}`),
      allowed: [400],
      sentSignatures: [sign(entries, targets.passphrase)],
    };
  },
  'duplicate signed name (query and body)': (random, targets) => {
    const entries = replayOf(random, targets);
    const [name, value] = random.pick(entries.filter(([n]) => SIGNED.has(n.toUpperCase())));
    const shasign = sign(entries, targets.passphrase);
    return {
      request: {
        method: 'POST',
        path: `${FEEDBACK}?${form([[name, value]])}`,
        headers: FORM,
        body: Buffer.from(form([...entries, ['SHASIGN', shasign]])),
      },
      allowed: [400],
      sentSignatures: [shasign],
    };
  },
  'duplicate SHASIGN': (random, targets) => {
    const entries = replayOf(random, targets);
    const shasign = sign(entries, targets.passphrase);
    const second = random.next() < 0.5 ? shasign : hex(random, 128);
    return {
      request: deliver(
        random,
        form([...entries, ['SHASIGN', shasign], [recase(random, 'shasign'), second]]),
      ),
      allowed: [400],
      sentSignatures: [shasign, second],
    };
  },
  'broken percent-encoding in the body': (random, targets) => {
    const { pairs, shasign } = brokenPairs(random, targets);
    const cut = random.int(0, pairs.length - 1);
    // The broken pair is in the body; the rest may come in the query string.
    return {
      request: {
        method: 'POST',
        path: `${FEEDBACK}?${pairs.slice(0, cut).join('&')}`,
        headers: FORM,
        body: Buffer.from(pairs.slice(cut).join('&')),
      },
      allowed: [400],
      sentSignatures: [shasign],
    };
  },
  'broken percent-encoding in the query string': (random, targets) => {
    const { pairs, shasign } = brokenPairs(random, targets);
    // serverless-offline rebuilds rawQueryString with URLSearchParams, which turns a broken "%"
    // into "%25": the handler then sees a well-formed value that the signature does not cover
    // (403). API Gateway passes the raw query string, and the handler answers 400 (test/unit).
    return {
      request: { method: 'GET', path: `${FEEDBACK}?${pairs.join('&')}` },
      allowed: [400, 403],
      sentSignatures: [shasign],
    };
  },
  'signed but no ORDERID or no STATUS': (random, targets) => {
    const drop = random.pick(['orderID', 'STATUS']);
    const entries = replayOf(random, targets)
      .map(([name, value]): [string, string] =>
        name === drop ? [name, random.next() < 0.5 ? '' : value] : [name, value],
      )
      .filter(([name, value]) => name !== drop || value === '');
    const shasign = sign(entries, targets.passphrase);
    return {
      request: deliver(random, form([...entries, ['SHASIGN', shasign]])),
      allowed: [400],
      sentSignatures: [shasign],
    };
  },
  'body over 16 KiB': (random, targets) => {
    const entries = replayOf(random, targets);
    const shasign = sign(entries, targets.passphrase);
    const padding = random.int(16 * 1024 + 1, 64 * 1024);
    const filler = random.next() < 0.5 ? 'x'.repeat(padding) : alnum(random, padding);
    return {
      request: {
        method: 'POST',
        path: FEEDBACK,
        headers: FORM,
        body: Buffer.from(`${form([...entries, ['SHASIGN', shasign]])}&PARAMPLUS=${filler}`),
      },
      allowed: [413],
      sentSignatures: [shasign],
    };
  },
  'other method': (random, targets) => {
    const entries = replayOf(random, targets);
    const shasign = sign(entries, targets.passphrase);
    const body = form([...entries, ['SHASIGN', shasign]]);
    const method = random.pick(['PUT', 'DELETE', 'PATCH']);
    return {
      request:
        method === 'DELETE'
          ? { method, path: `${FEEDBACK}?${body}` }
          : { method, path: FEEDBACK, headers: FORM, body: Buffer.from(body) },
      allowed: [405],
      sentSignatures: [shasign],
    };
  },
  'open redirect, forged': (random, targets, index) => {
    const entries: Entries = [
      ...forgeryBase(random, targets, index),
      [random.pick(REDIRECT_NAMES), random.pick(EVIL)],
    ];
    return forged(random, entries, hex(random, 128), targets, HTML);
  },
  'open redirect, replayed': (random, targets) => {
    const entries = replayOf(random, targets);
    const shasign = sign(entries, targets.passphrase);
    const redirects: Entries = Array.from({ length: random.int(1, 3) }, () => [
      random.pick(REDIRECT_NAMES),
      random.pick(EVIL),
    ]);
    return {
      request: deliver(random, form([...entries, ...redirects, ['SHASIGN', shasign]]), HTML),
      allowed: [303],
      sentSignatures: [shasign],
    };
  },
  'replay of an applied notification': (random, targets) => {
    const entries = replayOf(random, targets);
    const shasign = sign(entries, targets.passphrase);
    // Same signed values, spelled differently: names in other cases, unsigned and empty signed
    // extras, lowercase SHASIGN, another order. All of it is the same notification.
    const spelled: Entries = entries.map(([name, value]) => [
      random.next() < 0.3 ? recase(random, name) : name,
      value,
    ]);
    if (random.next() < 0.5) spelled.push(['PARAMPLUS', `session=${alnum(random, 8)}`]);
    if (random.next() < 0.3) spelled.push(['NCERRORPLUS', '!']);
    if (random.next() < 0.3) spelled.push([random.pick(EXTRA_SIGNED), '']);
    spelled.push(['SHASIGN', random.next() < 0.3 ? shasign.toLowerCase() : shasign]);
    if (random.next() < 0.5) spelled.reverse();
    const browser = random.next() < 0.5;
    return {
      request: deliver(random, form(spelled), browser ? HTML : random.pick(['*/*', 'text/plain'])),
      allowed: [browser ? 303 : 200],
      sentSignatures: [shasign],
    };
  },
  'JSON body': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index);
    const shasign = sign(entries, targets.passphrase);
    return {
      request: {
        method: 'POST',
        path: FEEDBACK,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ ...Object.fromEntries(entries), SHASIGN: shasign })),
      },
      allowed: [403],
      sentSignatures: [shasign],
    };
  },
  'many parameters': (random, targets, index) => {
    const entries: Entries = [
      ...forgeryBase(random, targets, index),
      ...Array.from({ length: random.int(200, 1500) }, (_, i): [string, string] => [`p${i}`, 'v']),
    ];
    return forged(random, entries, hex(random, 128), targets);
  },
  'control characters': (random, targets, index) => {
    const entries = forgeryBase(random, targets, index).map(([name, value]): [string, string] => [
      name,
      name === 'CN' ? `${value}\u0000\r\n\t\u001b[31m` : value,
    ]);
    return forged(random, entries, hex(random, 128), targets);
  },
};

export const KINDS = Object.keys(GENERATORS);

/** `count` requests, every kind in turn, shuffled so that kinds and replays interleave. */
export const hostileRequests = (
  seed: number,
  count: number,
  targets: Targets,
): HostileRequest[] => {
  const random = prng(seed);
  const requests = Array.from({ length: count }, (_, index): HostileRequest => {
    const kind = KINDS[index % KINDS.length] as string;
    return { kind, ...(GENERATORS[kind] as Generator)(random, targets, index) };
  });
  for (let i = requests.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [requests[i], requests[j]] = [requests[j] as HostileRequest, requests[i] as HostileRequest];
  }
  return requests;
};
