/** The JSON lines among captured output (captureOutput), each parsed. */
export const jsonLines = (written: readonly string[]): Record<string, unknown>[] =>
  written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The metric names a line publishes in Embedded Metric Format; none for a plain log line. */
export const metricNamesOf = (line: Record<string, unknown>): string[] =>
  (
    (line._aws as { CloudWatchMetrics?: { Metrics: { Name: string }[] }[] } | undefined)
      ?.CloudWatchMetrics ?? []
  ).flatMap((directive) => directive.Metrics.map((metric) => metric.Name));

/** Every metric name published in the captured output, in order. */
export const publishedMetrics = (written: readonly string[]): string[] =>
  jsonLines(written).flatMap(metricNamesOf);
