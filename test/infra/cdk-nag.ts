import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

export interface Acknowledgement {
  readonly rule: string;
  readonly resources: readonly string[];
  readonly reason: string;
}

/** One rule on one resource, named as `Validations.acknowledge` takes it: `Plugin::Rule`. */
export interface Finding {
  readonly rule: string;
  readonly resource: string;
}

export interface NagOutcome {
  /** Findings that no acknowledgement covers. */
  readonly unacknowledged: readonly Finding[];
  /** Acknowledgements that matched no finding (the resource or the finding went away). */
  readonly unused: readonly Finding[];
}

interface ReportedViolation {
  readonly ruleName: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
}

interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly ReportedViolation[];
    readonly suppressedViolations?: readonly (ReportedViolation & {
      readonly acknowledgedId: string;
    })[];
  }[];
}

const STACK = 'Packaged';
const INCLUDE = 'Template';

// The namespace CDK puts before a plugin's rule names in `Plugin::Rule` ids.
const namespaceOf = (pluginName: string): string => pluginName.replaceAll(' ', '-');

const logicalIdOf = (constructPath: string): string => {
  const prefix = `${STACK}/${INCLUDE}/`;
  return constructPath.startsWith(prefix) ? constructPath.slice(prefix.length) : constructPath;
};

const key = (finding: Finding): string => `${finding.rule} on ${finding.resource}`;

/**
 * Runs cdk-nag's AwsSolutions and Serverless packs (and CDK's own CloudFormation checks) over a
 * CloudFormation template the way `cdk synth` does: the packs are validation plugins, findings
 * come out of synthesis in `validation-report.json`, acknowledged ones under
 * `suppressedViolations`. A synthesis with an unacknowledged error throws `ValidationFailed`
 * after writing that report; only the report is read.
 */
export const runNag = (
  templateFile: string,
  acknowledgements: readonly Acknowledgement[],
): NagOutcome => {
  const outdir = mkdtempSync(join(tmpdir(), 'ogone-nag-'));
  try {
    const app = new App({ outdir });
    const include = new CfnInclude(new Stack(app, STACK), INCLUDE, { templateFile });
    const unused = new Map<string, Finding>();
    for (const { rule, resources, reason } of acknowledgements) {
      for (const resource of resources) {
        unused.set(key({ rule, resource }), { rule, resource });
        const target = include.node.tryFindChild(resource);
        if (target !== undefined) Validations.of(target).acknowledge({ id: rule, reason });
      }
    }
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
    try {
      app.synth();
    } catch (error) {
      if (!(error instanceof Error && error.message.includes('Validation failed'))) throw error;
    }
    const report = JSON.parse(
      readFileSync(join(outdir, 'validation-report.json'), 'utf8'),
    ) as ValidationReport;
    const unacknowledged: Finding[] = [];
    for (const plugin of report.pluginReports) {
      for (const violation of plugin.violations) {
        for (const { constructPath } of violation.violatingConstructs) {
          unacknowledged.push({
            rule: `${namespaceOf(plugin.pluginName)}::${violation.ruleName}`,
            resource: logicalIdOf(constructPath),
          });
        }
      }
      for (const suppressed of plugin.suppressedViolations ?? []) {
        for (const { constructPath } of suppressed.violatingConstructs) {
          unused.delete(
            key({ rule: suppressed.acknowledgedId, resource: logicalIdOf(constructPath) }),
          );
        }
      }
    }
    return { unacknowledged, unused: [...unused.values()] };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};
