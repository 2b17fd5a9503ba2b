import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageService } from '../../scripts/package.js';

/** Secret values set in the environment of the packaging run: none may appear in its output. */
export const CANARY_SECRETS = {
  OGONE_SHA_OUT_PASSPHRASE: 'canary-sha-out-7f3e9a1c5b',
  OGONE_SHA_OUT_PASSPHRASE_PREVIOUS: 'canary-sha-out-previous-2d8b',
  OGONE_SHA_IN_PASSPHRASE: 'canary-sha-in-4c6a0e9f31',
  OGONE_PASSWORD: 'canary-api-password-9b1d7e',
  RESULT_SIGNING_SECRET: 'canary-result-signing-secret-5e2a9c7d41f0b3',
  WORLDLINE_API_SECRET: 'canary-worldline-api-secret-8c1f4e7a2d',
  WORLDLINE_WEBHOOK_KEYS: '{"canary-key-id-6b3e":"canary-webhook-secret-0d9a5f"}',
} as const;

export type Template = {
  Resources: Record<
    string,
    { Type: string; Properties: Record<string, unknown> } & Record<string, unknown>
  >;
};

export interface Packaged {
  readonly dir: string;
  readonly template: Template;
  /** Every file of the output as text, zip members unpacked (bundles and source maps included). */
  readonly texts: ReadonlyMap<string, string>;
}

/** Runs `npm run package`'s code for a stage into a fresh folder and reads everything it wrote. */
export const packageStage = (stage: string, extra: readonly string[] = []): Packaged => {
  const dir = mkdtempSync(join(tmpdir(), `ogone-package-${stage}-`));
  const { status, output } = packageService(['--stage', stage, '--package', dir, ...extra], {
    ...process.env,
    ...CANARY_SECRETS,
  });
  if (status !== 0) throw new Error(`osls package failed:\n${output}`);
  const texts = new Map<string, string>();
  for (const file of readdirSync(dir)) {
    const path = join(dir, file);
    if (file.endsWith('.zip')) {
      const members = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).split('\n');
      for (const member of members.filter((name) => name !== '' && !name.endsWith('/'))) {
        const content = execFileSync('unzip', ['-p', path, member], {
          maxBuffer: 64 * 1024 * 1024,
        });
        texts.set(`${file}:${member}`, content.toString('latin1'));
      }
    } else {
      texts.set(file, readFileSync(path, 'latin1'));
    }
  }
  const template = JSON.parse(
    readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;
  return { dir, template, texts };
};
