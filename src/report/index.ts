/**
 * Reports: pure folds over the facts of a run (src/sim/facts.ts). Each fold is fed every fact in
 * order through onFact() and finished with finish(); row writers stream text through a callback, and
 * keep only what is live (jobs not yet terminal, instances not yet terminated).
 */

export type { ArraySummary } from "./array-summary.ts";
export { JOB_STATUSES, statusSummary } from "./array-summary.ts";
export { ATTEMPTS_CSV_COLUMNS, createAttemptsCsvFold } from "./attempts-csv.ts";
export type { ByteOut } from "./byte-writer.ts";
export type { ReportContext, RunMeta } from "./context.ts";
export { reportContext } from "./context.ts";
export type { Cell, CsvOut, WriteText } from "./csv.ts";
export { createDecisionsCsvFold, DECISIONS_CSV_COLUMNS } from "./decisions-csv.ts";
export type { EventsMode } from "./events.ts";
export { createEventsFold, eventId } from "./events.ts";
export type { RunRow, SweepPointRows } from "./experiment-csv.ts";
export { runsCsv, sweepCsv, sweepRunsCsv } from "./experiment-csv.ts";
export {
  formatComparisonTable,
  formatEstimate,
  formatReplicationTable,
  formatSweepTable,
} from "./experiment-table.ts";
export type { FoldRoutes } from "./fold-routes.ts";
export { foldRoutes, routeFact } from "./fold-routes.ts";
export {
  formatClock,
  formatDuration,
  formatElapsed,
  formatPercent,
  formatUsd,
} from "./format.ts";
export { createInstancesCsvFold, INSTANCES_CSV_COLUMNS } from "./instances-csv.ts";
export { arns, jobDetail } from "./job-detail.ts";
export { JobDetailJson } from "./job-detail-json.ts";
export type { AttemptRecord, JobLedger, JobRecord } from "./job-ledger.ts";
export { attachLedger, createJobLedger } from "./job-ledger.ts";
export type { RowFold } from "./jobs-csv.ts";
export { createJobsCsvFold, JOBS_CSV_COLUMNS } from "./jobs-csv.ts";
export type { Estimate, MetricComparison, MetricValues } from "./replication-stats.ts";
export {
  CONFIDENCE,
  compareMetrics,
  estimate,
  estimateMetrics,
  HEADLINE_METRICS,
  headlineValues,
  pairedDifference,
  replicationSeed,
  replicationSeeds,
  significance,
} from "./replication-stats.ts";
export type { Stats } from "./stats.ts";
export { describe, jainIndex, nearestRank } from "./stats.ts";
export { regularizedBeta, studentTCdf, tQuantile } from "./student-t.ts";
export type { SummaryFold } from "./summary.ts";
export { createSummaryFold } from "./summary.ts";
export { formatSummaryTable } from "./summary-table.ts";
export type {
  JobCounts,
  JobTotals,
  QueueSummary,
  ShareSummary,
  Summary,
  TraceTotals,
} from "./summary-types.ts";
export type { SeriesPointListener } from "./timeseries.ts";
export { createTimeseriesFold, TIMESERIES_CSV_COLUMNS } from "./timeseries.ts";
export type { ViewerDataFold, ViewerDataOptions } from "./viewer-data.ts";
export { createViewerDataFold, VIEWER_DATA_LIMITS } from "./viewer-data.ts";
export type {
  AttemptTable,
  InstanceTable,
  JobTable,
  Series,
  ViewerData,
  ViewerPayload,
  WaitTable,
} from "./viewer-data-types.ts";
export { VIEWER_DATA_FORMAT, VIEWER_PLACEHOLDER } from "./viewer-data-types.ts";
