import { Agent, request } from 'node:http';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { freePort, localClient } from '../../../scripts/lib/dynamodb-local.js';
import { type LocalStack, startLocalStack } from '../../../scripts/lib/local-stack.js';

/**
 * Raw HTTP against the running service: node:http rather than fetch, so that a test controls every
 * byte of the request line and body (raw ISO-8859-1 bytes, any method) and reads every answer.
 */
export interface RawRequest {
  readonly method: string;
  /** Path and query, sent as latin1 bytes. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * The server (Node's HTTP server under serverless-offline) closes a keep-alive connection after 5 s
 * idle, and a request written to it just then is reset unread: "socket hang up". Node's agent
 * guards against that with a timer, which cannot fire while this event loop is held (signing
 * thousands of requests, a loaded machine). So the clock is read when a request is sent: a
 * connection idle for 2 s is closed and a new one opened. Nothing is ever sent twice.
 */
const IDLE_LIMIT_MS = 2_000;
const freedAt = new WeakMap<object, number>();

export const keepAliveAgent = (maxSockets: number): Agent => {
  const agent = new Agent({ keepAlive: true, maxSockets });
  agent.on('free', (socket: object) => freedAt.set(socket, Date.now()));
  return agent;
};

const dropIdleSockets = (agent: Agent): void => {
  const now = Date.now();
  for (const sockets of Object.values(agent.freeSockets)) {
    for (let i = (sockets?.length ?? 0) - 1; i >= 0; i--) {
      const socket = sockets?.[i];
      if (socket !== undefined && now - (freedAt.get(socket) ?? now) >= IDLE_LIMIT_MS) {
        // Out of the free list first: the agent would otherwise hand the closing socket out.
        sockets?.splice(i, 1);
        socket.destroy();
      }
    }
  }
};

export const sendRaw = (agent: Agent, baseUrl: string, raw: RawRequest): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const url = new URL(baseUrl);
    dropIdleSockets(agent);
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: raw.method,
        path: raw.path,
        agent,
        headers: {
          ...raw.headers,
          ...(raw.body === undefined ? {} : { 'content-length': String(raw.body.length) }),
        },
        // A request still unanswered after this has hung: serverless-offline's own Lambda timeout
        // (30 s locally) has long passed. Reported as an error, never retried.
        timeout: 120_000,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer to ${raw.method}`)));
    outgoing.on('error', reject);
    outgoing.end(raw.body);
  });

/** Runs `work` over `items` with at most `concurrency` in flight, keeping the results in order. */
export const pool = async <T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
};

export interface ServiceUnderTest {
  readonly stack: LocalStack;
  readonly agent: Agent;
  readonly passphrase: string;
  readonly resultUrl: string;
  send(raw: RawRequest): Promise<RawResponse>;
  register(reference: string, amount?: string): Promise<RawResponse>;
  read(reference: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Every item of the transactions table, as DynamoDB Local holds it, sorted by reference. */
  scanTable(): Promise<string>;
  stop(): Promise<void>;
}

/** The service as `npm start` runs it, with a RESULT_URL of our own and a keep-alive client. */
export const startService = async (
  resultUrl: string,
  maxSockets: number,
): Promise<ServiceUnderTest> => {
  const stack = await startLocalStack({
    port: await freePort(),
    env: { ...process.env, QUIET: '1', RESULT_URL: resultUrl },
  });
  const agent = keepAliveAgent(maxSockets);
  const send = (raw: RawRequest) => sendRaw(agent, stack.baseUrl, raw);
  const client = localClient(stack.dynamoDb.endpoint);
  const tableName = stack.settings.TRANSACTIONS_TABLE as string;
  return {
    stack,
    agent,
    passphrase: stack.settings.OGONE_SHA_OUT_PASSPHRASE as string,
    resultUrl,
    send,
    register: (reference, amount = '15.10') =>
      send({
        method: 'POST',
        path: '/payment/ogone/transactions',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ reference, amount, currency: 'EUR' })),
      }),
    read: async (reference) => {
      const response = await send({
        method: 'GET',
        path: `/payment/ogone/transactions/${encodeURIComponent(reference)}`,
      });
      return {
        status: response.status,
        body: JSON.parse(response.body) as Record<string, unknown>,
      };
    },
    scanTable: async () => {
      const items: unknown[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: tableName,
            ConsistentRead: true,
            ...(start === undefined ? {} : { ExclusiveStartKey: start as never }),
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      const key = (item: unknown) => JSON.stringify((item as { reference?: unknown }).reference);
      return JSON.stringify(items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)));
    },
    stop: async () => {
      agent.destroy();
      client.destroy();
      await stack.stop();
    },
  };
};

/**
 * serverless-offline starts one worker thread per concurrent invocation and keeps it warm. Cold
 * workers starting by dozens at once can outlast its Lambda timeout on a busy two-core machine,
 * so the pool is grown a few workers at a time, with requests refused before any storage call.
 * Nothing is asserted here: the answers are returned for the record.
 */
export const warmUp = async (service: ServiceUnderTest, concurrency: number): Promise<number[]> => {
  const statuses: number[] = [];
  for (let width = 4; width <= concurrency + 3; width += 4) {
    const wave = Math.min(width, concurrency);
    const answers = await Promise.all(
      Array.from({ length: wave }, (_, i) =>
        service.send({ method: 'GET', path: `/payment/ogone/return?orderID=WARM-${i}&STATUS=9` }),
      ),
    );
    statuses.push(...answers.map((answer) => answer.status));
  }
  statuses.push((await service.read('WARM-READ')).status);
  return statuses;
};

/** Polls `probe` until it holds or `limitMs` passes; the caller asserts on the final value. */
export const eventually = async <T>(
  probe: () => T,
  done: (value: T) => boolean,
  limitMs: number,
): Promise<T> => {
  const deadline = Date.now() + limitMs;
  let value = probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = probe();
  }
  return value;
};
