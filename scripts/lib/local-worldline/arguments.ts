import { parseArgs } from 'node:util';
import {
  FAKE_STATUS_CODES,
  type FakeStatusCode,
  isFakeStatusCode,
} from '../fake-worldline-bodies.js';
import { UsageError } from './errors.js';

export const USAGE =
  'usage: npm run worldline -- pay <reference> [--account <id>] [--status 9] [--via both|webhook|browser]';

/** Which of Worldline's two messages to the service a payment sends (both by default). */
export const VIAS = ['both', 'webhook', 'browser'] as const;
export type Via = (typeof VIAS)[number];

export interface PayArguments {
  readonly command: 'pay';
  readonly reference: string;
  /** Absent: the default account. */
  readonly account: string | undefined;
  /** An Ogone-style status code, which the fake plays as Worldline's status of the same meaning. */
  readonly statusCode: FakeStatusCode;
  readonly via: Via;
}

const isVia = (value: string): value is Via => (VIAS as readonly string[]).includes(value);

/**
 * `npm run worldline -- pay …`'s arguments, checked before anything is asked of the service:
 * `--status` takes the legacy Ogone codes the fake plays (9 paid, 5 authorised, 2 refused,
 * 1 cancelled, …), since Worldline Direct's statusCode is that code.
 */
export const parsePayArguments = (args: readonly string[]): PayArguments => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  const [command, reference, ...rest] = positionals;
  if (command !== 'pay' || reference === undefined || reference === '' || rest.length > 0) {
    throw new UsageError(USAGE);
  }
  const status = values.status;
  const code = /^[0-9]{1,2}$/.test(status) ? Number(status) : Number.NaN;
  if (!isFakeStatusCode(code)) {
    throw new UsageError(
      `--status is one of ${FAKE_STATUS_CODES.join(', ')} (Ogone's codes: 9 paid, 5 authorised, 2 refused, 1 cancelled, …)`,
    );
  }
  if (!isVia(values.via)) throw new UsageError(`--via is ${VIAS.join(', ')}`);
  return { command, reference, account: values.account, statusCode: code, via: values.via };
};

const parse = (args: readonly string[]) =>
  parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      account: { type: 'string' },
      status: { type: 'string', default: '9' },
      via: { type: 'string', default: 'both' },
    },
  });
