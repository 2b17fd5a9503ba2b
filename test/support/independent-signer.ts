import { createHash } from 'node:crypto';

/**
 * A second, deliberately plain implementation of Ogone's SHA construction for tests, written from
 * the protocol text and sharing no code with lib/ogone: a bug there cannot hide here.
 */
export const independentSign = (
  params: Record<string, string | Buffer>,
  passphrase: string,
  algorithm: 'sha1' | 'sha256' | 'sha512',
  allowed?: ReadonlySet<string>,
): string => {
  const pairs = Object.entries(params)
    .map(
      ([name, value]) =>
        [name.toUpperCase(), Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8')] as const,
    )
    .filter(([name, value]) => value.length > 0 && (allowed === undefined || allowed.has(name)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const chunks: Buffer[] = [];
  for (const [name, value] of pairs) {
    chunks.push(Buffer.from(`${name}=`, 'latin1'), value, Buffer.from(passphrase, 'utf8'));
  }
  return createHash(algorithm).update(Buffer.concat(chunks)).digest('hex').toUpperCase();
};
