import { EVENT_PROBLEMS, WebhookBodyTooLargeError, WebhookEventError } from './errors.js';

/** docs/worldline.md "Webhooks": an event is a few KiB; past 64 KiB it is not one (413). */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

/**
 * Events nest about eight levels (event, payment, paymentOutput, method output, 3-D Secure
 * results, …). Refusing deeper bodies before JSON.parse keeps a 64 KiB body of brackets from
 * costing anything, whatever a later reader does with the tree.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Keys that name prototype machinery. JSON.parse makes them harmless own properties, but an event
 * has none of them, and a later spread or merge of the tree must not meet one.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const OPENING: ReadonlySet<number> = new Set([OPEN_ARRAY, OPEN_OBJECT]);
const CLOSING: ReadonlySet<number> = new Set([0x5d, 0x7d]);

/** One pass over the text, outside strings, counting open brackets. */
const assertShallow = (text: string): void => {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (escaped) escaped = false;
      else if (code === BACKSLASH) escaped = true;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (OPENING.has(code)) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) {
        throw new WebhookEventError(
          EVENT_PROBLEMS.tooDeep,
          `The event nests deeper than ${MAX_JSON_DEPTH} levels`,
        );
      }
    } else if (CLOSING.has(code)) {
      depth -= 1;
    }
  }
};

/** Where a JSON string starting at `start` (its opening quote) ends: its closing quote. */
const stringEnd = (text: string, start: number): number => {
  let index = start + 1;
  while (text.charCodeAt(index) !== QUOTE) index += text.charCodeAt(index) === BACKSLASH ? 2 : 1;
  return index;
};

interface Frame {
  /** The keys seen so far in an object; undefined for an array. */
  readonly keys: Set<string> | undefined;
  expectKey: boolean;
}

/**
 * JSON.parse keeps the last of two equal keys, so `{"merchantId":"A","merchantId":"B"}` would be
 * read as B while a reader of the first would see A: ambiguous, refused. Runs on text JSON.parse
 * has accepted, so the structure is known to be sound, and compares keys decoded (`"a"` and
 * `"\u0061"` are the same key).
 */
const assertUniqueKeys = (text: string): void => {
  const frames: Frame[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const frame = frames.at(-1);
    if (code === QUOTE) {
      const end = stringEnd(text, index);
      if (frame?.keys !== undefined && frame.expectKey) {
        const key = JSON.parse(text.slice(index, end + 1)) as string;
        if (frame.keys.has(key)) {
          throw new WebhookEventError(EVENT_PROBLEMS.duplicateKey, 'The event repeats a key');
        }
        frame.keys.add(key);
        frame.expectKey = false;
      }
      index = end;
    } else if (code === OPEN_OBJECT) {
      frames.push({ keys: new Set(), expectKey: true });
    } else if (code === OPEN_ARRAY) {
      frames.push({ keys: undefined, expectKey: false });
    } else if (CLOSING.has(code)) {
      frames.pop();
    } else if (code === COMMA && frame?.keys !== undefined) {
      frame.expectKey = true;
    }
  }
};

/**
 * Refuses what JSON.parse would silently change: numbers past 2^53 lose digits and 1e400 becomes
 * Infinity, so an amount or a status code read from them would not be the one Worldline signed.
 */
const reviver = (key: string, value: unknown): unknown => {
  if (FORBIDDEN_KEYS.has(key)) {
    throw new WebhookEventError(
      EVENT_PROBLEMS.forbiddenKey,
      'The event holds a prototype key',
      key,
    );
  }
  if (typeof value === 'number' && !(Math.abs(value) <= Number.MAX_SAFE_INTEGER)) {
    throw new WebhookEventError(EVENT_PROBLEMS.unsafeNumber, 'The event holds an inexact number');
  }
  return value;
};

export type JsonObject = Readonly<Record<string, unknown>>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A verified body to a JSON object, or a typed error: too large (413) before any other work,
 * then UTF-8 (RFC 8259 §8.1: no other encoding is JSON), depth, syntax, keys and numbers, and
 * repeated keys (400).
 */
export const readEventObject = (body: Buffer): JsonObject => {
  if (body.length > MAX_WEBHOOK_BODY_BYTES) {
    throw new WebhookBodyTooLargeError(MAX_WEBHOOK_BODY_BYTES);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new WebhookEventError(EVENT_PROBLEMS.encoding, 'The event is not UTF-8');
  }
  assertShallow(text);
  let value: unknown;
  try {
    value = JSON.parse(text, reviver);
  } catch (error) {
    if (error instanceof WebhookEventError) throw error;
    throw new WebhookEventError(EVENT_PROBLEMS.notJson, 'The event is not JSON');
  }
  assertUniqueKeys(text);
  if (!isJsonObject(value)) {
    throw new WebhookEventError(EVENT_PROBLEMS.notObject, 'The event is not a JSON object');
  }
  return value;
};
