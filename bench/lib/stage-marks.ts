import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Stage timing inside real calls. The staged bundle is handlers/feedback.ts itself, built with
 * every function it imports wrapped in `span` (bundles.ts, stagePlugin), so the stages follow
 * the handler as it is written, whatever it calls.
 */
interface Mark {
  readonly name: string;
  readonly open: boolean;
  readonly wall: number;
  readonly cpu: number;
}

let marks: Mark[] = [];
const mark = (name: string, open: boolean) => {
  const used = process.cpuUsage();
  marks.push({ name, open, wall: performance.now(), cpu: used.user + used.system });
};

const instrumented = new WeakSet<object>();
interface StagedService {
  readonly config?: { readonly accounts?: { readonly byId?: ReadonlyMap<string, unknown> } };
  readonly repositoryFor?: (account: unknown) => { readonly client?: DynamoDBClient };
}
/** The service's own DynamoDB client (one, shared by every account's repository): its send()
 * becomes a span of its own. */
const instrument = (service: unknown) => {
  const { config, repositoryFor } = service as StagedService;
  const [account] = config?.accounts?.byId?.values() ?? [];
  const client = account === undefined ? undefined : repositoryFor?.(account)?.client;
  if (client === undefined) throw new Error('stage marks: the service has no DynamoDB client');
  if (instrumented.has(client)) return;
  instrumented.add(client);
  client.middlewareStack.add(
    (next) => async (args) => {
      mark('DynamoDB call (SDK + round trip)', true);
      try {
        return await next(args);
      } finally {
        mark('DynamoDB call (SDK + round trip)', false);
      }
    },
    { step: 'initialize', priority: 'high', name: 'benchStageMarks' },
  );
};

export const span = <T>(name: string, value: T): T => {
  // Values and classes pass through: only calls are stages.
  if (typeof value !== 'function' || /^class[\s{]/.test(Function.prototype.toString.call(value))) {
    return value;
  }
  const fn = value as (...args: unknown[]) => unknown;
  return ((...args: unknown[]) => {
    mark(name, true);
    const out = fn(...args);
    if (!(out instanceof Promise)) {
      mark(name, false);
      return out;
    }
    return out.then(
      (result) => {
        if (name === 'getService') instrument(result);
        mark(name, false);
        return result;
      },
      (error: unknown) => {
        mark(name, false);
        throw error;
      },
    );
  }) as T;
};

/**
 * One call's marks as stages: time outside any span is the middleware (before the first span,
 * after the last) or the handler's own lines; processNotification is split at its send().
 */
const stagesOf = (list: readonly Mark[]): Record<string, { wall: number; cpu: number }> => {
  const stages: Record<string, { wall: number; cpu: number }> = {};
  const open: string[] = [];
  let sent = false;
  for (let i = 1; i < list.length; i++) {
    const previous = list[i - 1] as Mark;
    const current = list[i] as Mark;
    if (previous.name !== 'call') {
      if (previous.open) open.push(previous.name);
      else open.pop();
    }
    if (previous.name.startsWith('DynamoDB') && !previous.open) sent = true;
    const inner = open.at(-1);
    const label =
      inner === undefined
        ? i === 1
          ? 'middleware in'
          : i === list.length - 1
            ? 'middleware out (metrics flush)'
            : 'handler lines between calls'
        : inner === 'processNotification'
          ? `processNotification: ${sent ? 'decode' : 'plan + build'}`
          : inner;
    const stage = stages[label] ?? { wall: 0, cpu: 0 };
    stage.wall += (current.wall - previous.wall) * 1000;
    stage.cpu += current.cpu - previous.cpu;
    stages[label] = stage;
  }
  return stages;
};

const samples: Record<string, { wall: number; cpu: number }>[] = [];

/** Wraps the handler: marks the whole call, keeps its stages. */
export const staged =
  <E, C, R>(handler: (event: E, context: C) => Promise<R>) =>
  async (event: E, context: C): Promise<R> => {
    marks = [];
    mark('call', true);
    const answer = await handler(event, context);
    mark('call', false);
    samples.push(stagesOf(marks));
    return answer;
  };

export const takeSamples = () => samples.splice(0);
