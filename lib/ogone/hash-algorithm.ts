/** The digests Ogone offers under "Global security parameters" (docs/protocol.md §3 step 7). */
export const HASH_ALGORITHMS = ['sha1', 'sha256', 'sha512'] as const;

export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/** Hex digits of each digest: a signature of another length can never match. */
export const HEX_LENGTH: Readonly<Record<HashAlgorithm, number>> = {
  sha1: 40,
  sha256: 64,
  sha512: 128,
};

export const isHashAlgorithm = (value: string): value is HashAlgorithm =>
  (HASH_ALGORITHMS as readonly string[]).includes(value);
