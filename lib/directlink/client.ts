import {
  type DirectLinkCredentials,
  directLinkQueryBody,
  MAX_DIRECTLINK_ANSWER_BYTES,
  notificationFromDirectLink,
  parseDirectLinkAnswer,
} from '../ogone/directlink-query.js';
import type { OgoneNotification } from '../ogone/notification.js';
import type { StatusQuery } from '../transactions/reconcile.js';
import { NOTIFICATION_SOURCES } from '../transactions/transaction.js';
import {
  DirectLinkAnswerTooLargeError,
  DirectLinkHttpError,
  DirectLinkRedirectError,
  DirectLinkRefusedError,
  DirectLinkTimeoutError,
} from './errors.js';
import { readAnswer } from './read-answer.js';

export interface DirectLinkClientOptions {
  readonly url: string;
  readonly credentials: DirectLinkCredentials;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

const redirected = () =>
  new DirectLinkRedirectError('DirectLink answered with a redirect, which is never followed');

/** Ogone's free text is logged with a refusal: short, and never the password, should it quote it. */
const NC_ERROR_PLUS_MAX = 200;
const withoutPassword = (text: string, password: string): string => {
  const forms = [password, new URLSearchParams({ p: password }).toString().slice(2)];
  let safe = text;
  for (const form of forms) if (form !== '') safe = safe.split(form).join('[password]');
  return safe.slice(0, NC_ERROR_PLUS_MAX);
};

/** undici's way of saying `redirect: 'error'` met a 3xx: a TypeError caused by this message. */
const isRedirectRefusal = (error: unknown): boolean =>
  error instanceof TypeError &&
  error.cause instanceof Error &&
  error.cause.message === 'unexpected redirect';

/**
 * Ogone's DirectLink status query over HTTPS. Its answer is not signed: it is trusted because we
 * made the request to Ogone's host ourselves (docs/protocol.md §6), so the URL comes only from
 * configuration, a redirect is refused rather than followed, and the answer is read strictly.
 */
export class DirectLinkClient implements StatusQuery {
  public readonly source = NOTIFICATION_SOURCES.directlink;

  public constructor(private readonly options: DirectLinkClientOptions) {}

  public async query(reference: string): Promise<OgoneNotification> {
    const { url, credentials, timeoutMs } = this.options;
    const send = this.options.fetch ?? fetch;
    let text: string;
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: directLinkQueryBody(credentials, reference),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // A 3xx that reached us anyway (an injected fetch): the same refusal.
      if (response.status >= 300 && response.status < 400) throw redirected();
      if (!response.ok) {
        throw new DirectLinkHttpError(`DirectLink answered HTTP ${response.status}`, {
          context: { status: response.status },
        });
      }
      text = await readAnswer(response, MAX_DIRECTLINK_ANSWER_BYTES);
    } catch (error) {
      if (
        error instanceof DirectLinkHttpError ||
        error instanceof DirectLinkRedirectError ||
        error instanceof DirectLinkAnswerTooLargeError
      ) {
        throw error;
      }
      if (isRedirectRefusal(error)) throw redirected();
      const name = error instanceof Error ? error.name : 'UnknownError';
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new DirectLinkTimeoutError(`DirectLink gave no answer within ${timeoutMs} ms`);
      }
      // Only the error's class: a fetch error message can quote the request.
      throw new DirectLinkHttpError(`DirectLink could not be reached: ${name}`, {
        context: { error: name },
      });
    }
    const answer = parseDirectLinkAnswer(text);
    if (answer.kind === 'error') {
      throw new DirectLinkRefusedError(
        `Ogone refused the status query: NCERROR ${answer.ncError}`,
        {
          context: {
            ncError: answer.ncError,
            ncErrorPlus: withoutPassword(answer.ncErrorPlus, credentials.password),
          },
        },
      );
    }
    return notificationFromDirectLink(reference, answer.attributes);
  }
}
