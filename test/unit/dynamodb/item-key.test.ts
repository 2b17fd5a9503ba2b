import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_SEPARATOR } from '../../../lib/accounts/account.js';
import { itemKey, openBucketOf, referenceOfKey } from '../../../lib/dynamodb/item-key.js';
import { OPEN_BUCKET } from '../../../lib/dynamodb/table-schema.js';

const accountId = fc.stringMatching(/^[a-z0-9-]{1,32}$/);
/** Registered references are printable ASCII; these are built to look like other keys. */
const reference = fc
  .oneof(
    fc.string({
      unit: fc.constantFrom(':', '#', '/', 'a', '-', 'default', 'be', ' '),
      maxLength: 12,
    }),
    fc.string({ unit: 'binary-ascii', maxLength: 20 }),
  )
  .filter((text) => text.length > 0 && !text.includes(KEY_SEPARATOR));

describe('itemKey', () => {
  it('keeps the bare reference for the default account, prefixes every other', () => {
    expect(itemKey('default', 'ORDER-1')).toBe('ORDER-1');
    expect(itemKey('be', 'ORDER-1')).toBe(`be${KEY_SEPARATOR}ORDER-1`);
    expect(itemKey('main', 'default:ORDER-1')).toBe(`main${KEY_SEPARATOR}default:ORDER-1`);
  });

  it.each([
    ['be', 'x', 'be:x'],
    ['be', 'x', 'be#x'],
    ['be', 'x', 'be/x'],
    ['a', 'b:c', 'a:b'],
  ])('keeps (%s, %s) apart from the default account’s %s', (account, ref, lookalike) => {
    expect(itemKey(account, ref)).not.toBe(itemKey('default', lookalike));
  });

  it('never gives two (account, reference) pairs one key, and reads the reference back', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant('default'), accountId),
        reference,
        fc.oneof(fc.constant('default'), accountId),
        reference,
        (accountA, referenceA, accountB, referenceB) => {
          fc.pre(accountA !== accountB || referenceA !== referenceB);
          expect(itemKey(accountA, referenceA)).not.toBe(itemKey(accountB, referenceB));
          expect(referenceOfKey(accountA, itemKey(accountA, referenceA))).toBe(referenceA);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('gives each account its own open-index bucket, the default keeping the old one', () => {
    expect(openBucketOf('default')).toBe(OPEN_BUCKET);
    expect(openBucketOf('be')).not.toBe(OPEN_BUCKET);
    expect(openBucketOf('be')).not.toBe(openBucketOf('b'));
  });
});
