import {
  type DirectLinkCredentials,
  directLinkQueryBody,
  notificationFromDirectLink,
  parseDirectLinkAnswer,
} from '../ogone/directlink-query.js';
import type { OgoneNotification } from '../ogone/notification.js';
import type { StatusQuery } from '../transactions/reconcile.js';
import { DirectLinkHttpError, DirectLinkRefusedError, DirectLinkTimeoutError } from './errors.js';

export interface DirectLinkClientOptions {
  readonly url: string;
  readonly credentials: DirectLinkCredentials;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

/**
 * Ogone's DirectLink status query over HTTPS. Its answer is not signed: it is trusted because we
 * made the request ourselves to Ogone's host (protocol §6), which is why the URL comes only from
 * configuration.
 */
export class DirectLinkClient implements StatusQuery {
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
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        throw new DirectLinkHttpError(`DirectLink answered HTTP ${response.status}`, {
          context: { status: response.status },
        });
      }
      text = await response.text();
    } catch (error) {
      if (error instanceof DirectLinkHttpError) throw error;
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
          context: { ncError: answer.ncError, ncErrorPlus: answer.ncErrorPlus },
        },
      );
    }
    return notificationFromDirectLink(reference, answer.attributes);
  }
}
