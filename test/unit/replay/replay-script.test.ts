import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIR = mkdtempSync(join(tmpdir(), 'replay-input-'));

/** Runs `npm run replay-events -- file` as an operator would; nothing here reaches AWS. */
const replay = (file: string) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['scripts/replay-dead-letters.ts', file],
      { cwd: ROOT, env: { ...process.env, EVENTS_MODE: 'log', AWS_REGION: 'eu-west-1' } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr }),
    );
  });

const saved = (name: string, text: string): string => {
  const file = join(DIR, name);
  writeFileSync(file, text);
  return file;
};

describe('npm run replay-events with input it cannot use', () => {
  it.each([
    ['not JSON', saved('broken.json', '{"Messages": ['), 'The input is not JSON'],
    [
      'not a DynamoDB stream failure record',
      saved('kinesis.json', JSON.stringify({ KinesisBatchInfo: {} })),
      'no DDBStreamBatchInfo',
    ],
    ['a missing file', join(DIR, 'absent.json'), 'ENOENT'],
  ])(
    '%s: exit 2, one line saying why, nothing published',
    async (_case, file, reason) => {
      const { code, stdout, stderr } = await replay(file);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      const lines = stderr.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(1);
      const refusal = JSON.parse(lines[0] ?? '') as { refused: string; message: string };
      expect(refusal.refused).toBe(file);
      expect(refusal.message).toContain(reason);
    },
    30_000,
  );
});
