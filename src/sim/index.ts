/** simulate(): a scenario in, a stream of facts out. No file system, no process, no wall clock. */

export type * from "./facts.ts";
export type { Fact, FactKind, FactSink, JobStatus, PurchaseOption } from "./facts.ts";
export { FACT_KINDS, factKindIndex, JOB_STATUSES } from "./facts.ts";
export { InvariantChecker } from "./invariants.ts";
export type { SimulateOptions, SimulateResult } from "./simulate.ts";
export { simulate } from "./simulate.ts";
