import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies point inward. The protocol and the domain are pure: no AWS SDK, no
 * middy, no Lambda types, no process, and nothing from the adapters around them.
 */
const LIB = fileURLToPath(new URL('../../lib/', import.meta.url));

const sources = (folder: string): [string, string][] =>
  readdirSync(join(LIB, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => [`${folder}/${file}`, readFileSync(join(LIB, folder, file), 'utf8')]);

const FORBIDDEN: [string, RegExp][] = [
  ['the AWS SDK', /from '@aws-sdk\//],
  ['middy', /from '@middy\//],
  ['Powertools', /from '@aws-lambda-powertools\//],
  ['Lambda types', /from 'aws-lambda'/],
  ['process', /\bprocess\./],
  [
    'an adapter or the edge',
    /from '\.\.\/(dynamodb|http|events|directlink|secrets|observability)\/|from '\.\.\/(config|service)\.js'/,
  ],
];

describe('architecture', () => {
  const pure = [...sources('ogone'), ...sources('transactions')];

  it('finds the pure modules', () => {
    expect(pure.length).toBeGreaterThan(20);
  });

  it.each(FORBIDDEN)('lib/ogone and lib/transactions never import %s', (_what, pattern) => {
    const offenders = pure.filter(([, text]) => pattern.test(text)).map(([file]) => file);
    expect(offenders).toEqual([]);
  });

  it('lib/ogone does not depend on the domain', () => {
    const offenders = sources('ogone')
      .filter(([, text]) => /from '\.\.\/transactions\//.test(text))
      .map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});

describe('the bench and the local tools', () => {
  const ROOT = fileURLToPath(new URL('../../', import.meta.url));
  const files = ['bench', 'scripts'].flatMap((folder) =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.(ts|mjs)$/.test(file))
      .map((file) => ({
        file: `${folder}/${file}`,
        text: readFileSync(join(ROOT, folder, file), 'utf8'),
      })),
  );

  it('finds their sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  // The tests import the bench's and the local tools' fixtures, never the other way: a fixture
  // both need lives in scripts/lib/.
  it('import nothing from test/', () => {
    const offenders = files
      .filter(({ text }) => /from '(\.\.\/)+test\//.test(text))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });
});
