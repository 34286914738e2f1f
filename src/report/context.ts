/** What the reports need to know about a run besides its facts. */

import type { Scenario } from "../scenario/index.ts";
import type { PurchaseOption } from "../sim/index.ts";
import type { TraceTotals } from "./summary-types.ts";

/** Static facts about a run, given to the report folds (built by reportContext from a Scenario). */
export interface ReportContext {
  readonly scenarioName: string;
  /** sha256 (hex) of the scenario file's bytes. */
  readonly scenarioSha256: string;
  readonly seed: string;
  readonly batchsimVersion: string;
  readonly region: string;
  /** Epoch milliseconds of time 0 (the scenario's `start:`). */
  readonly startEpochMs: number;
  /** CEs in scenario order, with what their instances are billed as (UNMANAGED fleets: ON_DEMAND). */
  readonly computeEnvironments: readonly {
    readonly name: string;
    readonly purchaseOption: PurchaseOption;
  }[];
  /**
   * Queues in scenario order; `platform` is that of their CEs (AWS does not mix EC2 and Fargate in a
   * queue); `schedulingPolicy`/`computeReservation` of a fair-share queue (null/absent: FIFO).
   */
  readonly jobQueues: readonly {
    readonly name: string;
    readonly platform: "EC2" | "FARGATE";
    readonly schedulingPolicy?: string | null;
    readonly computeReservation?: number | null;
  }[];
  /** Every setting used (summary.json → assumptions). */
  readonly assumptions: Readonly<Record<string, unknown>>;
  /** How each output was written (summary.json → outputs), e.g. {events: "full"}. */
  readonly outputs: Readonly<Record<string, string>>;
  /** A share's weightFactor for the Jain index (default: 1 for every share). */
  readonly weightFactor?: (shareIdentifier: string) => number;
  /** The prefix entry (`UserA*`) a share falls under, or null (default: none). */
  readonly prefixOf?: (shareIdentifier: string) => string | null;
  /** What the trace streams replayed and skipped; null (the default) when none replays a trace. */
  readonly trace?: TraceTotals | null;
}

/** What reportContext needs that is not in the Scenario. */
export interface RunMeta {
  readonly scenarioSha256: string;
  readonly batchsimVersion: string;
  readonly assumptions: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, string>>;
}

/** Builds the report context of a scenario. */
export function reportContext(scenario: Scenario, meta: RunMeta): ReportContext {
  const ceOption = new Map<string, PurchaseOption>();
  for (const ce of scenario.computeEnvironments) {
    const type = ce.computeResources?.type ?? "EC2";
    ceOption.set(ce.computeEnvironmentName, type === "EC2" ? "ON_DEMAND" : type);
  }
  return {
    scenarioName: scenario.name,
    scenarioSha256: meta.scenarioSha256,
    seed: scenario.seed,
    batchsimVersion: meta.batchsimVersion,
    region: scenario.region,
    startEpochMs: scenario.startEpochMs,
    computeEnvironments: [...ceOption].map(([name, purchaseOption]) => ({ name, purchaseOption })),
    jobQueues: scenario.jobQueues.map((q) => {
      const first = ceOption.get(q.computeEnvironments[0] ?? "");
      const fargate = first === "FARGATE" || first === "FARGATE_SPOT";
      const policy = scenario.schedulingPolicies.find((p) => p.name === q.schedulingPolicy);
      return {
        name: q.jobQueueName,
        platform: fargate ? "FARGATE" : "EC2",
        schedulingPolicy: policy?.name ?? null,
        computeReservation: policy?.computeReservation ?? null,
      };
    }),
    assumptions: meta.assumptions,
    outputs: meta.outputs,
    weightFactor: (share) => policyWeight(scenario, share),
    prefixOf: (share) => policyPrefix(scenario, share),
    trace: traceTotals(scenario),
  };
}

/** The trace streams' counts, summed; null when no stream replays a trace. */
function traceTotals(scenario: Scenario): TraceTotals | null {
  const traces = scenario.workload.flatMap((s) => (s.kind === "trace" ? [s.trace] : []));
  if (traces.length === 0) return null;
  let jobs = 0;
  let skipped = 0;
  let malformedLines = 0;
  for (const t of traces) {
    jobs += t.rows.length;
    skipped += t.skipped;
    malformedLines += t.malformedLines;
  }
  return { jobs, skipped, malformedLines };
}

/** The prefix entry (`UserA*`) a share falls under (when no entry names it exactly), or null. */
function policyPrefix(scenario: Scenario, share: string): string | null {
  const entries = scenario.schedulingPolicies.flatMap((p) => p.shareDistribution);
  if (entries.some((e) => e.shareIdentifier === share)) return null;
  const prefix = entries.find(
    (e) => e.shareIdentifier.endsWith("*") && share.startsWith(e.shareIdentifier.slice(0, -1)),
  );
  return prefix?.shareIdentifier ?? null;
}

/**
 * A share's weightFactor for the Jain index: the first policy entry naming it exactly, else the
 * first prefix entry (`UserA*`) it falls under, else 1 (AWS's default for unlisted ids).
 */
function policyWeight(scenario: Scenario, share: string): number {
  const entries = scenario.schedulingPolicies.flatMap((p) => p.shareDistribution);
  const exact = entries.find((e) => e.shareIdentifier === share);
  if (exact) return exact.weightFactor;
  const prefix = entries.find(
    (e) => e.shareIdentifier.endsWith("*") && share.startsWith(e.shareIdentifier.slice(0, -1)),
  );
  return prefix?.weightFactor ?? 1;
}
