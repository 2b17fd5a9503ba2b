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
