import {
  WorldlineAnswerError,
  WorldlineNotFoundError,
  WorldlineRefusedError,
  WorldlineTimeoutError,
  WorldlineUnavailableError,
} from './errors.js';
import { gcsAuthorization } from './gcs-signature.js';

/** One account's key and where its API is. */
export interface ApiRequestSettings {
  /** The API's base URL (an environment's, or an override), without a trailing slash. */
  readonly endpoint: string;
  readonly apiKeyId: string;
  readonly apiSecret: string;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

/** Every answer of this API is a small JSON document; a larger one is not Worldline's. */
const MAX_ANSWER_BYTES = 256 * 1024;

/** Worldline's error ids and codes are short tokens; anything else is not logged. */
const TOKEN = /^[A-Za-z0-9_.-]{1,64}$/;
const token = (value: unknown): string =>
  typeof value === 'string' && TOKEN.test(value) ? value : '';

/** undici's way of saying `redirect: 'error'` met a 3xx (as lib/directlink/client.ts reads it). */
const isRedirectRefusal = (error: unknown): boolean =>
  error instanceof TypeError &&
  error.cause instanceof Error &&
  error.cause.message === 'unexpected redirect';

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** The first error's id and code, and the errorId support asks for, from an error body. */
const errorFields = (body: unknown) => {
  const record = (body ?? {}) as { errorId?: unknown; errors?: unknown };
  const first = (Array.isArray(record.errors) ? record.errors[0] : undefined) as
    | { id?: unknown; code?: unknown }
    | undefined;
  return { id: token(first?.id), code: token(first?.code), errorId: token(record.errorId) };
};

const tooLarge = (operation: string) =>
  new WorldlineAnswerError(
    `Worldline answered ${operation} with more than ${MAX_ANSWER_BYTES} bytes`,
  );

const failure = (operation: string, status: number, body: unknown): Error => {
  const { id, code, errorId } = errorFields(body);
  const what = `Worldline answered ${operation} with HTTP ${status}${id === '' ? '' : ` ${id}`}`;
  if (status >= 500) {
    return new WorldlineUnavailableError(what, {
      context: { status, worldlineErrorId: id, errorCode: code, errorId },
    });
  }
  const Refusal = status === 404 ? WorldlineNotFoundError : WorldlineRefusedError;
  return new Refusal(what, status, id, { errorCode: code, errorId });
};

/** What one call is: `operation` (the API reference's name) is what errors say. */
export interface ApiCall {
  readonly operation: string;
  readonly method: 'GET' | 'POST';
  /** The path and query, each variable part already encoded. */
  readonly path: string;
  readonly body?: unknown;
  /** X-GCS-* headers to send; each is part of the signature. */
  readonly gcsHeaders?: Readonly<Record<string, string>>;
}

/** The body as text, read as a stream and dropped once past `limit` bytes. */
const readBounded = async (response: Response, limit: number): Promise<string | undefined> => {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader !== undefined) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks, size));
};

/**
 * One signed call (GCS v1HMAC) to the Payments API, answered JSON. The whole exchange, body
 * included, is bounded by `timeoutMs`; a redirect is refused, never followed (it would send a
 * signed request to wherever the answer points). Errors name the operation, never the secret.
 */
export const apiRequest = async (settings: ApiRequestSettings, call: ApiCall): Promise<unknown> => {
  const { operation, method, path, body } = call;
  const gcsHeaders = Object.entries(call.gcsHeaders ?? {});
  const url = new URL(`${settings.endpoint}${path}`);
  const date = new Date().toUTCString();
  const contentType = body === undefined ? '' : 'application/json';
  const authorization = gcsAuthorization(settings.apiKeyId, settings.apiSecret, {
    method,
    contentType,
    date,
    headers: gcsHeaders,
    path: `${url.pathname}${url.search}`,
  });
  const headers: Record<string, string> = {
    ...Object.fromEntries(gcsHeaders),
    date,
    authorization,
    accept: 'application/json',
  };
  if (body !== undefined) headers['content-type'] = contentType;
  let status: number;
  let text: string;
  try {
    const response = await (settings.fetch ?? fetch)(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      redirect: 'error',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    status = response.status;
    const read = await readBounded(response, MAX_ANSWER_BYTES);
    if (read === undefined) throw tooLarge(operation);
    text = read;
  } catch (error) {
    if (error instanceof WorldlineAnswerError) throw error;
    if (isRedirectRefusal(error)) {
      throw new WorldlineAnswerError(
        `Worldline answered ${operation} with a redirect, never followed`,
      );
    }
    const name = error instanceof Error ? error.name : 'UnknownError';
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new WorldlineTimeoutError(
        `Worldline gave no answer to ${operation} within ${settings.timeoutMs} ms`,
      );
    }
    // Only the error's class: a fetch error's message can quote the request.
    throw new WorldlineUnavailableError(
      `Worldline could not be reached for ${operation}: ${name}`,
      { context: { error: name } },
    );
  }
  const json = parse(text);
  if (status >= 300 && status < 400) {
    throw new WorldlineAnswerError(
      `Worldline answered ${operation} with a redirect, never followed`,
    );
  }
  if (status >= 400) throw failure(operation, status, json);
  if (json === undefined || typeof json !== 'object' || json === null) {
    throw new WorldlineAnswerError(
      `Worldline answered ${operation} with HTTP ${status} and no JSON object`,
      { context: { status } },
    );
  }
  return json;
};
