import { COLD_CHILD, runNodeChild } from './children.js';
import { median, round } from './stats.js';

interface ColdChildResult {
  readonly entered: number;
  readonly imported: number;
  readonly answered: number;
  readonly importMs: number;
  readonly handleMs: number;
  readonly cpuMs: number;
  readonly statusCode?: number;
  readonly body?: string;
}

export interface ColdSpec {
  readonly name: string;
  readonly bundle: string;
  /** The child's environment for run i (a fresh reference per run goes in BENCH_EVENT). */
  readonly env: (run: number) => Record<string, string>;
  readonly expectStatus: number;
  readonly nodeFlags?: readonly string[];
}

export interface ColdSeries {
  readonly name: string;
  readonly runs: number;
  /** Process start (performance.timeOrigin) to the handler's answer, in the child: the figure. */
  readonly medianToAnswerMs: number;
  /** Process start to the first line of the script: node's own bootstrap, the same for all. */
  readonly medianBootstrapMs: number;
  readonly medianImportMs: number;
  readonly medianFirstInvokeMs: number;
  /** spawn() to the answer on stdout, as the parent saw it. */
  readonly medianWallMs: number;
  /** CPU time (all threads) from process start to the answer: robust to other load. */
  readonly medianCpuMs: number;
  readonly samplesToAnswerMs: readonly number[];
}

/**
 * Cold starts: each run a fresh `node` process that imports the bundle and handles one event.
 * The specs are interleaved run by run (and their order rotated), so that whatever else the
 * machine is doing weighs on all of them alike.
 */
export const runColdSeries = async (
  specs: readonly ColdSpec[],
  runs: number,
  onRun?: (name: string, run: number, ms: number) => void,
): Promise<Record<string, ColdSeries>> => {
  const samples = new Map<string, (ColdChildResult & { wallMs: number })[]>(
    specs.map((spec) => [spec.name, []]),
  );
  for (let run = 0; run < runs; run++) {
    const order = specs.map((_, i) => specs[(i + run) % specs.length] as ColdSpec);
    for (const spec of order) {
      const { result, wallMs } = await runNodeChild<ColdChildResult>(
        COLD_CHILD,
        [spec.bundle],
        spec.env(run),
        { nodeFlags: spec.nodeFlags ?? [] },
      );
      if (result.statusCode !== spec.expectStatus) {
        throw new Error(
          `cold start ${spec.name}: status ${result.statusCode} (${result.body}), expected ${spec.expectStatus}`,
        );
      }
      samples.get(spec.name)?.push({ ...result, wallMs });
      onRun?.(spec.name, run, result.answered);
    }
  }
  return Object.fromEntries(
    specs.map((spec) => {
      const list = samples.get(spec.name) ?? [];
      const pick = (fn: (s: ColdChildResult & { wallMs: number }) => number) =>
        round(median(list.map(fn)), 1);
      return [
        spec.name,
        {
          name: spec.name,
          runs: list.length,
          medianToAnswerMs: pick((s) => s.answered),
          medianBootstrapMs: pick((s) => s.entered),
          medianImportMs: pick((s) => s.importMs),
          medianFirstInvokeMs: pick((s) => s.handleMs),
          medianWallMs: pick((s) => s.wallMs),
          medianCpuMs: pick((s) => s.cpuMs),
          samplesToAnswerMs: list.map((s) => round(s.answered, 1)),
        },
      ];
    }),
  );
};
