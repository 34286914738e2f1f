export { arrivalTimes, countArrivals } from "./arrivals.ts";
export {
  distributionMeanSeconds,
  distributionQuantileSeconds,
  sampleDistribution,
} from "./distributions.ts";
export { drawAttempt } from "./draws.ts";
export {
  estimateArrivals,
  estimateJobs,
  type StreamEstimate,
  type WorkloadEstimate,
} from "./estimate.ts";
export { drawExitCode } from "./exit-codes.ts";
export { inverseNormalCdf } from "./normal.ts";
export { countSubmissions, createSubmissionSource } from "./source.ts";
export { formatSwfHeader, formatSwfLine, SWF_STATUS, SWF_UNKNOWN } from "./swf-format.ts";
export {
  createSwfParser,
  parseSwf,
  SWF_FIELDS,
  type SwfParse,
  type SwfParser,
} from "./swf-parse.ts";
export type { AttemptDraws, Submission, SubmissionSource } from "./types.ts";
