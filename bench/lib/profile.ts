import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageOf } from './bundles.js';
import { round } from './stats.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileBreakdown {
  readonly totalMs: number;
  /** Self time by package (source-mapped from the bundle), node internals and V8 buckets. */
  readonly selfMsByPackage: Record<string, number>;
  /** The heaviest functions by self time, with their original file. */
  readonly topFunctions: readonly { name: string; source: string; selfMs: number }[];
}

const shorten = (source: string): string => {
  const at = source.lastIndexOf('node_modules/');
  if (at >= 0) return source.slice(at + 'node_modules/'.length);
  const project = source.search(/\/(lib|handlers|bench)\//);
  return project >= 0 ? source.slice(project + 1) : source;
};

/** The newest .cpuprofile in a directory (node --cpu-prof writes one per process). */
export const newestProfile = (directory: string): string => {
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.cpuprofile'))
    .sort();
  const last = files.at(-1);
  if (last === undefined) throw new Error(`no .cpuprofile in ${directory}`);
  return join(directory, last);
};

/**
 * Attributes a V8 CPU profile's self time to npm packages by mapping each bundled function back
 * through the bundle's source map (keepNames does not survive into profiles; the map does).
 */
export const attributeProfile = (
  profilePath: string,
  bundleFiles: readonly string[],
): ProfileBreakdown => {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const maps = new Map<string, SourceMap>();
  for (const file of bundleFiles) {
    const payload = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload;
    maps.set(file, new SourceMap(payload));
  }
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byPackage: Record<string, number> = {};
  const byFunction = new Map<string, { name: string; source: string; selfUs: number }>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let key: string;
    let source = url;
    if (url === '') {
      key = functionName.startsWith('(') ? functionName : '(native)';
    } else if (url.startsWith('node:')) {
      key = '(node internals)';
    } else {
      const path = url.startsWith('file:') ? fileURLToPath(url) : url;
      const map = maps.get(path);
      const entry = map?.findEntry(lineNumber, columnNumber);
      if (entry !== undefined && 'originalSource' in entry) {
        source = entry.originalSource;
        key = packageOf(source.replace(/^file:\/\//, ''));
      } else {
        key = map === undefined ? '(other scripts)' : '(bundle, unmapped)';
      }
    }
    byPackage[key] = (byPackage[key] ?? 0) + us;
    const fnKey = `${functionName}@${source}:${lineNumber}`;
    const existing = byFunction.get(fnKey);
    if (existing === undefined) {
      byFunction.set(fnKey, {
        name: functionName || '(anonymous)',
        source: shorten(source),
        selfUs: us,
      });
    } else {
      existing.selfUs += us;
    }
  }
  return {
    totalMs: round((profile.endTime - profile.startTime) / 1000, 1),
    selfMsByPackage: Object.fromEntries(
      Object.entries(byPackage)
        .sort(([, a], [, b]) => b - a)
        .map(([name, us]) => [name, round(us / 1000, 1)]),
    ),
    topFunctions: [...byFunction.values()]
      .sort((a, b) => b.selfUs - a.selfUs)
      .slice(0, 12)
      .map(({ name, source, selfUs: us }) => ({ name, source, selfMs: round(us / 1000, 2) })),
  };
};
