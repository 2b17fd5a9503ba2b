import { writeFileSync } from 'node:fs';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HashAlgorithm } from '../../lib/ogone/hash-algorithm.js';
import { resetService } from '../../lib/service.js';
import {
  deliverTo,
  registerIn,
  scanAll,
  signedFeedback,
  type TransactionBody,
  transactionIn,
} from '../support/account-calls.js';
import { useHandlerEnvironment } from '../support/handler-environment.js';
import { createLocalTable, type LocalTable } from '../support/local-table.js';
import { ACCOUNT_KEYS, twoAccountsDocument, writeAccountsFile } from '../support/two-accounts.js';
import { uniqueReference } from './fixtures.js';

/**
 * Deliveries racing across two accounts, and an algorithm switch with retries in flight, through
 * the feedback handler against DynamoDB Local. Ogone retries a delivery that got no 2xx, so a 503
 * (contention, docs/api.md §2) is sent again here as Ogone would; any other answer is final.
 */
let table: LocalTable;
let accountsFile: string;
const { default: main, be } = ACCOUNT_KEYS;

beforeAll(async () => {
  table = await createLocalTable('accounts-race');
  accountsFile = writeAccountsFile(twoAccountsDocument());
  useHandlerEnvironment(table, { ACCOUNTS_FILE: accountsFile });
});

const deliverLikeOgone = async (
  account: string,
  form: string,
): Promise<APIGatewayProxyStructuredResultV2> => {
  for (let attempt = 1; ; attempt++) {
    const response = await deliverTo(account, form);
    if (response.statusCode !== 503 || attempt === 10) return response;
  }
};

interface Signing {
  readonly passphrase: string;
  readonly algorithm: HashAlgorithm;
}

/** Distinct notifications for one reference: pending, authorized, then paid seen several times. */
const notificationsOf = (reference: string, signing: Signing, payId: string): string[] =>
  [
    ['51', 'a'],
    ['5', 'b'],
    ['9', 'c'],
    ['9', 'd'],
    ['9', 'e'],
  ].map(([status, acceptance]) =>
    signedFeedback(reference, status as string, signing.passphrase, signing.algorithm, {
      PAYID: payId,
      ACCEPTANCE: `acc-${acceptance}`,
    }),
  );

const expectEachRecordedOnce = (transaction: TransactionBody, distinct: number) => {
  const ids = transaction.notifications.map((notification) => notification.id);
  expect(ids).toHaveLength(distinct);
  expect(new Set(ids).size).toBe(distinct);
};

describe('concurrent deliveries for the same reference in two accounts', () => {
  it('leaves each account’s record right, each notification recorded once', async () => {
    const reference = uniqueReference('race');
    expect((await registerIn('default', reference)).statusCode).toBe(201);
    expect((await registerIn('be', reference)).statusCode).toBe(201);
    const forMain = notificationsOf(
      reference,
      { passphrase: main.out, algorithm: 'sha512' },
      '111',
    );
    const forBe = notificationsOf(reference, { passphrase: be.out, algorithm: 'sha1' }, '111');
    // Every notification twice (Ogone's retry), both accounts interleaved, all at once.
    const deliveries = forMain.flatMap((form, index) => [
      ['default', form],
      ['be', forBe[index] as string],
      ['be', forBe[index] as string],
      ['default', form],
    ]);
    const answers = await Promise.all(
      deliveries.map(([account, form]) => deliverLikeOgone(account as string, form as string)),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(deliveries.map(() => 200));

    const mainRecord = await transactionIn('default', reference);
    const beRecord = await transactionIn('be', reference);
    expect([mainRecord.state, beRecord.state]).toEqual(['paid', 'paid']);
    expectEachRecordedOnce(mainRecord, forMain.length);
    expectEachRecordedOnce(beRecord, forBe.length);
    // The same signed values in two accounts are the same notification id, recorded in each
    // account's record: duplicates are told apart within one account only.
    const idsOf = (record: TransactionBody) => record.notifications.map((n) => n.id).sort();
    expect(idsOf(beRecord)).toEqual(idsOf(mainRecord));
  });
});

describe('an algorithm switch with retries in flight', () => {
  const old: Signing = { passphrase: be.previous, algorithm: be.previousAlgorithm };
  const current: Signing = { passphrase: be.out, algorithm: be.algorithm };

  it('records every notification exactly once, whichever keys signed each delivery', async () => {
    const reference = uniqueReference('switch');
    expect((await registerIn('be', reference)).statusCode).toBe(201);
    const signedOld = notificationsOf(reference, old, '333');
    const signedNew = notificationsOf(reference, current, '333');
    // Each notification goes out under the old keys and is retried under the new ones (and the
    // other way round), the copies of all of them interleaved and in flight together.
    const deliveries = signedOld.flatMap((form, index) =>
      index % 2 === 0
        ? [form, signedNew[index] as string, form]
        : [signedNew[index] as string, form, signedNew[index] as string],
    );
    const answers = await Promise.all(deliveries.map((form) => deliverLikeOgone('be', form)));
    expect(answers.map((answer) => answer.statusCode)).toEqual(deliveries.map(() => 200));
    const record = await transactionIn('be', reference);
    expect(record.state).toBe('paid');
    expectEachRecordedOnce(record, signedOld.length);
  });

  it('refuses the old keys (403, nothing written) once previousHashAlgorithm is removed', async () => {
    const reference = uniqueReference('after');
    expect((await registerIn('be', reference)).statusCode).toBe(201);
    writeFileSync(
      accountsFile,
      JSON.stringify(twoAccountsDocument({ be: { previousHashAlgorithm: undefined } })),
    );
    resetService();
    try {
      const before = await scanAll(table);
      const [oldForm] = notificationsOf(reference, old, '444');
      expect((await deliverTo('be', oldForm as string)).statusCode).toBe(403);
      // The previous passphrase alone still verifies with the current algorithm.
      const previousPassphrase = { passphrase: be.previous, algorithm: be.algorithm };
      const [bySha1] = notificationsOf(reference, previousPassphrase, '444');
      expect(await scanAll(table)).toBe(before);
      expect((await deliverTo('be', bySha1 as string)).statusCode).toBe(200);
      expect((await transactionIn('be', reference)).notifications).toHaveLength(1);
    } finally {
      writeFileSync(accountsFile, JSON.stringify(twoAccountsDocument()));
      resetService();
    }
  });
});
