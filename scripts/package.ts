import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withPackagingLock } from './lib/packaging-lock.js';

/**
 * `npm run package [-- --stage prod --package DIR --param name=value …]`: `osls package` offline,
 * with dummy credentials (packaging calls no AWS API) and example values for the deploy-time
 * parameters unless given. What CI runs and what the template tests read; a real deployment
 * passes real --param values to `osls deploy` (docs/deploy.md).
 */
const OSLS = fileURLToPath(new URL('../node_modules/osls/bin/serverless.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

export const EXAMPLE_PARAMS = {
  pspId: 'EXAMPLEPSPID',
  resultUrl: 'https://shop.example/payment/result',
  apiUserId: 'EXAMPLE-API-USER',
  alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:ogone-feedback-alarms',
} as const;

export const packageService = (
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { status: number; output: string } => {
  const given = new Set(
    args.flatMap((arg, i) => (args[i - 1] === '--param' ? [arg.split('=')[0]] : [])),
  );
  const params = Object.entries(EXAMPLE_PARAMS)
    .filter(([name]) => !given.has(name))
    .flatMap(([name, value]) => ['--param', `${name}=${value}`]);
  const stage = args.includes('--stage') ? [] : ['--stage', 'prod'];
  const workFolder = env.OGONE_ESBUILD_WORK_FOLDER ?? `.esbuild-package-${process.pid}`;
  const result = withPackagingLock(ROOT, () =>
    spawnSync(process.execPath, [OSLS, 'package', ...stage, ...params, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...env,
        AWS_ACCESS_KEY_ID: 'AKIAPACKAGEONLY00000',
        AWS_SECRET_ACCESS_KEY: 'package-only-no-aws-call-is-made',
        AWS_REGION: env.AWS_REGION ?? 'eu-west-1',
        // Its own build folder: packaging cleans it, and a local service may be serving another.
        OGONE_ESBUILD_WORK_FOLDER: workFolder,
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    }),
  );
  rmSync(join(ROOT, workFolder), { recursive: true, force: true });
  return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { status, output } = packageService(process.argv.slice(2));
  process.stdout.write(output);
  process.exit(status);
}
