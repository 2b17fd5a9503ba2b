import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectLinkClient } from '../../lib/directlink/client.js';
import {
  DirectLinkAnswerTooLargeError,
  DirectLinkRedirectError,
  DirectLinkRefusedError,
} from '../../lib/directlink/errors.js';
import { MAX_DIRECTLINK_ANSWER_BYTES } from '../../lib/ogone/directlink-query.js';
import { rejectionOf } from '../support/rejection.js';

/**
 * The DirectLink client over real HTTP on loopback: a redirect is refused, not followed (the
 * request carries the API password), and an answer is read no further than its size limit.
 */
const CREDENTIALS = { pspId: 'PSPID1', userId: 'api-user', password: 'api-password-3f8a1c' };
const PAID = (padding = '') =>
  `<?xml version="1.0"?><ncresponse orderID="R1" PAYID="3000001" NCERROR="0" STATUS="9" amount="10" currency="EUR"${padding}/>`;

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const listen = async (handler: Handler): Promise<{ server: Server; url: string }> => {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}` };
};

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** What reached the redirect target: every request body, the password included if resent. */
const elsewhere: string[] = [];
let endlessClosed: Promise<void>;
let markEndlessClosed: () => void;
let target: { server: Server; url: string };
let ogone: { server: Server; url: string };

beforeAll(async () => {
  endlessClosed = new Promise((resolve) => {
    markEndlessClosed = resolve;
  });
  target = await listen(async (request, response) => {
    elsewhere.push(await readBody(request));
    response.writeHead(200, { 'content-type': 'text/xml' }).end(PAID());
  });
  ogone = await listen(async (request, response) => {
    await readBody(request);
    const path = request.url ?? '';
    const redirect = /^\/redirect-(\d{3})$/.exec(path);
    if (redirect !== null) {
      response.writeHead(Number(redirect[1]), { location: `${target.url}/steal` }).end();
    } else if (path === '/refused-quoting') {
      // A refusal whose free text quotes the request, password included (raw and form-encoded).
      const quoted = `wrong PSWD ${CREDENTIALS.password} / ${encodeURIComponent(CREDENTIALS.password)} ${'!'.repeat(500)}`;
      response
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(`<ncresponse orderID="R1" STATUS="" NCERROR="50001119" NCERRORPLUS="${quoted}"/>`);
    } else if (path === '/paid') {
      response.writeHead(200, { 'content-type': 'text/xml' }).end(PAID());
    } else if (path === '/declared-large') {
      const body = PAID(` NCERRORPLUS="${'!'.repeat(4 * MAX_DIRECTLINK_ANSWER_BYTES)}"`);
      response.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
    } else if (path === '/endless') {
      // Chunked, no length: a well-formed answer that never ends unless the reader stops.
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.write('<ncresponse orderID="R1" NCERROR="0" STATUS="9" NCERRORPLUS="');
      const timer = setInterval(() => response.write('!'.repeat(1024)), 1);
      response.on('close', () => {
        clearInterval(timer);
        markEndlessClosed();
      });
    }
  });
});

afterAll(async () => {
  for (const { server } of [ogone, target]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const client = (path: string) =>
  new DirectLinkClient({ url: `${ogone.url}${path}`, credentials: CREDENTIALS, timeoutMs: 5000 });

describe('DirectLink client over HTTP', () => {
  it('keeps the free text of a refusal short, and without the password should Ogone quote it', async () => {
    const error = await rejectionOf(client('/refused-quoting').query('R1'));
    expect(error).toBeInstanceOf(DirectLinkRefusedError);
    const { message, context } = error as DirectLinkRefusedError;
    expect(context.ncError).toBe('50001119');
    expect(String(context.ncErrorPlus)).toMatch(/^wrong PSWD \[password\] \/ \[password\] !/);
    expect(String(context.ncErrorPlus).length).toBeLessThanOrEqual(200);
    expect(`${message} ${JSON.stringify(context)}`).not.toContain('api-password');
  });

  it('reads a plain answer', async () => {
    await expect(client('/paid').query('R1')).resolves.toMatchObject({
      status: '9',
      payId: '3000001',
    });
  });

  it.each([301, 302, 303, 307, 308])(
    'refuses a %i redirect without following it: the password goes nowhere else',
    async (status) => {
      const error = await rejectionOf(client(`/redirect-${status}`).query('R1'));
      expect(error).toBeInstanceOf(DirectLinkRedirectError);
      expect(JSON.stringify(error)).not.toContain(target.url);
      expect(elsewhere).toEqual([]);
    },
  );

  it('refuses an answer whose declared length is past the limit', async () => {
    const error = await rejectionOf(client('/declared-large').query('R1'));
    expect(error).toBeInstanceOf(DirectLinkAnswerTooLargeError);
  });

  it('stops reading an answer that never ends, and closes the connection', async () => {
    const error = await rejectionOf(client('/endless').query('R1'));
    expect(error).toBeInstanceOf(DirectLinkAnswerTooLargeError);
    await endlessClosed;
  });
});
