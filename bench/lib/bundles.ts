import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What the bench bundles: the deployed feedback function, the floor, the stage-timed copy, and the
 * bound (the same work with nothing else around it).
 */
export const ENTRIES = {
  feedback: 'handlers/feedback.ts',
  floor: 'bench/lib/floor-entry.ts',
  staged: 'bench/lib/staged-feedback.ts',
  bound: 'bench/lib/bound-entry.ts',
} as const;

export type BundleName = keyof typeof ENTRIES;

interface Deployed {
  readonly esbuild: Record<string, unknown> & { banner?: { js?: string } };
  readonly nodeOptions: string;
}

/** serverless.yml's `custom.esbuild` and `provider.environment.NODE_OPTIONS`: what ships. */
export const readDeployed = (root = ROOT): Deployed => {
  const doc = parse(readFileSync(join(root, 'serverless.yml'), 'utf8'));
  const esbuild = doc?.custom?.esbuild;
  if (esbuild?.format !== 'esm' || esbuild?.platform !== 'node') {
    throw new Error('the bench expects custom.esbuild with format esm and platform node');
  }
  // provider.environment is infra/accounts.cjs's merge of custom.environment.provider, where the
  // functions' shared variables (NODE_OPTIONS among them, when set) are written.
  const shared = doc?.custom?.environment?.provider ?? {};
  return { esbuild, nodeOptions: String(shared.NODE_OPTIONS ?? '') };
};

const STAGE_MARKS = join(ROOT, 'bench/lib/stage-marks.ts');

/**
 * For the staged bundle: every named import of handlers/feedback.ts from the project's lib/
 * resolves to a shim that re-exports the module with each function wrapped in `span(name, …)`.
 */
const stagePlugin: Plugin = {
  name: 'bench-stages',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/lib\// }, async (args) => {
      if (!args.importer.endsWith(join('handlers', 'feedback.ts'))) return undefined;
      const real = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind });
      const source = readFileSync(args.importer, 'utf8');
      const names = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)]
        .filter((match) => match[2] === args.path)
        .flatMap((match) => (match[1] ?? '').split(','))
        .map((name) => name.trim())
        .filter((name) => name !== '' && !name.startsWith('type '));
      return { path: real.path, namespace: 'stage-shim', pluginData: names };
    });
    build.onLoad({ filter: /.*/, namespace: 'stage-shim' }, (args) => ({
      resolveDir: ROOT,
      loader: 'ts',
      contents: [
        `import * as real from ${JSON.stringify(args.path)};`,
        `import { span } from ${JSON.stringify(STAGE_MARKS)};`,
        `export * from ${JSON.stringify(args.path)};`,
        ...(args.pluginData as string[]).map(
          (name) => `export const ${name} = span(${JSON.stringify(name)}, real.${name});`,
        ),
      ].join('\n'),
    }));
  },
};

/**
 * esbuild's options for serverless.yml's `custom.esbuild` (serverless-esbuild's settings), for
 * any entry: every bench bundle is built the way a function is deployed.
 */
export const deployedBuildOptions = (esbuild: Deployed['esbuild']) =>
  ({
    bundle: true,
    minify: esbuild.minify === true,
    minifyWhitespace: esbuild.minifyWhitespace === true,
    minifySyntax: esbuild.minifySyntax === true,
    minifyIdentifiers: esbuild.minifyIdentifiers === true,
    keepNames: esbuild.keepNames === true,
    // serverless-esbuild's `sourcemap: true` is esbuild's linked map: a separate .map file that
    // --enable-source-maps would load.
    sourcemap: esbuild.sourcemap === true,
    format: 'esm',
    platform: 'node',
    target: String(esbuild.target),
    mainFields: esbuild.mainFields as string[],
    external: (esbuild.exclude as string[] | undefined) ?? [],
    banner: { js: esbuild.banner?.js ?? '' },
    outExtension: { '.js': String(esbuild.outputFileExtension ?? '.js') },
    logLevel: 'silent',
  }) as const;

/** Bundles one entry alone (as serverless-esbuild does with `individually`); returns its file. */
export const buildBundle = async (
  name: BundleName,
  outdir: string,
  esbuild: Deployed['esbuild'],
  /** Another checkout of the project (its own node_modules): its bundle, same settings. */
  root = ROOT,
  outName: string = name,
): Promise<{ file: string; bytes: number }> => {
  const extension = String(esbuild.outputFileExtension ?? '.js');
  await build({
    ...deployedBuildOptions(esbuild),
    absWorkingDir: root,
    entryPoints: { [outName]: ENTRIES[name] },
    outdir,
    plugins: name === 'staged' ? [stagePlugin] : [],
  });
  const file = join(outdir, `${outName}${extension}`);
  return { file, bytes: statSync(file).size };
};
