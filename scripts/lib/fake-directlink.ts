import { createServer, type IncomingMessage, type Server } from 'node:http';

/** What the fake answers for one order, shaped like Ogone's behaviours. */
export type FakeAnswer =
  | {
      readonly status: string;
      readonly payId?: string;
      readonly amount?: string;
      readonly currency?: string;
      readonly ncError?: string;
      readonly brand?: string;
      readonly pm?: string;
      readonly cardNo?: string;
      readonly alias?: string;
    }
  | { readonly ogoneError: string; readonly ncErrorPlus: string }
  | { readonly httpStatus: number }
  | { readonly raw: string }
  | { readonly delayMs: number; readonly answer: FakeAnswer };

export interface FakeDirectLink {
  readonly url: string;
  /** Every query received: order ids and whether the credentials were right (never the password). */
  readonly queries: { orderId: string; authorized: boolean }[];
  stop(): Promise<void>;
}

/** An account's API user, as Ogone knows it: per PSPID. */
export interface ApiUser {
  readonly pspId: string;
  readonly userId: string;
  readonly password: string;
}

export interface FakeDirectLinkOptions {
  readonly port?: number;
  /** One API user, or one per account (each PSPID its own): a query passes with its PSPID's. */
  readonly credentials: ApiUser | readonly ApiUser[];
  /** Asked only for an authorized query; `pspId` says which account's order it is. */
  readonly answer: (orderId: string, pspId: string) => FakeAnswer | Promise<FakeAnswer>;
}

/** The API user the local service queries with (its OGONE_* settings): the one the fake accepts. */
export const localApiUser = (settings: Readonly<Record<string, string>>): ApiUser => ({
  pspId: settings.OGONE_PSPID as string,
  userId: settings.OGONE_USERID as string,
  password: settings.OGONE_PASSWORD as string,
});

export const QUERY_PATH = '/ncol/test/querydirect_utf8.asp';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The element Ogone answers with: attribute names in Ogone's own mixed case. */
const ncresponse = (attributes: Record<string, string>): string =>
  `<?xml version="1.0"?>\n<ncresponse ${Object.entries(attributes)
    .map(([name, value]) => `${name}="${escapeXml(value)}"`)
    .join('\n')}>\n</ncresponse>`;

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A stand-in for Ogone's DirectLink status query on loopback, for tests and local
 * reconciliation runs (`npm run ogone -- directlink`).
 */
export const startFakeDirectLink = async (
  options: FakeDirectLinkOptions,
): Promise<FakeDirectLink> => {
  const queries: { orderId: string; authorized: boolean }[] = [];
  const users: readonly ApiUser[] = Array.isArray(options.credentials)
    ? options.credentials
    : [options.credentials as ApiUser];
  const server: Server = createServer(async (request, response) => {
    const form = new URLSearchParams(await readBody(request));
    const orderId = form.get('ORDERID') ?? '';
    const pspId = form.get('PSPID') ?? '';
    const user = users.find((candidate) => candidate.pspId === pspId);
    const authorized =
      user !== undefined &&
      form.get('USERID') === user.userId &&
      form.get('PSWD') === user.password;
    queries.push({ orderId, authorized });
    let answer: FakeAnswer = authorized
      ? await options.answer(orderId, pspId)
      : { ogoneError: '50001119', ncErrorPlus: 'Password is wrong or disabled' };
    while ('delayMs' in answer) {
      await sleep(answer.delayMs);
      answer = answer.answer;
    }
    if ('httpStatus' in answer) {
      response
        .writeHead(answer.httpStatus, { 'content-type': 'text/html' })
        .end('<html>error</html>');
      return;
    }
    const body =
      'raw' in answer
        ? answer.raw
        : 'ogoneError' in answer
          ? ncresponse({
              orderID: orderId,
              PAYID: '0',
              NCSTATUS: '5',
              NCERROR: answer.ogoneError,
              NCERRORPLUS: answer.ncErrorPlus,
              ACCEPTANCE: '',
              STATUS: '',
              amount: '',
              currency: '',
            })
          : ncresponse({
              orderID: orderId,
              PAYID: answer.payId ?? '3000042',
              PAYIDSUB: '0',
              NCSTATUS: '0',
              NCERROR: answer.ncError ?? '0',
              NCERRORPLUS: '!',
              ACCEPTANCE: 'test123',
              STATUS: answer.status,
              ECI: '7',
              amount: answer.amount ?? '',
              currency: answer.currency ?? '',
              PM: answer.pm ?? 'CreditCard',
              BRAND: answer.brand ?? 'VISA',
              CARDNO: answer.cardNo ?? 'XXXXXXXXXXXX1111',
              ...(answer.alias === undefined ? {} : { ALIAS: answer.alias }),
            });
    response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${QUERY_PATH}`,
    queries,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
