import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The functions of serverless.yml and the entry each one is bundled from. */
export const FUNCTION_ENTRIES = {
  feedback: 'handlers/feedback.ts',
  registerTransaction: 'handlers/register-transaction.ts',
  getTransaction: 'handlers/get-transaction.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;

/** The lower bound: one DynamoDB client and one UpdateItem, nothing else. */
export const FLOOR_ENTRY = 'bench/lib/floor-entry.ts';

export interface EsbuildSettings {
  readonly bundle: boolean;
  readonly minify: boolean;
  readonly keepNames: boolean;
  readonly sourcemap: boolean;
  readonly format: 'esm';
  readonly platform: 'node';
  readonly target: string;
  readonly outputFileExtension: string;
  readonly mainFields: readonly string[];
  readonly exclude: readonly string[];
  readonly bannerJs: string;
}

const scalar = (text: string): string | boolean | string[] => {
  const value = text.trim();
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value.startsWith('[') && value.endsWith(']')) {
    const inner = value.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((part) => String(scalar(part)));
  }
  if (
    (value.startsWith('"') && value.endsWith('"')) ||
    (value.startsWith("'") && value.endsWith("'"))
  ) {
    return value.slice(1, -1);
  }
  return value;
};

/**
 * Reads `custom.esbuild` from serverless.yml (the serverless-esbuild settings that deploy), so
 * that the benchmark bundles exactly what ships. A deliberately narrow reader: it knows the
 * block's shape (scalars, flow lists, `banner.js`) and fails loudly on anything else.
 */
export const readEsbuildSettings = (): EsbuildSettings => {
  const lines = readFileSync(join(ROOT, 'serverless.yml'), 'utf8').split('\n');
  const start = lines.indexOf('  esbuild:');
  if (start < 0 || lines.slice(0, start).every((line) => line !== 'custom:')) {
    throw new Error('serverless.yml has no custom.esbuild block');
  }
  const values: Record<string, string | boolean | string[]> = {};
  let inBanner = false;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent <= 2) break;
    const colon = line.indexOf(':');
    const key = line.slice(0, colon).trim();
    const rest = line.slice(colon + 1);
    if (indent === 4) {
      inBanner = key === 'banner';
      if (!inBanner) values[key] = scalar(rest);
    } else if (inBanner && indent === 6) {
      values[`banner.${key}`] = scalar(rest);
    } else {
      throw new Error(`serverless.yml custom.esbuild: unexpected line "${line}"`);
    }
  }
  const text = (key: string): string => {
    const value = values[key];
    if (typeof value !== 'string') throw new Error(`custom.esbuild.${key} is not a string`);
    return value;
  };
  const flag = (key: string): boolean => {
    const value = values[key];
    if (typeof value !== 'boolean') throw new Error(`custom.esbuild.${key} is not a boolean`);
    return value;
  };
  const list = (key: string): string[] => {
    const value = values[key];
    if (!Array.isArray(value)) throw new Error(`custom.esbuild.${key} is not a list`);
    return value;
  };
  const format = text('format');
  const platform = text('platform');
  if (format !== 'esm' || platform !== 'node') {
    throw new Error(`the benchmark expects format esm / platform node, got ${format}/${platform}`);
  }
  return {
    bundle: flag('bundle'),
    minify: flag('minify'),
    keepNames: flag('keepNames'),
    sourcemap: flag('sourcemap'),
    format,
    platform,
    target: text('target'),
    outputFileExtension: text('outputFileExtension'),
    mainFields: list('mainFields'),
    exclude: list('exclude'),
    bannerJs: text('banner.js'),
  };
};

/** provider.environment.NODE_OPTIONS of serverless.yml: what every deployed function runs with. */
export const readDeployedNodeOptions = (): string => {
  const match = /^ {4}NODE_OPTIONS:\s*(.+)$/m.exec(
    readFileSync(join(ROOT, 'serverless.yml'), 'utf8'),
  );
  return match?.[1] === undefined ? '' : String(scalar(match[1]));
};

export const esbuildOptions = (settings: EsbuildSettings): BuildOptions => ({
  bundle: settings.bundle,
  minify: settings.minify,
  keepNames: settings.keepNames,
  // serverless-esbuild's `sourcemap: true` is esbuild's linked map: a separate .map file and a
  // one-line sourceMappingURL comment, which --enable-source-maps follows at load time.
  sourcemap: settings.sourcemap,
  format: settings.format,
  platform: settings.platform,
  target: settings.target,
  mainFields: [...settings.mainFields],
  external: [...settings.exclude],
  banner: { js: settings.bannerJs },
  outExtension: { '.js': settings.outputFileExtension },
  logLevel: 'silent',
  metafile: true,
});

export interface BuiltBundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes: number;
  readonly metafile: Metafile;
}

/** Bundles one entry, alone, into `outdir` (as serverless-esbuild does with `individually`). */
export const buildBundle = async (
  name: string,
  entry: string,
  outdir: string,
  settings: EsbuildSettings,
  extra: Pick<BuildOptions, 'plugins'> = {},
): Promise<BuiltBundle> => {
  const result = await build({
    ...esbuildOptions(settings),
    ...extra,
    absWorkingDir: ROOT,
    entryPoints: { [name]: entry },
    outdir,
  });
  const file = join(outdir, `${name}${settings.outputFileExtension}`);
  const map = `${file}.map`;
  return {
    name,
    file,
    bytes: statSync(file).size,
    mapBytes: settings.sourcemap ? statSync(map).size : 0,
    metafile: result.metafile ?? { inputs: {}, outputs: {} },
  };
};

/** `node_modules/@scope/name/…` → `@scope/name`; anything else → `(project)`. */
export const packageOf = (path: string): string => {
  const parts = path.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return '(project)';
  const first = parts[at + 1] ?? '?';
  return first.startsWith('@') ? `${first}/${parts[at + 2] ?? '?'}` : first;
};

/** Bytes each package contributes to the output, from esbuild's metafile. */
export const bytesByPackage = (bundle: BuiltBundle): Record<string, number> => {
  const totals: Record<string, number> = {};
  for (const output of Object.values(bundle.metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const key = packageOf(path);
      totals[key] = (totals[key] ?? 0) + input.bytesInOutput;
    }
  }
  return Object.fromEntries(Object.entries(totals).sort(([, a], [, b]) => b - a));
};

/**
 * Bundles a few lines of TypeScript (resolved from the project root) with the same settings: the
 * diagnostic variants that isolate what a dependency costs at cold start.
 */
export const buildVariant = async (
  name: string,
  contents: string,
  outdir: string,
  settings: EsbuildSettings,
  extra: Pick<BuildOptions, 'plugins'> = {},
): Promise<BuiltBundle> => {
  const file = join(outdir, `${name}${settings.outputFileExtension}`);
  const result = await build({
    ...esbuildOptions(settings),
    ...extra,
    absWorkingDir: ROOT,
    stdin: { contents, resolveDir: ROOT, sourcefile: `${name}.ts`, loader: 'ts' },
    outfile: file,
  });
  return {
    name,
    file,
    bytes: statSync(file).size,
    mapBytes: settings.sourcemap ? statSync(`${file}.map`).size : 0,
    metafile: result.metafile ?? { inputs: {}, outputs: {} },
  };
};
