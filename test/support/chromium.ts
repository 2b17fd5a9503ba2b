import bundledChromium from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

/**
 * A real browser for the end-to-end tests: the Chromium that `@sparticuz/chromium` ships inside
 * its npm package, driven by playwright-core, so `npm ci` is all a fresh machine needs (no apt,
 * no browser download).
 *
 * The package's flags are tuned for Lambda; three of them are wrong for a test: `--single-process`
 * kills the whole browser when a context closes, and the two that relax web security would hide
 * a redirect the page should not follow.
 */
const NOT_FOR_TESTS = new Set([
  '--single-process',
  '--disable-web-security',
  '--allow-running-insecure-content',
]);

export const launchBrowser = async (): Promise<Browser> =>
  chromium.launch({
    // Unpacked once into the temporary directory; later launches reuse it.
    executablePath: await bundledChromium.executablePath(),
    args: [
      ...bundledChromium.args.filter((arg) => !NOT_FOR_TESTS.has(arg)),
      // This machine's closed network refuses Chromium's own background connections.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    headless: true,
    timeout: 60_000,
  });
