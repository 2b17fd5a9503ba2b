import { readFileSync } from 'node:fs';

export type VectorAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface KnownAnswer {
  readonly name: string;
  readonly source: string;
  readonly passphrase: string;
  readonly algorithm: VectorAlgorithm;
  readonly params: Readonly<Record<string, string>>;
  readonly shasign: string;
}

export interface KnownAnswers {
  readonly shaOut: readonly KnownAnswer[];
  readonly shaIn: readonly KnownAnswer[];
}

/**
 * Known answers from Odoo's payment_ogone tests and Ogone's e-Commerce guide, each with its
 * source in the file. Resolved from this module, so the tests read nothing outside the repository.
 */
export const KNOWN_ANSWERS_URL = new URL('../../fixtures/sha-known-answers.json', import.meta.url);

const ALGORITHMS: readonly string[] = ['sha1', 'sha256', 'sha512'];

const asVector = (value: unknown, where: string): KnownAnswer => {
  const v = value as Record<string, unknown>;
  const params = v.params as Record<string, unknown>;
  const ok =
    typeof v.name === 'string' &&
    typeof v.passphrase === 'string' &&
    typeof v.shasign === 'string' &&
    typeof v.algorithm === 'string' &&
    ALGORITHMS.includes(v.algorithm) &&
    typeof params === 'object' &&
    params !== null &&
    Object.values(params).every((param) => typeof param === 'string');
  if (!ok) throw new Error(`Malformed known-answer vector in ${where}`);
  return v as unknown as KnownAnswer;
};

const load = (): KnownAnswers => {
  const raw = JSON.parse(readFileSync(KNOWN_ANSWERS_URL, 'utf8')) as Record<string, unknown>;
  const list = (key: 'shaOut' | 'shaIn'): KnownAnswer[] => {
    const entries = raw[key];
    if (!Array.isArray(entries)) throw new Error(`Known answers have no ${key} list`);
    return entries.map((entry) => asVector(entry, key));
  };
  return { shaOut: list('shaOut'), shaIn: list('shaIn') };
};

export const knownAnswers: KnownAnswers = load();
