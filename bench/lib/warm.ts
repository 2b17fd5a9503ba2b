import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runNodeChild, WARM_CHILD } from './children.js';
import { mean, median, round } from './stats.js';

export type WarmKind = 'handler' | 'compare' | 'accounts' | 'staged' | 'bound' | 'replay' | 'floor';

export interface WarmSeriesInput {
  readonly name: string;
  readonly kind: WarmKind;
  /** Warm-up items first, then the measured ones. */
  readonly items: readonly unknown[];
}

interface Round {
  readonly ms: number;
  readonly cpuMicros: number;
}

interface ChildResult {
  readonly series: Record<string, { rounds: Round[]; answers: Record<string, number> }>;
  readonly stages: Record<string, { wall: number; cpu: number }>[];
}

export interface WarmSeries {
  readonly calls: number;
  readonly opsPerSec: number;
  readonly cpuMsPerCall: number;
  readonly rounds: readonly Round[];
}

export interface WarmRun {
  readonly series: Record<string, WarmSeries>;
  /** Per stage of the staged handler, in call order: median wall µs, mean CPU µs per call. */
  readonly stages: Record<string, { wallMicros: number; cpuMicros: number }>;
  /** stdout bytes per handler call (handler, staged, compare and accounts series). */
  readonly logBytesPerCall: number;
}

/**
 * One warm process, every series in interleaved rounds of `block` calls. Throws unless every
 * call answered `200 OK` (each item is a fresh reference: an applied write).
 */
export const runWarm = async (options: {
  readonly dir: string;
  readonly bundles: {
    feedback: string;
    staged: string;
    bound: string;
    floor: string;
    compare?: string;
    accounts?: string;
  };
  /** Set only around the accounts bundle's first call (warm-child.mjs). */
  readonly accountsEnv?: Record<string, string>;
  readonly context: Record<string, unknown>;
  readonly env: Record<string, string>;
  readonly block: number;
  readonly warmupRounds: number;
  readonly series: readonly WarmSeriesInput[];
}): Promise<WarmRun> => {
  const inputFile = join(options.dir, 'warm.json');
  writeFileSync(inputFile, JSON.stringify(options));
  const run = await runNodeChild<ChildResult>(WARM_CHILD, [inputFile], options.env, {
    timeoutMs: 900_000,
  });
  const series: Record<string, WarmSeries> = {};
  let calls = 0;
  for (const spec of options.series) {
    const raw = run.result.series[spec.name];
    if (raw === undefined || raw.answers['200 OK'] !== spec.items.length) {
      throw new Error(`warm ${spec.name}: answers ${JSON.stringify(raw?.answers)}`);
    }
    // Only the handlers write log lines.
    if (spec.kind !== 'replay' && spec.kind !== 'floor') calls += spec.items.length;
    const measured = spec.items.length - options.warmupRounds * options.block;
    const ms = raw.rounds.reduce((total, r) => total + r.ms, 0);
    const cpu = raw.rounds.reduce((total, r) => total + r.cpuMicros, 0);
    series[spec.name] = {
      calls: measured,
      opsPerSec: round((measured / ms) * 1000, 1),
      cpuMsPerCall: round(cpu / 1000 / measured),
      rounds: raw.rounds,
    };
  }
  const names = [...new Set(run.result.stages.flatMap((sample) => Object.keys(sample)))];
  const stages = Object.fromEntries(
    names.map((name) => {
      const of = (pick: 'wall' | 'cpu') => run.result.stages.map((s) => s[name]?.[pick] ?? 0);
      return [
        name,
        { wallMicros: round(median(of('wall')), 1), cpuMicros: round(mean(of('cpu')), 1) },
      ];
    }),
  );
  return { series, stages, logBytesPerCall: Math.round(run.stdoutBytes / calls) };
};

/**
 * `a` over `b`, round by round (the two ran side by side), median of the rounds: what one
 * stall of the machine cannot move. `pick` reads the figure compared from a round.
 */
export const roundRatio = (a: WarmSeries, b: WarmSeries, pick: (r: Round) => number): number =>
  round(median(a.rounds.map((r, i) => pick(r) / pick(b.rounds[i] as Round))));
