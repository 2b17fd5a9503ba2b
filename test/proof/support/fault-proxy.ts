import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP hop between the service's DynamoDB client and DynamoDB Local that misbehaves on demand,
 * so faults reach the real client with its real configuration, retries and error parsing:
 * - `forward`: a plain proxy;
 * - `throttle`: answers as DynamoDB does when throttling, without forwarding;
 * - `delay`: forwards, and holds the answer back for `delayMs` (the write has happened);
 * - `blackhole`: accepts the request and never answers.
 */
export type FaultMode = 'forward' | 'throttle' | 'delay' | 'blackhole';

export type ThrottleError = 'ProvisionedThroughputExceededException' | 'ThrottlingException';

export interface FaultProxy {
  readonly endpoint: string;
  mode: FaultMode;
  throttleError: ThrottleError;
  delayMs: number;
  /** Requests received, whatever the mode. */
  readonly received: number;
  /** Requests that reached DynamoDB Local. */
  readonly forwarded: number;
  close(): Promise<void>;
}

const readBody = (incoming: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks)));
    incoming.on('error', reject);
  });

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

const forward = (upstream: URL, incoming: IncomingMessage, body: Buffer): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        readBody(answer)
          .then((data) =>
            resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }),
          )
          .catch(reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });

const reply = (response: ServerResponse, answer: Answer): void => {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
};

export const startFaultProxy = async (upstreamEndpoint: string): Promise<FaultProxy> => {
  const upstream = new URL(upstreamEndpoint);
  const sockets = new Set<Socket>();
  const counters = { received: 0, forwarded: 0 };
  const state: Pick<FaultProxy, 'mode' | 'throttleError' | 'delayMs'> = {
    mode: 'forward',
    throttleError: 'ProvisionedThroughputExceededException',
    delayMs: 3_000,
  };
  const server = createServer((incoming, response) => {
    response.on('error', () => undefined);
    void (async () => {
      const body = await readBody(incoming);
      counters.received += 1;
      const mode = state.mode;
      if (mode === 'blackhole') return;
      if (mode === 'throttle') {
        reply(response, {
          status: 400,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amzn-requestid': `fault-proxy-${counters.received}`,
          },
          body: Buffer.from(
            JSON.stringify({
              __type: `com.amazonaws.dynamodb.v20120810#${state.throttleError}`,
              message: 'Rate of requests exceeds the allowed throughput.',
            }),
          ),
        });
        return;
      }
      counters.forwarded += 1;
      const answer = await forward(upstream, incoming, body);
      if (mode === 'delay') await new Promise((resolve) => setTimeout(resolve, state.delayMs));
      reply(response, answer);
    })().catch(() => {
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(502);
        response.end();
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(mode: FaultMode) {
      state.mode = mode;
    },
    get throttleError() {
      return state.throttleError;
    },
    set throttleError(error: ThrottleError) {
      state.throttleError = error;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    get received() {
      return counters.received;
    },
    get forwarded() {
      return counters.forwarded;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};
