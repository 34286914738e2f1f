/**
 * The summary.json fold. Definitions (scenario-format.md): jobs.* and every statistic are over jobs
 * that run, not array parents; wait = time RUNNABLE summed over attempts; response = stoppedAt −
 * createdAt; bounded slowdown = max(1, (wait + run) / max(run, 10 s)); percentiles are nearest-rank.
 * Statistics are over finished jobs only (SUCCEEDED or FAILED, including jobs that failed without
 * running); unfinished jobs are counted in jobs.unfinished (and jobs.byStatus) and nowhere else.
 * jobs.retries / timeouts / oomKills count attempts; jobs.cancelled / terminated count jobs (not
 * array parents); jobs.rejected counts refused SubmitJob requests.
 */
import { Adder } from "d3-array";
import type { Fact, InstanceLaunched, PurchaseOption } from "../sim/index.ts";
import { JOB_STATUSES } from "./array-summary.ts";
import type { ReportContext } from "./context.ts";
import { attachLedger, type JobLedger, type JobRecord } from "./job-ledger.ts";
import { describe, NumberList } from "./stats.ts";
import {
  type AllJobs,
  fairness,
  Group,
  groupOf,
  queueSummaries,
  shareSummaries,
} from "./summary-groups.ts";
import { addBill, type Money, moneySummary, newMoney } from "./summary-money.ts";
import type { BlockedQueue, JobTotals, Summary } from "./summary-types.ts";

/** A fold over facts that produces summary.json's object at the end. */
export interface SummaryFold {
  onFact(fact: Fact): void;
  /** The summary; call after RunEnded. */
  finish(): Summary;
}

/** §1: the statusReasons of an attempt killed by a Spot reclaim (EC2, Fargate). */
const HOST_TERMINATED_PREFIX = "Host EC2 (instance ";
const FARGATE_SPOT_REASON = "Your Spot Task was interrupted.";
const SPOT_RECLAIM = "spot reclaim";

/** The keys of runnableAtEnd, in their order: the wait reasons, then IN_LINE (none stated). */
const RUNNABLE_REASONS = Object.keys({
  SHARE_ORDER: true,
  RESERVATION: true,
  SCALING: true,
  AT_MAX: true,
  NO_ROOM: true,
  CAPACITY: true,
  BLOCKED: true,
  IN_LINE: true,
} satisfies Record<keyof JobTotals["runnableAtEnd"], true>) as (keyof JobTotals["runnableAtEnd"])[];

interface LiveInstance {
  readonly computeEnvironment: string;
  readonly purchaseOption: PurchaseOption;
  readonly instanceType: string;
  readonly usdPerHour: number;
  readonly onDemandUsdPerHour: number;
  readonly vcpu: number;
  readonly launchedAt: number;
}

/** Creates the summary fold. `shared`: see attachLedger. */
export function createSummaryFold(ctx: ReportContext, shared?: JobLedger): SummaryFold {
  return new SummaryAccumulator(ctx, shared);
}

class SummaryAccumulator implements SummaryFold {
  private readonly all = new Group();
  private readonly slowdowns = new NumberList();
  private readonly queues: Map<string, Group>;
  private readonly shares = new Map<string, Group>();
  private readonly money: Money;
  private readonly instances = new Map<string, LiveInstance>();
  private readonly ledger: JobLedger;
  private readonly feed: (fact: Fact) => void;
  private readonly allocated = new Adder();
  private readonly provisioned = new Adder();
  private readonly spot = { interruptions: 0, jobsInterrupted: 0 };
  private readonly trouble = {
    arrayParents: 0,
    retries: 0,
    timeouts: 0,
    oomKills: 0,
    cancelled: 0,
    terminated: 0,
    rejected: 0,
  };
  private readonly byStatus = Object.fromEntries(
    JOB_STATUSES.map((status) => [status, 0]),
  ) as JobTotals["byStatus"];
  private readonly runnableAtEnd = Object.fromEntries(
    RUNNABLE_REASONS.map((reason) => [reason, 0]),
  ) as JobTotals["runnableAtEnd"];
  /** groupsOf's lists by queue, then share; and the last one it returned. */
  private readonly groupLists = new Map<string, Map<string | null, Group[]>>();
  /** The latest block of each queue (JobQueueBlocked); kept at the end only if its job still waits. */
  private readonly blocks = new Map<
    string,
    { jobId: string; jobKey: number; since: number; statusReason: string }
  >();
  private readonly blockedAtEnd = new Map<string, BlockedQueue>();
  private lastQueue: string | undefined = undefined;
  private lastShare: string | null = null;
  private lastGroups: readonly Group[] = [];
  private firstCreatedAt = Infinity;
  private lastStoppedAt = -Infinity;
  private endedAt = 0;

  private readonly ctx: ReportContext;

  constructor(ctx: ReportContext, shared: JobLedger | undefined) {
    this.ctx = ctx;
    const { ledger, feed } = attachLedger(shared, (job) => this.onTerminal(job));
    this.ledger = ledger;
    this.feed = feed;
    this.queues = new Map(ctx.jobQueues.map((q) => [q.name, new Group()]));
    this.money = newMoney(ctx);
  }

  onFact(f: Fact): void {
    switch (f.kind) {
      case "InstanceLaunched":
        this.instances.set(f.instanceId, liveInstance(f));
        return;
      case "InstanceTerminated": {
        const inst = this.instances.get(f.instanceId);
        this.instances.delete(f.instanceId);
        if (inst) this.provisioned.add(inst.vcpu * (f.time - inst.launchedAt));
        addBill(this.money, inst, f);
        if (f.reason === SPOT_RECLAIM) this.spot.interruptions += 1;
        return;
      }
      case "RunEnded":
        this.onRunEnded(f.time);
        return;
      case "InstanceReady":
      case "ActionApplied":
        return;
      case "JobRejected":
        this.trouble.rejected += 1;
        return;
      case "JobQueueBlocked": {
        const last = this.blocks.get(f.jobQueue);
        // The same head blocked again (a later cycle) keeps its first time.
        if (last?.jobId !== f.jobId || last.statusReason !== f.statusReason) {
          this.blocks.set(f.jobQueue, {
            jobId: f.jobId,
            jobKey: f.jobKey,
            since: f.time,
            statusReason: f.statusReason,
          });
        }
        this.onJobFact(f);
        return;
      }
      default:
        this.onJobFact(f);
    }
  }

  finish(): Summary {
    const makespan =
      this.lastStoppedAt >= this.firstCreatedAt ? this.lastStoppedAt - this.firstCreatedAt : 0;
    const allocated = +this.allocated;
    const provisioned = +this.provisioned;
    const all: AllJobs = {
      group: this.all,
      waits: describe(this.all.waits.values()),
      responses: describe(this.all.responses.values()),
    };
    return {
      scenario: { name: this.ctx.scenarioName, sha256: this.ctx.scenarioSha256 },
      seed: this.ctx.seed,
      batchsimVersion: this.ctx.batchsimVersion,
      simulatedSeconds: this.endedAt,
      makespanSeconds: makespan,
      jobs: {
        ...this.all.jobs,
        ...this.trouble,
        byStatus: { ...this.byStatus },
        runnableAtEnd: { ...this.runnableAtEnd },
      },
      waitSeconds: all.waits,
      responseSeconds: all.responses,
      boundedSlowdown: describe(this.slowdowns.values()),
      byQueue: queueSummaries(this.queues, this.blockedAtEnd, all),
      byShare: shareSummaries(this.shares, all),
      cost: moneySummary(this.money, {
        provisionedVcpuSeconds: provisioned,
        succeededJobs: this.all.jobs.succeeded,
      }),
      utilization: {
        allocatedVcpuSeconds: allocated,
        provisionedVcpuSeconds: provisioned,
        ratio: provisioned > 0 ? allocated / provisioned : null,
      },
      spot: hasSpot(this.ctx) ? { ...this.spot } : null,
      fairness: { jainIndex: fairness(this.shares, this.ctx) },
      assumptions: this.ctx.assumptions,
      outputs: this.ctx.outputs,
      workload: { trace: this.ctx.trace ?? null },
    };
  }

  private onJobFact(
    f: Exclude<
      Fact,
      {
        kind:
          | "InstanceLaunched"
          | "InstanceReady"
          | "InstanceTerminated"
          | "RunEnded"
          | "ActionApplied"
          | "JobRejected";
      }
    >,
  ): void {
    if (f.kind === "JobSubmitted") {
      this.firstCreatedAt = Math.min(this.firstCreatedAt, f.time);
      if (f.arraySize !== null) this.trouble.arrayParents += 1;
    }
    this.feed(f);
    if (f.kind === "JobSubmitted" && f.arraySize === null) {
      for (const g of this.groupsOf(getLive(this.ledger.find(f.jobKey)))) g.jobs.submitted += 1;
    } else if (f.kind === "JobStateChanged" && f.to === "STARTING") {
      for (const g of this.groupsOf(getLive(this.ledger.find(f.jobKey)))) g.jobs.attempts += 1;
    } else if (f.kind === "JobAttemptEnded") {
      this.allocate(getLive(this.ledger.find(f.jobKey)), f.time - f.startingAt);
      if (!f.succeeded) this.money.wasted.add(f.costUsd);
      if (f.willRetry) this.trouble.retries += 1;
      if (f.cause === "timeout") this.trouble.timeouts += 1;
      else if (f.cause === "oom") this.trouble.oomKills += 1;
      if (isSpotKill(f.statusReason, f.instanceId, this.instances)) this.spot.jobsInterrupted += 1;
    }
  }

  private onTerminal(job: JobRecord): void {
    const stoppedAt = job.stoppedAt ?? job.statusSince;
    this.lastStoppedAt = Math.max(this.lastStoppedAt, stoppedAt);
    if (job.isArrayParent) return;
    this.byStatus[job.status] += 1;
    if (job.isCancelled) this.trouble.cancelled += 1;
    if (job.isTerminated) this.trouble.terminated += 1;
    const response = stoppedAt - job.submitted.time;
    for (const g of this.groupsOf(job)) {
      if (job.status === "SUCCEEDED") g.jobs.succeeded += 1;
      else g.jobs.failed += 1;
      g.waits.push(job.waitSeconds);
      g.responses.push(response);
    }
    const run = job.runSeconds;
    this.slowdowns.push(Math.max(1, (job.waitSeconds + run) / Math.max(run, 10)));
  }

  private onRunEnded(time: number): void {
    this.endedAt = time;
    // A queue is still blocked when its blocking job never left RUNNABLE.
    for (const [queue, b] of this.blocks) {
      const job = this.ledger.find(b.jobKey);
      if (job && job.status === "RUNNABLE") {
        this.blockedAtEnd.set(queue, {
          jobId: b.jobId,
          jobName: job.submitted.jobName,
          statusReason: b.statusReason,
          sinceSeconds: b.since,
        });
      }
    }
    this.ledger.closeAt(time);
    for (const job of this.ledger.live()) {
      if (job.isArrayParent) continue;
      this.byStatus[job.status] += 1;
      if (job.status === "RUNNABLE") this.runnableAtEnd[job.waitReason ?? "IN_LINE"] += 1;
      for (const g of this.groupsOf(job)) g.jobs.unfinished += 1;
      if (job.current) this.allocate(job, time - job.current.startingAt);
    }
  }

  /**
   * The groups a job counts in: all jobs, its queue and its share (if any). The arrays are kept by
   * queue and share, so counting a fact allocates nothing.
   */
  private groupsOf(job: JobRecord): readonly Group[] {
    const { jobQueue, shareIdentifier } = job.submitted;
    if (this.lastQueue === jobQueue && this.lastShare === shareIdentifier) return this.lastGroups;
    let byShare = this.groupLists.get(jobQueue);
    if (!byShare) {
      byShare = new Map();
      this.groupLists.set(jobQueue, byShare);
    }
    let groups = byShare.get(shareIdentifier);
    if (!groups) {
      groups = [this.all, groupOf(this.queues, jobQueue)];
      if (shareIdentifier !== null) groups.push(groupOf(this.shares, shareIdentifier));
      byShare.set(shareIdentifier, groups);
    }
    this.lastQueue = jobQueue;
    this.lastShare = shareIdentifier;
    this.lastGroups = groups;
    return groups;
  }

  /** Job vCPU × seconds held (STARTING to attempt end), to utilization and the job's share. */
  private allocate(job: JobRecord, seconds: number): void {
    const vcpuSeconds = job.submitted.vcpus * seconds;
    this.allocated.add(vcpuSeconds);
    const share = job.submitted.shareIdentifier;
    if (share !== null) groupOf(this.shares, share).vcpuSeconds.add(vcpuSeconds);
  }
}

function hasSpot(ctx: ReportContext): boolean {
  return ctx.computeEnvironments.some(
    (ce) => ce.purchaseOption === "SPOT" || ce.purchaseOption === "FARGATE_SPOT",
  );
}

function isSpotKill(
  statusReason: string,
  instanceId: string | null,
  instances: ReadonlyMap<string, LiveInstance>,
): boolean {
  if (statusReason === FARGATE_SPOT_REASON) return true;
  if (!statusReason.startsWith(HOST_TERMINATED_PREFIX) || instanceId === null) return false;
  return instances.get(instanceId)?.purchaseOption === "SPOT";
}

function liveInstance(f: InstanceLaunched): LiveInstance {
  return {
    computeEnvironment: f.computeEnvironment,
    purchaseOption: f.purchaseOption,
    instanceType: f.instanceType,
    usdPerHour: f.usdPerHour,
    onDemandUsdPerHour: f.onDemandUsdPerHour,
    vcpu: f.vcpu,
    launchedAt: f.time,
  };
}

function getLive(job: JobRecord | undefined): JobRecord {
  if (!job) throw new Error("report: a fact names a job that is not live");
  return job;
}
