/** The scenario layer: YAML → validated, normalised Scenario; problems; JSON Schema; settings for reports. */

export { distributionToJson } from "./distribution.ts";
export { scenarioJsonSchema } from "./json-schema.ts";
export { type LoadIo, type LoadOptions, type LoadResult, loadScenario } from "./load.ts";
export { formatProblem, type Problem } from "./problem.ts";
export { DEFAULT_SETTINGS, settingsAsAssumptions } from "./settings.ts";
export {
  MALFORMED_LINES_LISTED,
  type MalformedLine,
  type SwfHeader,
  type TraceReader,
  type TraceReadResult,
  type TraceTable,
} from "./trace-types.ts";
export type {
  Action,
  AllocationStrategy,
  Arrivals,
  ComputeEnvironment,
  Dependency,
  Distribution,
  EvaluateOnExit,
  ExplicitJob,
  JobQueue,
  JobSpec,
  JobStateTimeLimitAction,
  PipelineStep,
  RetryStrategy,
  Scenario,
  SchedulingPolicy,
  Settings,
  SpotPriceSeries,
  TraceReplay,
  WorkloadStream,
} from "./types.ts";
export { formatDuration, parseDurationSeconds, parseMemoryMiB } from "./units.ts";
