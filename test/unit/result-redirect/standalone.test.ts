import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { signedResultParameters } from '../../../lib/result-redirect/sign.js';

/**
 * docs/result-redirect.md tells a shop to copy lib/result-redirect/verify.ts: it must need nothing
 * else from this repository, and run as it is on Node.
 */
const VERIFY = fileURLToPath(new URL('../../../lib/result-redirect/verify.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'result-redirect-copy-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('lib/result-redirect/verify.ts as a shop copies it', () => {
  it('imports node:crypto and nothing else', () => {
    const imports = [...readFileSync(VERIFY, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toEqual(['node:crypto']);
  });

  it('runs alone in another folder and verifies what the service signed', () => {
    copyFileSync(VERIFY, join(dir, 'verify.ts'));
    const secret = 'standalone-result-signing-secret-0123456789';
    const query = new URLSearchParams(
      signedResultParameters('ORDER-1 & co=1', 'paid', Date.now(), { secret, ttlSeconds: 600 }),
    ).toString();
    writeFileSync(
      join(dir, 'page.ts'),
      [
        "import { verifyResultRedirect } from './verify.ts';",
        `const secrets = [${JSON.stringify(secret)}];`,
        `const good = verifyResultRedirect(${JSON.stringify(query)}, { secrets });`,
        `const typed = verifyResultRedirect(${JSON.stringify(query.replace('state=paid', 'state=refunded'))}, { secrets });`,
        'console.log(JSON.stringify([good, typed]));',
      ].join('\n'),
    );
    const output = execFileSync(process.execPath, [join(dir, 'page.ts')], {
      cwd: dir,
      encoding: 'utf8',
    });
    const [good, typed] = JSON.parse(output) as [Record<string, unknown>, Record<string, unknown>];
    expect(good).toMatchObject({ ok: true, reference: 'ORDER-1 & co=1', state: 'paid' });
    expect(typed).toMatchObject({ ok: false, reason: 'bad_signature' });
  });
});
