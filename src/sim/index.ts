/** simulate(): a scenario in, a stream of facts out. No file system, no process, no wall clock. */

export type * from "./facts.ts";
export type { Fact, FactSink, JobStatus, PurchaseOption } from "./facts.ts";
export { JOB_STATUSES } from "./facts.ts";
export type { SimulateResult } from "./simulate.ts";
export { simulate } from "./simulate.ts";
