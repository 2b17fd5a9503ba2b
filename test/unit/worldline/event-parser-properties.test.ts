import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EVENT_PROBLEMS,
  WebhookBodyTooLargeError,
  WebhookEventError,
} from '../../../lib/worldline/errors.js';
import { parseWebhookEvent, type WorldlineEvent } from '../../../lib/worldline/webhook-event.js';
import { capturedPayment, eventJson, problemOf, verifiedBody } from './support/verified-body.js';

/**
 * The parser on anything at all: arbitrary bytes, strings, JSON values, and real events with
 * any field replaced by any JSON value. It answers an event or its typed errors, nothing else.
 */
const RUNS = { numRuns: 400 } as const;

type Outcome = 'event' | 'event_error' | 'too_large';

const outcomeOf = (body: string | Buffer): Outcome => {
  let event: WorldlineEvent;
  try {
    event = parseWebhookEvent(verifiedBody(body));
  } catch (error) {
    if (error instanceof WebhookEventError) return 'event_error';
    if (error instanceof WebhookBodyTooLargeError) return 'too_large';
    throw error;
  }
  // Whatever was read is of the promised shape.
  expect(typeof event.id).toBe('string');
  expect(event.type).toMatch(/\./);
  if (event.kind !== 'other') {
    for (const text of [event.reference, event.amount, event.statusCode, event.payId]) {
      expect(['string', 'undefined']).toContain(typeof text);
    }
  }
  return 'event';
};

const anyJson = fc.json({ maxDepth: 6 });

/** Replaces the value at a random path of `root` with `value`. */
const replaceAt = (root: unknown, steps: readonly number[], value: unknown): unknown => {
  if (steps.length === 0 || typeof root !== 'object' || root === null) return value;
  const entries = Object.entries(root);
  if (entries.length === 0) return value;
  const [step, ...rest] = steps as [number, ...number[]];
  const [key, child] = entries[step % entries.length] as [string, unknown];
  return Array.isArray(root)
    ? root.map((item, index) => (String(index) === key ? replaceAt(child, rest, value) : item))
    : { ...root, [key]: replaceAt(child, rest, value) };
};

describe('webhook event parser properties', () => {
  it('arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        outcomeOf(Buffer.from(bytes));
      }),
      RUNS,
    );
  });

  it('arbitrary strings, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        outcomeOf(text);
      }),
      RUNS,
    );
  });

  it('arbitrary JSON values', () => {
    fc.assert(
      fc.property(anyJson, (text) => {
        outcomeOf(text);
      }),
      RUNS,
    );
  });

  it('a real event with any field replaced by any JSON value', () => {
    const event = JSON.parse(eventJson({ type: 'payment.captured', payment: capturedPayment() }));
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.jsonValue({ maxDepth: 3 }),
        (steps, value) => {
          outcomeOf(JSON.stringify(replaceAt(event, steps, value)));
        },
      ),
      RUNS,
    );
  });

  it('objects with hostile keys and numbers', () => {
    const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'type');
    const hostileNumber = fc.constantFrom('1e400', '-1e400', '9007199254740993', '1e-400', '-0');
    fc.assert(
      fc.property(hostileKey, hostileNumber, fc.boolean(), (key, number, nested) => {
        const member = `"${key}":${number}`;
        const text = nested
          ? `{"id":"n","type":"payment.captured","payment":{${member}}}`
          : `{"id":"n","type":"token.created",${member}}`;
        expect(outcomeOf(text)).not.toBe('too_large');
      }),
      RUNS,
    );
  });

  it('repeated keys are found at any depth, and JSON.stringify output never has one', () => {
    const object = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), {
      minKeys: 1,
    });
    fc.assert(
      fc.property(
        object,
        fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        fc.nat(),
        (members, value, pick) => {
          const keys = Object.keys(members);
          const key = keys[pick % keys.length] as string;
          const unique = JSON.stringify({ id: 'n', type: 'token.x', data: members });
          const repeated = `${unique.slice(0, -2)},${JSON.stringify(key)}:${JSON.stringify(value)}}}`;
          const problem = problemOf(unique);
          expect(problem).not.toBe(EVENT_PROBLEMS.duplicateKey);
          // A prototype key or an inexact number is refused first, before keys are compared.
          fc.pre(problem === 'none');
          expect(problemOf(repeated)).toBe(EVENT_PROBLEMS.duplicateKey);
        },
      ),
      RUNS,
    );
  });

  it('deep nesting of any length is refused cleanly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 33, max: 40_000 }),
        fc.constantFrom('[', '{"a":'),
        (n, open) => {
          expect(outcomeOf(`{"id":"n","type":"token.x","x":${open.repeat(n)}`)).not.toBe('event');
        },
      ),
      { numRuns: 50 },
    );
  });
});
