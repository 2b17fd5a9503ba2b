import { describe, expect, it } from 'vitest';
import { FAKE_STATUS_CODES } from '../../../scripts/lib/fake-worldline-bodies.js';
import { parsePayArguments, USAGE } from '../../../scripts/lib/local-worldline/arguments.js';
import { UsageError } from '../../../scripts/lib/local-worldline/errors.js';

describe('npm run worldline -- pay: arguments', () => {
  it('pays with status 9, webhook and browser, for the default account by default', () => {
    expect(parsePayArguments(['pay', 'ORDER-1'])).toEqual({
      command: 'pay',
      reference: 'ORDER-1',
      account: undefined,
      statusCode: 9,
      via: 'both',
    });
  });

  it('takes --account, --status (an Ogone code the fake plays) and --via, in any order', () => {
    expect(
      parsePayArguments(['pay', '--status', '5', 'ORDER 2', '--via', 'webhook', '--account', 'nl']),
    ).toEqual({
      command: 'pay',
      reference: 'ORDER 2',
      account: 'nl',
      statusCode: 5,
      via: 'webhook',
    });
    for (const code of FAKE_STATUS_CODES) {
      expect(parsePayArguments(['pay', 'R', `--status=${code}`]).statusCode).toBe(code);
    }
    expect(parsePayArguments(['pay', 'R', '--via', 'browser']).via).toBe('browser');
  });

  it('refuses a status code the fake cannot play, naming the ones it can', () => {
    for (const status of ['3', '99', '', '9.0', ' 9', '09x', 'paid', '-1']) {
      expect(() => parsePayArguments(['pay', 'R', `--status=${status}`])).toThrow(
        new UsageError(
          "--status is one of 0, 1, 2, 5, 8, 9, 46, 51, 91 (Ogone's codes: 9 paid, 5 authorised, 2 refused, 1 cancelled, …)",
        ),
      );
    }
  });

  it('refuses another --via, an unknown option, a missing reference and another command', () => {
    expect(() => parsePayArguments(['pay', 'R', '--via', 'server'])).toThrow(
      /^--via is both, webhook, browser$/,
    );
    expect(() => parsePayArguments(['pay', 'R', '--method', 'GET'])).toThrow(UsageError);
    expect(() => parsePayArguments(['pay', 'R', '--method', 'GET'])).toThrow(USAGE);
    for (const args of [[], ['pay'], ['pay', ''], ['refund', 'R'], ['pay', 'R', 'S']]) {
      expect(() => parsePayArguments(args)).toThrow(new UsageError(USAGE));
    }
    expect(() => parsePayArguments(['pay', 'R', '--account'])).toThrow(UsageError);
  });
});
