import { COLD_CHILD, runNodeChild } from './children.js';
import { median, round } from './stats.js';

interface ColdChildResult {
  readonly answered: number;
  readonly importMs: number;
  readonly cpuMs: number;
  readonly statusCode?: number;
  readonly body?: string;
}

export interface ColdSpec {
  readonly name: string;
  readonly bundle: string;
  /** The child's environment for run i (a fresh reference per run goes in BENCH_EVENT). */
  readonly env: (run: number) => Record<string, string>;
}

export interface ColdSeries {
  /** Process start (performance.timeOrigin) to the handler's answer: the figure. */
  readonly medianMs: number;
  readonly medianImportMs: number;
  /** CPU time (all threads) from process start to the answer: steadier under other load. */
  readonly medianCpuMs: number;
}

/**
 * Cold starts: each run a fresh `node` that imports a bundle and handles one event. The specs
 * take turns run by run (order rotated, and reversed every other cycle), so other load on the
 * machine, and the run before, weigh on all alike.
 */
export const runColdSeries = async (
  specs: readonly ColdSpec[],
  runs: number,
): Promise<Record<string, ColdSeries>> => {
  const samples = new Map<string, ColdChildResult[]>(specs.map((spec) => [spec.name, []]));
  for (let run = 0; run < runs; run++) {
    // Every other cycle of rotations runs backwards, so that each spec comes after each other
    // spec as often: a child slows the next one down (DynamoDB Local still busy with its write).
    const order = Math.floor(run / specs.length) % 2 === 0 ? specs : [...specs].reverse();
    for (let i = 0; i < order.length; i++) {
      const spec = order[(i + run) % order.length] as ColdSpec;
      const { result } = await runNodeChild<ColdChildResult>(
        COLD_CHILD,
        [spec.bundle],
        spec.env(run),
      );
      if (result.statusCode !== 200) {
        throw new Error(`cold start ${spec.name}: ${result.statusCode} ${result.body}`);
      }
      samples.get(spec.name)?.push(result);
    }
  }
  return Object.fromEntries(
    specs.map((spec) => {
      const list = samples.get(spec.name) ?? [];
      const pick = (fn: (s: ColdChildResult) => number) => round(median(list.map(fn)), 1);
      return [
        spec.name,
        {
          medianMs: pick((s) => s.answered),
          medianImportMs: pick((s) => s.importMs),
          medianCpuMs: pick((s) => s.cpuMs),
        },
      ];
    }),
  );
};
