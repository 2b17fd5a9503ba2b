import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withPackagingLock } from '../../scripts/lib/packaging-lock.js';

const checkout = () => mkdtempSync(join(tmpdir(), 'ogone-lock-'));
const lockOf = (root: string) => join(root, '.serverless.lock');

/** A lock as a packaging run leaves it, owned by `pid`. */
const heldBy = (root: string, pid: number) => {
  mkdirSync(lockOf(root));
  writeFileSync(join(lockOf(root), 'pid'), String(pid));
};

describe('withPackagingLock', () => {
  it('holds the lock while the packaging runs, and releases it after', () => {
    const root = checkout();
    const seen = withPackagingLock(root, () => existsSync(lockOf(root)));
    expect(seen).toBe(true);
    expect(existsSync(lockOf(root))).toBe(false);
  });

  it('releases it when the packaging throws', () => {
    const root = checkout();
    expect(() =>
      withPackagingLock(root, () => {
        throw new Error('osls failed');
      }),
    ).toThrow('osls failed');
    expect(existsSync(lockOf(root))).toBe(false);
  });

  it('takes over a lock whose owner is gone', () => {
    const root = checkout();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    heldBy(root, Number(gone.stdout));
    expect(withPackagingLock(root, () => 'packaged', 1_000)).toBe('packaged');
  });

  it('waits for a live owner, and names the lock when it gives up', () => {
    const root = checkout();
    heldBy(root, process.pid);
    let ran = false;
    expect(() =>
      withPackagingLock(
        root,
        () => {
          ran = true;
        },
        300,
      ),
    ).toThrow(/another packaging of this checkout holds .*\.serverless\.lock/);
    expect(ran).toBe(false);
    expect(existsSync(lockOf(root))).toBe(true);
  });
});
