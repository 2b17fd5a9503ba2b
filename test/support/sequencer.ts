import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The suites that make thousands of sequential DynamoDB Local calls, longest first. They start
 * the run: left to vitest's order (largest file first on a fresh clone) the volume simulation
 * came last, when the shared DynamoDB Local held every other file's tables, and took 486 s there
 * against 45 s on its own (CI, .cache/results.json), most of it with nothing else running.
 */
const FIRST = [
  'test/integration/reconcile-volume.test.ts',
  'test/integration/anomaly-flood.test.ts',
  'test/integration/bounded-history.test.ts',
];

/** vitest's order (projects one after another), with FIRST moved to the front of its project. */
export class LongSuitesFirst extends BaseSequencer {
  public override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const projects = [...new Set(sorted.map((file) => file.project.name))];
    const rank = (file: TestSpecification): number => {
      const at = FIRST.findIndex((path) => file.moduleId.endsWith(path));
      return at < 0 ? FIRST.length : at;
    };
    // Array.prototype.sort is stable: within a project and a rank, vitest's order stays.
    return [...sorted].sort(
      (a, b) =>
        projects.indexOf(a.project.name) - projects.indexOf(b.project.name) || rank(a) - rank(b),
    );
  }
}
