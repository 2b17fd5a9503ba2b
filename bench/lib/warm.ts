import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNodeChild, WARM_CHILD } from './children.js';
import { type LatencySummary, round, summarizeLatencies } from './stats.js';

export type WarmKind = 'handler' | 'floor' | 'replay';

export interface WarmSeriesInput {
  readonly name: string;
  readonly kind: WarmKind;
  readonly warmup: readonly unknown[];
  readonly items: readonly unknown[];
}

export interface WarmSeries extends LatencySummary {
  /** CPU time of the whole process (all threads) per call while this series ran. */
  readonly cpuMsPerCall: number;
  /** `status body` of each answer: all must be `200 OK`. */
  readonly answers: Record<string, number>;
}

export interface WarmRun {
  readonly series: Record<string, WarmSeries>;
  /** Log output the handler wrote (read and dropped by this process). */
  readonly stdoutBytes: number;
}

interface WarmChildResult {
  readonly series: Record<
    string,
    { latenciesMs: number[]; cpuMicros: number; answers: Record<string, number> }
  >;
}

/**
 * One warm process: the bundles imported once, every series called sequentially in alternating
 * blocks. Throws unless every recorded call answered `200 OK` (an applied write).
 */
export const runWarm = async (options: {
  readonly name: string;
  readonly dir: string;
  readonly feedbackBundle: string;
  readonly floorBundle: string;
  readonly context: Record<string, unknown>;
  readonly env: Record<string, string>;
  readonly block: number;
  readonly series: readonly WarmSeriesInput[];
  readonly nodeFlags?: readonly string[];
  readonly discardStdout?: boolean;
}): Promise<WarmRun> => {
  const inputFile = join(options.dir, `warm-${options.name}.json`);
  writeFileSync(
    inputFile,
    JSON.stringify({
      feedbackBundle: options.feedbackBundle,
      floorBundle: options.floorBundle,
      context: options.context,
      block: options.block,
      series: options.series,
    }),
  );
  const run = await runNodeChild<WarmChildResult>(WARM_CHILD, [inputFile], options.env, {
    nodeFlags: options.nodeFlags ?? [],
    timeoutMs: 600_000,
    ...(options.discardStdout === true
      ? { resultFile: join(options.dir, `warm-${options.name}.result.json`) }
      : {}),
  });
  const series: Record<string, WarmSeries> = {};
  for (const spec of options.series) {
    const raw = run.result.series[spec.name];
    if (raw === undefined) throw new Error(`warm run ${options.name}: no result for ${spec.name}`);
    if ((raw.answers['200 OK'] ?? 0) !== spec.items.length) {
      throw new Error(
        `warm run ${options.name}, ${spec.name}: answers ${JSON.stringify(raw.answers)}, expected ${spec.items.length} × 200 OK`,
      );
    }
    series[spec.name] = {
      ...summarizeLatencies(raw.latenciesMs),
      cpuMsPerCall: round(raw.cpuMicros / 1000 / raw.latenciesMs.length),
      answers: raw.answers,
    };
  }
  return { series, stdoutBytes: run.stdoutBytes };
};
