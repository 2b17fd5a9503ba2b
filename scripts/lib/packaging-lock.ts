import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How long a packaging run waits for another before it gives up. */
const WAIT_MS = 10 * 60_000;
const POLL_MS = 200;

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Runs `fn` while no other packaging of this checkout runs. serverless-esbuild copies every
 * function's zip into `<service>/.serverless` whatever `--package` says, and osls clears that
 * folder when it starts: two packagings at once (the template tests run in two workers) took
 * each other's zips or failed half way. The lock is a folder (mkdir is atomic) holding the
 * owner's pid, so that a lock left by a killed process is taken over rather than waited on.
 */
export const withPackagingLock = <T>(root: string, fn: () => T, waitMs = WAIT_MS): T => {
  const lock = join(root, '.serverless.lock');
  const owner = join(lock, 'pid');
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let pid = Number.NaN;
      try {
        pid = Number(readFileSync(owner, 'utf8'));
      } catch {
        // Created but its pid not written yet: its owner is alive, between two calls.
      }
      if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`another packaging of this checkout holds ${lock} (pid ${pid})`);
      }
      sleep(POLL_MS);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
};
