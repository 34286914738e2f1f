/**
 * fast-check arbitraries for the scenario fuzzer (issue 10): random scenarios that are valid by
 * construction, as YAML text, and random mutations of them.
 *
 * A scenario is built from one `fc.gen()` draw so that later choices can depend on earlier ones (a
 * job only goes to a queue its definition's platform fits, a fair-share queue's jobs carry a share, a
 * cancel action names a job submitted before it). Every scenario is small: at most ~300 jobs and an
 * `until:` of a few hours at most, so one simulates in a few milliseconds.
 */
import fc from "fast-check";
import { isMap, isScalar, isSeq, parseDocument, stringify } from "yaml";

type Gen = fc.GeneratorValue;
type Obj = Record<string, unknown>;

const int = (g: Gen, min: number, max: number): number => g(fc.integer, { min, max });
const bool = (g: Gen, trueWeight = 0.5): boolean =>
  g(fc.integer, { min: 0, max: 999 }) < trueWeight * 1000;
const pick = <T>(g: Gen, items: readonly T[]): T => items[int(g, 0, items.length - 1)] as T;
/** A subset of `items`, in order, of size min..max. */
function subset<T>(g: Gen, items: readonly T[], min: number, max = items.length): T[] {
  const out = items.filter(() => bool(g));
  for (const item of items) if (out.length < min && !out.includes(item)) out.push(item);
  return out.slice(0, max);
}
/** A random permutation. */
function shuffle<T>(g: Gen, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(g, 0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// ---- the built-in catalog rows used (data/ec2-catalog.csv; every one has a Spot price) ----
const CPU_FAMILIES = ["c6i", "m6i", "r6i", "c5"] as const;
const CPU_SIZES = [
  "c6i.large",
  "c6i.xlarge",
  "c6i.2xlarge",
  "m6i.large",
  "m6i.xlarge",
  "m6i.2xlarge",
  "r6i.large",
  "r6i.xlarge",
  "c5.xlarge",
] as const;
const GPU_TYPES = ["g5", "g5.xlarge", "g5.2xlarge"] as const;
const BUCKETS = ["<5%", "5-10%", "10-15%", "15-20%", ">20%"] as const;
const FARGATE_SIZES: readonly (readonly [string, readonly number[]])[] = [
  ["0.25", [512, 1024, 2048]],
  ["0.5", [1024, 2048, 3072, 4096]],
  ["1", [2048, 4096, 8192]],
  ["2", [4096, 8192, 16384]],
  ["4", [8192, 16384, 30720]],
];
const SHARE_ENTRIES = ["alpha", "beta", "gamma*", "delta"] as const;
const SHARE_IDS = ["alpha", "beta", "gamma1", "gamma2", "delta", "zeta"] as const;
const TIME_LIMIT_REASONS = [
  "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY",
  "MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE",
  "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
  "MISCONFIGURATION:EC2_INSTANCE_CONFIGURATION_UNSUPPORTED",
] as const;

type CeKind = "EC2" | "SPOT" | "UNMANAGED" | "FARGATE" | "FARGATE_SPOT";
interface CeInfo {
  readonly name: string;
  readonly kind: CeKind;
  readonly minvCpus: number;
  readonly desiredvCpus: number;
  readonly gpu: boolean;
}
interface QueueInfo {
  readonly name: string;
  readonly fargate: boolean;
  /** Only MANAGED EC2 compute environments: multi-node jobs may go there. */
  readonly mnp: boolean;
  readonly fairShare: boolean;
  readonly disabled: boolean;
  readonly ces: readonly CeInfo[];
}
interface DefInfo {
  readonly name: string;
  readonly platform: "EC2" | "FARGATE" | "MNP";
  readonly hasPriority: boolean;
  readonly gpu: boolean;
}

/** A duration, as seconds or as a duration string. */
function duration(g: Gen, minSeconds: number, maxSeconds: number): number | string {
  const seconds = int(g, minSeconds, maxSeconds);
  if (bool(g)) return seconds;
  if (seconds % 3600 === 0 && seconds > 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0 && seconds > 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function distribution(g: Gen, lo: number, hi: number): unknown {
  switch (int(g, 0, 5)) {
    case 0:
      return duration(g, lo, hi);
    case 1:
      return { distribution: "fixed", value: duration(g, lo, hi) };
    case 2:
      return { distribution: "exponential", mean: duration(g, Math.max(1, lo), hi) };
    case 3: {
      const median = int(g, Math.max(1, lo), hi);
      return { distribution: "lognormal", median, p90: median + int(g, 1, hi) };
    }
    case 4: {
      const min = int(g, lo, hi);
      return { distribution: "uniform", min, max: min + int(g, 0, hi) };
    }
    default: {
      const values = Array.from({ length: int(g, 1, 4) }, () => duration(g, lo, hi));
      return bool(g)
        ? { distribution: "empirical", values }
        : {
            distribution: "empirical",
            values,
            weights: values.map(() => int(g, 1, 5)),
          };
    }
  }
}

function computeEnvironment(g: Gen, i: number, kind: CeKind, customTypes: string[]): [Obj, CeInfo] {
  const name = `ce${i}`;
  const state = bool(g, 0.1) ? "DISABLED" : "ENABLED";
  if (kind === "UNMANAGED") {
    const types = [...CPU_SIZES, ...customTypes];
    const instances = subset(g, types, 1, 2).map((instanceType) => ({
      instanceType,
      count: int(g, 1, 3),
    }));
    const ce: Obj = { computeEnvironmentName: name, type: "UNMANAGED", state };
    if (bool(g)) ce.unmanagedvCpus = int(g, 0, 64);
    ce.sim = { instances };
    return [ce, { name, kind, minvCpus: 0, desiredvCpus: 0, gpu: false }];
  }
  if (kind === "FARGATE" || kind === "FARGATE_SPOT") {
    const computeResources: Obj = { type: kind, maxvCpus: int(g, 1, 64) };
    if (bool(g, 0.2)) computeResources.subnets = ["subnet-1"];
    return [
      { computeEnvironmentName: name, type: "MANAGED", state, computeResources },
      { name, kind, minvCpus: 0, desiredvCpus: 0, gpu: false },
    ];
  }
  const gpu = bool(g, 0.15);
  const pool: string[] = gpu ? [...GPU_TYPES] : [...CPU_FAMILIES, ...CPU_SIZES];
  if (!gpu && kind === "EC2") pool.push(...customTypes, "optimal");
  const instanceTypes = subset(g, shuffle(g, pool), 1, 3);
  const strategies =
    kind === "EC2"
      ? ["BEST_FIT", "BEST_FIT_PROGRESSIVE", "BEST_FIT_PROGRESSIVE_ORDERED"]
      : [
          "BEST_FIT",
          "BEST_FIT_PROGRESSIVE",
          "SPOT_CAPACITY_OPTIMIZED",
          "SPOT_PRICE_CAPACITY_OPTIMIZED",
          "SPOT_CAPACITY_OPTIMIZED_PRIORITIZED",
        ];
  const maxvCpus = int(g, gpu ? 8 : 1, gpu ? 64 : 96);
  // A SPOT CE's minvCpus floor without until: once fixed (test/fuzz/found/spot-min-vcpus-no-until.yaml).
  const minvCpus = bool(g, 0.2) ? int(g, 0, Math.min(8, maxvCpus)) : 0;
  const desiredvCpus = bool(g, 0.2) ? int(g, minvCpus, maxvCpus) : minvCpus;
  const computeResources: Obj = { type: kind };
  if (bool(g, 0.8)) computeResources.allocationStrategy = pick(g, strategies);
  computeResources.minvCpus = minvCpus;
  computeResources.maxvCpus = maxvCpus;
  if (desiredvCpus !== minvCpus || bool(g)) computeResources.desiredvCpus = desiredvCpus;
  computeResources.instanceTypes = instanceTypes;
  if (kind === "SPOT" && bool(g)) computeResources.bidPercentage = int(g, 30, 100);
  if (bool(g, 0.2))
    computeResources.scalingPolicy = {
      minScaleDownDelayMinutes: bool(g) ? 0 : int(g, 20, 60),
    };
  if (bool(g, 0.1)) computeResources.instanceRole = "ecsInstanceRole";
  return [
    { computeEnvironmentName: name, type: "MANAGED", state, computeResources },
    { name, kind, minvCpus, desiredvCpus, gpu },
  ];
}

function resourcePair(
  g: Gen,
  platform: "EC2" | "FARGATE",
  gpu: boolean,
  legacy: boolean,
): Obj | Obj[] {
  if (platform === "FARGATE") {
    const [vcpu, memories] = pick(g, FARGATE_SIZES);
    return [
      { type: "VCPU", value: vcpu },
      { type: "MEMORY", value: String(pick(g, memories)) },
    ];
  }
  const vcpu = pick(g, [1, 1, 2, 2, 4, 8]);
  const memory = int(g, 1, 8) * 512;
  if (legacy && !gpu) return { vcpus: vcpu, memory };
  const rr: Obj[] = [
    { type: "VCPU", value: String(vcpu) },
    { type: "MEMORY", value: String(memory) },
  ];
  if (gpu) rr.push({ type: "GPU", value: "1" });
  return rr;
}

function container(g: Gen, platform: "EC2" | "FARGATE", gpu: boolean): Obj {
  const r = resourcePair(g, platform, gpu, platform === "EC2" && bool(g, 0.15));
  const c: Obj = Array.isArray(r) ? { resourceRequirements: r } : { ...r };
  if (bool(g, 0.1)) c.image = "busybox";
  if (platform === "FARGATE") {
    if (bool(g, 0.3)) c.runtimePlatform = { cpuArchitecture: pick(g, ["X86_64", "ARM64"]) };
    if (bool(g, 0.3)) c.ephemeralStorage = { sizeInGiB: int(g, 21, 200) };
  }
  return c;
}

function retryStrategy(g: Gen): Obj {
  const rs: Obj = { attempts: int(g, 1, 4) };
  if (bool(g)) {
    rs.evaluateOnExit = Array.from({ length: int(g, 1, 3) }, () => {
      const entry: Obj = {};
      const which = int(g, 0, 2);
      if (which === 0) entry.onStatusReason = pick(g, ["Host EC2*", "Your Spot Task*", "*"]);
      if (which === 1) entry.onReason = pick(g, ["*", "OutOfMemoryError*", "CannotPull"]);
      if (which === 2) entry.onExitCode = pick(g, ["1", "137", "7*"]);
      entry.action = pick(g, ["RETRY", "EXIT", "retry", "exit"]);
      return entry;
    });
  }
  return rs;
}

function simBlock(g: Gen, mnp: boolean): Obj {
  const sim: Obj = { runtime: distribution(g, 0, 3600) };
  if (bool(g, 0.4)) {
    const fail = int(g, 0, 50) / 100;
    sim.exitCodes =
      fail === 0 ? { "0": 1 } : { "0": 1 - fail, [pick(g, ["1", "75", "137"])]: fail };
  }
  if (!mnp && bool(g, 0.2)) sim.memoryUsedMiB = bool(g) ? int(g, 256, 8192) : `${int(g, 1, 6)}GiB`;
  return sim;
}

function jobDefinition(
  g: Gen,
  i: number,
  platform: DefInfo["platform"],
  gpu: boolean,
): [Obj, DefInfo] {
  const name = `def${i}`;
  const def: Obj = { jobDefinitionName: name };
  const hasPriority = bool(g, 0.6);
  if (platform === "MNP") {
    const numNodes = int(g, 1, 3);
    const ranges: Obj[] = [
      {
        targetNodes: pick(g, ["0:", ":"]),
        container: container(g, "EC2", false),
      },
    ];
    if (numNodes > 1 && bool(g)) {
      ranges.push({ targetNodes: "0", container: container(g, "EC2", false) });
    }
    if (bool(g, 0.3)) (ranges[0] as Obj).instanceTypes = [pick(g, ["c6i.xlarge", "m6i.2xlarge"])];
    def.type = "multinode";
    if (hasPriority) def.schedulingPriority = int(g, 0, 99);
    def.nodeProperties = { numNodes, mainNode: 0, nodeRangeProperties: ranges };
  } else {
    def.type = "container";
    if (platform === "FARGATE") def.platformCapabilities = ["FARGATE"];
    else if (bool(g, 0.2)) def.platformCapabilities = ["EC2"];
    if (hasPriority) def.schedulingPriority = int(g, 0, 99);
    def.containerProperties = container(g, platform, gpu);
  }
  if (bool(g, 0.4)) def.retryStrategy = retryStrategy(g);
  if (bool(g, 0.2)) def.timeout = { attemptDurationSeconds: int(g, 60, 3600) };
  def.sim = simBlock(g, platform === "MNP");
  return [def, { name, platform, hasPriority, gpu }];
}

/** A SubmitJob request of `def` to a queue that can take it. */
function submitFor(
  g: Gen,
  def: DefInfo,
  queue: QueueInfo,
  options: { array: boolean; jobName?: string },
): Obj {
  const submit: Obj = {};
  if (options.jobName !== undefined) submit.jobName = options.jobName;
  submit.jobQueue = queue.name;
  submit.jobDefinition = def.name;
  if (queue.fairShare) {
    submit.shareIdentifier = pick(g, SHARE_IDS);
    if (!def.hasPriority || bool(g, 0.3)) submit.schedulingPriorityOverride = int(g, 0, 9999);
  }
  if (def.platform !== "MNP") {
    if (options.array) submit.arrayProperties = { size: int(g, 2, 6) };
    if (bool(g, 0.15)) {
      const r = resourcePair(g, def.platform, def.gpu, false);
      submit.containerOverrides = { resourceRequirements: r };
    }
  } else if (bool(g, 0.2)) {
    submit.nodeOverrides = { numNodes: int(g, 2, 3) };
  }
  if (bool(g, 0.1)) submit.retryStrategy = retryStrategy(g);
  if (bool(g, 0.1)) submit.timeout = { attemptDurationSeconds: int(g, 60, 1800) };
  return submit;
}

/** The queues a definition can be submitted to. */
function queuesFor(def: DefInfo, queues: readonly QueueInfo[]): QueueInfo[] {
  return queues.filter((q) => {
    if (def.platform === "FARGATE") return q.fargate;
    if (def.platform === "MNP") return q.mnp;
    return !q.fargate;
  });
}

function arrivals(g: Gen, untilSeconds: number): Obj {
  const span = Math.max(60, untilSeconds);
  switch (int(g, 0, 3)) {
    case 0: {
      const a: Obj = { process: "poisson", ratePerHour: int(g, 1, 60) };
      if (bool(g, 0.3)) a.from = duration(g, 0, span / 2);
      a.count = int(g, 1, 12);
      if (bool(g, 0.3)) a.to = duration(g, span / 2, span);
      return a;
    }
    case 1: {
      const a: Obj = { process: "fixed", every: duration(g, 60, 3600) };
      if (bool(g, 0.3)) a.from = duration(g, 0, span / 2);
      a.count = int(g, 1, 10);
      if (bool(g, 0.3)) a.to = duration(g, span / 2, span);
      return a;
    }
    case 2:
      return {
        at: Array.from({ length: int(g, 1, 5) }, () => duration(g, 0, span)).sort(
          (x, y) => seconds(x) - seconds(y),
        ),
      };
    default: {
      const hours = Array.from({ length: 24 }, () => (bool(g, 0.3) ? int(g, 0, 3) : 0));
      return { process: "diurnal", ratePerHour: hours, days: 1 };
    }
  }
}

/** Seconds of a duration written by duration(). */
function seconds(d: unknown): number {
  if (typeof d === "number") return d;
  const m = /^(\d+)([smh])$/.exec(String(d));
  if (!m) return 0;
  return Number(m[1]) * (m[2] === "h" ? 3600 : m[2] === "m" ? 60 : 1);
}

/** A scenario valid by construction, as a JS object (see validScenario for the text). */
export function buildScenario(g: Gen): Obj {
  const scenario: Obj = { name: `fuzz-${int(g, 0, 999)}` };
  if (bool(g, 0.2)) scenario.description = "generated by test/fuzz";
  scenario.seed = bool(g) ? int(g, 0, 1_000_000) : `s${int(g, 0, 99)}`;
  if (bool(g, 0.2)) scenario.start = "2026-03-02T08:00:00Z";
  const untilSeconds = int(g, 1, 12) * 1800;
  const hasUntil = bool(g, 0.85);
  if (hasUntil) scenario.until = bool(g) ? untilSeconds : `${untilSeconds / 60}m`;
  if (bool(g, 0.1)) scenario.region = "us-east-1";

  // catalog
  const customTypes: string[] = [];
  const catalog: Obj = {};
  if (bool(g, 0.25)) {
    customTypes.push("lab.16");
    catalog.instanceTypes = [
      {
        instanceType: "lab.16",
        vcpu: 16,
        memoryGiB: 64,
        onDemandUsdPerHour: int(g, 0, 100) / 100,
      },
    ];
  }
  if (bool(g, 0.25)) {
    const spot: Obj = {};
    if (bool(g)) spot.priceFactor = int(g, 5, 30) / 10;
    if (bool(g)) spot.interruptionBucket = { [pick(g, CPU_SIZES)]: pick(g, BUCKETS) };
    if (bool(g)) {
      const type = pick(g, CPU_SIZES);
      spot.prices = {
        [type]: [
          { at: 0, usdPerHour: int(g, 1, 20) / 100 },
          { at: duration(g, 60, 7200), usdPerHour: int(g, 1, 40) / 100 },
        ],
      };
    }
    catalog.spot = spot;
  }
  if (Object.keys(catalog).length > 0) scenario.catalog = catalog;

  // settings
  if (bool(g, 0.5)) {
    const settings: Obj = {};
    if (bool(g)) settings.schedulerIntervalSeconds = pick(g, [0, 1, 5, 30]);
    if (bool(g)) settings.jobStartingSeconds = distribution(g, 0, 60);
    if (bool(g)) settings.instanceReadySeconds = distribution(g, 0, 300);
    if (bool(g, 0.3)) settings.scaleInIdleSeconds = int(g, 0, 900);
    if (bool(g, 0.3)) settings.fifoBackfill = bool(g);
    if (bool(g, 0.3)) settings.retryRequeue = pick(g, ["original", "tail"]);
    if (bool(g, 0.3)) settings.timeoutKillSeconds = int(g, 0, 60);
    if (bool(g, 0.3)) settings.oomKillFraction = int(g, 1, 10) / 10;
    if (bool(g, 0.3)) settings.spotNoticeSeconds = int(g, 0, 300);
    if (bool(g, 0.3)) settings.shareDecayZeroSeconds = int(g, 0, 900);
    if (bool(g, 0.3)) settings.fargateStartingSeconds = distribution(g, 0, 90);
    if (bool(g, 0.3)) settings.fargateSpotInterruptionBucket = pick(g, BUCKETS);
    if (bool(g, 0.2)) settings.poolCapacity = { [pick(g, CPU_SIZES)]: int(g, 0, 4) };
    if (bool(g, 0.2)) settings.ecsMemoryOverheadPercent = int(g, 0, 10);
    scenario.settings = settings;
  }

  // compute environments: 1–3 of the EC2 kind, 0–2 of the Fargate kind
  const ces: Obj[] = [];
  const ceInfos: CeInfo[] = [];
  const ec2Kinds = Array.from({ length: int(g, 1, 3) }, () =>
    pick<CeKind>(g, ["EC2", "EC2", "SPOT", "UNMANAGED"]),
  );
  const fargateKinds = bool(g, 0.35)
    ? Array.from({ length: int(g, 1, 2) }, () => pick<CeKind>(g, ["FARGATE", "FARGATE_SPOT"]))
    : [];
  for (const kind of [...ec2Kinds, ...fargateKinds]) {
    const [ce, info] = computeEnvironment(g, ces.length, kind, customTypes);
    ces.push(ce);
    ceInfos.push(info);
  }
  scenario.computeEnvironments = ces;

  // scheduling policies
  const policies: string[] = [];
  if (bool(g, 0.35)) {
    const list: Obj[] = [];
    for (let i = 0; i < int(g, 1, 2); i++) {
      const name = `policy${i}`;
      policies.push(name);
      const fairsharePolicy: Obj = {};
      if (bool(g, 0.7)) fairsharePolicy.shareDecaySeconds = pick(g, [0, 60, 600, 3600]);
      if (bool(g, 0.5)) fairsharePolicy.computeReservation = int(g, 0, 99);
      fairsharePolicy.shareDistribution = subset(g, SHARE_ENTRIES, 0).map((shareIdentifier) =>
        bool(g, 0.7)
          ? { shareIdentifier, weightFactor: pick(g, [0.0001, 0.25, 0.5, 1, 2, 999.9999]) }
          : { shareIdentifier },
      );
      list.push({ name, fairsharePolicy });
    }
    scenario.schedulingPolicies = list;
  }

  // queues: one per kind at least, more at random
  const ec2Ces = ceInfos.filter((c) => c.kind !== "FARGATE" && c.kind !== "FARGATE_SPOT");
  const fargateCes = ceInfos.filter((c) => c.kind === "FARGATE" || c.kind === "FARGATE_SPOT");
  const queueInfos: QueueInfo[] = [];
  const queues: Obj[] = [];
  const actions: { at: number; action: Obj }[] = [];
  const addQueue = (pool: readonly CeInfo[], fargate: boolean): void => {
    const chosen = subset(g, shuffle(g, pool), 1, 3);
    const name = `q${queues.length}`;
    const q: Obj = { jobQueueName: name };
    const disabled = bool(g, 0.1);
    if (disabled || bool(g, 0.2)) q.state = disabled ? "DISABLED" : "ENABLED";
    q.priority = int(g, 0, 20);
    const fairShare = policies.length > 0 && bool(g, 0.6);
    if (fairShare) {
      const policy = pick(g, policies);
      q.schedulingPolicyArn = bool(g, 0.2)
        ? `arn:aws:batch:us-east-1:123456789012:scheduling-policy/${policy}`
        : policy;
    }
    if (fargate && bool(g, 0.3)) q.jobQueueType = pick(g, ["ECS", "ECS_FARGATE"]);
    q.computeEnvironmentOrder = chosen.map((ce, k) => ({
      order: k + 1,
      computeEnvironment: ce.name,
    }));
    if (bool(g, 0.2)) {
      q.jobStateTimeLimitActions = subset(g, TIME_LIMIT_REASONS, 1, 2).map((reason) => ({
        reason,
        state: "RUNNABLE",
        maxTimeSeconds: int(g, 600, 7200),
        action: "CANCEL",
      }));
    }
    queues.push(q);
    const mnp = chosen.every((c) => c.kind === "EC2");
    queueInfos.push({ name, fargate, mnp, fairShare, disabled, ces: chosen });
    if (disabled) {
      // a queue created DISABLED needs an action that enables it
      actions.push({
        at: int(g, 0, 1800),
        action: { updateJobQueue: { jobQueue: name, state: "ENABLED" } },
      });
    }
  };
  for (let i = 0; i < int(g, 1, 2); i++) addQueue(ec2Ces, false);
  if (fargateCes.length > 0) addQueue(fargateCes, true);
  scenario.jobQueues = queues;

  // job definitions
  const defs: Obj[] = [];
  const defInfos: DefInfo[] = [];
  const hasMnpQueue = queueInfos.some((q) => q.mnp);
  const anyGpu = ec2Ces.some((c) => c.gpu);
  const platforms: DefInfo["platform"][] = ["EC2"];
  if (queueInfos.some((q) => q.fargate)) platforms.push("FARGATE");
  if (hasMnpQueue && bool(g, 0.3)) platforms.push("MNP");
  for (let i = 0; i < int(g, 1, 3) || defs.length < platforms.length; i++) {
    const platform =
      i < platforms.length ? (platforms[i] as DefInfo["platform"]) : pick(g, platforms);
    const [def, info] = jobDefinition(g, i, platform, platform === "EC2" && anyGpu && bool(g, 0.3));
    defs.push(def);
    defInfos.push(info);
  }
  scenario.jobDefinitions = defs;

  // workload: 1–4 streams, ≤ ~300 jobs
  const workload: Obj[] = [];
  const explicitJobs: { name: string; at: number }[] = [];
  const streams = int(g, 1, 4);
  for (let s = 0; s < streams; s++) {
    const name = `w${s}`;
    const kind = pick(g, ["arrivals", "arrivals", "jobs", "pipeline"]);
    const defOptions = defInfos.filter((d) => queuesFor(d, queueInfos).length > 0);
    if (kind === "arrivals") {
      const def = pick(g, defOptions);
      const queue = pick(g, queuesFor(def, queueInfos));
      const stream: Obj = { name };
      const jobName = bool(g, 0.2) ? `job${s}` : undefined;
      stream.submit = submitFor(g, def, queue, {
        array: bool(g, 0.2),
        ...(jobName ? { jobName } : {}),
      });
      stream.arrivals = arrivals(g, untilSeconds);
      if (bool(g, 0.3)) stream.sim = simBlock(g, def.platform === "MNP");
      workload.push(stream);
    } else if (kind === "jobs") {
      const jobs: Obj[] = [];
      const infos: { name: string; at: number; arraySize: number | null }[] = [];
      let at = 0;
      for (let j = 0; j < int(g, 1, 6); j++) {
        at += bool(g) ? 0 : int(g, 1, 1800);
        const def = pick(g, defOptions);
        const queue = pick(g, queuesFor(def, queueInfos));
        const jobName = `${name}-j${j}`;
        const submit = submitFor(g, def, queue, {
          array: def.platform !== "MNP" && bool(g, 0.3),
          jobName,
        });
        const arraySize = (submit.arrayProperties as { size?: number } | undefined)?.size ?? null;
        const dependsOn: Obj[] = [];
        for (const earlier of infos) {
          if (!bool(g, 0.3)) continue;
          if (arraySize !== null && earlier.arraySize === arraySize && bool(g)) {
            dependsOn.push({ jobName: earlier.name, type: "N_TO_N" });
          } else dependsOn.push({ jobName: earlier.name });
        }
        if (arraySize !== null && bool(g, 0.3)) dependsOn.push({ type: "SEQUENTIAL" });
        if (dependsOn.length > 0) submit.dependsOn = dependsOn;
        const entry: Obj = { at: bool(g) ? at : `${at}s`, submit };
        if (bool(g, 0.2)) entry.sim = { runtime: distribution(g, 0, 1200) };
        jobs.push(entry);
        infos.push({ name: jobName, at, arraySize });
        explicitJobs.push({ name: jobName, at });
      }
      workload.push({ name, jobs });
    } else {
      const steps: Obj[] = [];
      const infos: { step: string; arraySize: number | null }[] = [];
      const candidates = defOptions.filter((d) => d.platform !== "MNP");
      const usable = candidates.length > 0 ? candidates : defOptions;
      for (let k = 0; k < int(g, 1, 3); k++) {
        const def = pick(g, usable);
        const queue = pick(g, queuesFor(def, queueInfos));
        const step = `s${k}`;
        const submit = submitFor(g, def, queue, { array: def.platform !== "MNP" && bool(g, 0.4) });
        const arraySize = (submit.arrayProperties as { size?: number } | undefined)?.size ?? null;
        const dependsOn: Obj[] = [];
        for (const earlier of infos) {
          if (!bool(g, 0.5)) continue;
          if (arraySize !== null && earlier.arraySize === arraySize && bool(g)) {
            dependsOn.push({ jobName: earlier.step, type: "N_TO_N" });
          } else dependsOn.push({ jobName: earlier.step });
        }
        if (arraySize !== null && bool(g, 0.3)) dependsOn.push({ type: "SEQUENTIAL" });
        if (dependsOn.length > 0) submit.dependsOn = dependsOn;
        const entry: Obj = { step, submit };
        if (bool(g, 0.2)) entry.sim = { runtime: distribution(g, 0, 1200) };
        steps.push(entry);
        infos.push({ step, arraySize });
      }
      const a = arrivals(g, untilSeconds);
      // keep pipelines small: at most 4 arrivals
      if ("count" in a) a.count = Math.min(4, a.count as number);
      if ("at" in a) a.at = (a.at as unknown[]).slice(0, 4);
      if (a.process === "diurnal") {
        workload.push({
          name,
          arrivals: { process: "fixed", every: "1h", count: 2 },
          pipeline: { steps },
        });
      } else workload.push({ name, arrivals: a, pipeline: { steps } });
    }
  }
  scenario.workload = workload;

  // actions
  const limit = hasUntil ? untilSeconds : 6 * 3600;
  for (let i = 0; i < int(g, 0, 4); i++) {
    const at = int(g, 0, limit);
    switch (int(g, 0, 5)) {
      case 0:
      case 1: {
        const candidates = explicitJobs.filter((j) => j.at < at);
        if (candidates.length === 0) break;
        const job = pick(g, candidates);
        const op = bool(g) ? "cancelJob" : "terminateJob";
        actions.push({ at, action: { [op]: { jobName: job.name, reason: "fuzz" } } });
        break;
      }
      case 2: {
        const ce = pick(g, ceInfos);
        const update: Obj = { computeEnvironment: ce.name };
        if (bool(g)) update.state = pick(g, ["ENABLED", "DISABLED"]);
        if (ce.kind !== "UNMANAGED" && bool(g, 0.7)) {
          update.computeResources = {
            maxvCpus: int(g, Math.max(1, ce.minvCpus, ce.desiredvCpus), 128),
          };
        }
        actions.push({ at, action: { updateComputeEnvironment: update } });
        break;
      }
      case 3: {
        const q = pick(g, queueInfos);
        const update: Obj = { jobQueue: q.name };
        if (bool(g)) update.state = pick(g, ["ENABLED", "DISABLED"]);
        if (bool(g)) update.priority = int(g, 0, 20);
        if (bool(g, 0.3)) {
          update.computeEnvironmentOrder = shuffle(g, q.ces).map((ce, k) => ({
            order: k + 1,
            computeEnvironment: ce.name,
          }));
        }
        actions.push({ at, action: { updateJobQueue: update } });
        break;
      }
      case 4: {
        const spot = ceInfos.filter((c) => c.kind === "SPOT");
        const body: Obj = { fraction: pick(g, [0.1, 0.5, 1]) };
        if (spot.length > 0 && bool(g)) body.computeEnvironment = pick(g, spot).name;
        if (bool(g, 0.3)) body.instanceTypes = subset(g, CPU_SIZES, 1, 2);
        actions.push({ at, action: { spotInterruption: body } });
        break;
      }
      default:
        actions.push({
          at,
          action: {
            capacityUnavailable: {
              instanceTypes: subset(g, CPU_SIZES, 1, 3),
              for: duration(g, 60, 7200),
            },
          },
        });
    }
  }
  if (actions.length > 0) {
    // keep the ENABLE of a DISABLED queue in effect: other actions at random times follow it
    scenario.actions = actions.map(({ at, action }) => ({
      at: bool(g) ? at : `${at}s`,
      ...action,
    }));
  }
  return scenario;
}

/** Serialises a generated scenario: block or flow style at random. */
export function scenarioText(object: unknown, flow: boolean): string {
  return stringify(object, flow ? { collectionStyle: "flow", lineWidth: 100 } : { lineWidth: 0 });
}

/** A valid scenario's YAML text. */
export const validScenario: fc.Arbitrary<string> = fc
  .tuple(fc.gen(), fc.integer({ min: 0, max: 9 }))
  .map(([g, style]) => scenarioText(buildScenario(g), style === 0));

// ---- mutations ----

export const MUTATIONS = [
  "deleteKey",
  "misspellKey",
  "badNumber",
  "unknownReference",
  "insertTab",
  "duplicateKey",
  "truncate",
  "garbage",
  "wrongType",
] as const;
export type MutationKind = (typeof MUTATIONS)[number];

export interface Mutant {
  readonly kind: MutationKind;
  readonly what: string;
  /** The mutated file's bytes (not always UTF-8). */
  readonly bytes: Buffer;
}

/** Every key path of a YAML document, with the node it names. */
function keyPaths(doc: ReturnType<typeof parseDocument>): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (typeof key !== "string") continue;
        out.push([...path, key]);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      for (const [i, item] of node.items.entries()) walk(item, [...path, i]);
    }
  };
  walk(doc.contents, []);
  return out;
}

function misspell(key: string, n: number): string {
  if (key.length < 2) return `${key}x`;
  const i = n % (key.length - 1);
  switch (n % 4) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1); // drop a character
    case 1:
      return key.slice(0, i) + (key[i + 1] ?? "") + (key[i] ?? "") + key.slice(i + 2); // swap two
    case 2:
      return `${key.slice(0, i)}x${key.slice(i)}`; // insert one
    default:
      return key.toUpperCase();
  }
}

const BAD_VALUES: readonly unknown[] = [
  Number.NaN,
  -1,
  1e308,
  "a string",
  0,
  -0.5,
  Number.POSITIVE_INFINITY,
  "",
  null,
  [],
  {},
  true,
  "1e999",
  "__proto__",
];
const REFERENCE_KEYS = new Set([
  "jobQueue",
  "jobDefinition",
  "computeEnvironment",
  "schedulingPolicyArn",
  "jobName",
  "instanceType",
  "shareIdentifier",
]);

/** Applies one mutation to `text`; `n`, `m` choose where and what. */
export function mutate(text: string, kind: MutationKind, n: number, m: number): Mutant {
  const doc = parseDocument(text);
  const paths = keyPaths(doc);
  const at = <T>(items: readonly T[]): T | undefined =>
    items.length === 0 ? undefined : items[n % items.length];
  const show = (p: readonly (string | number)[]): string => p.join(".");
  const done = (what: string, out: string | Buffer): Mutant => ({
    kind,
    what,
    bytes: typeof out === "string" ? Buffer.from(out, "utf8") : out,
  });
  switch (kind) {
    case "deleteKey": {
      const p = at(paths);
      if (!p) return done("nothing to delete", text);
      doc.deleteIn(p);
      return done(`delete ${show(p)}`, doc.toString());
    }
    case "misspellKey": {
      const p = at(paths);
      if (!p) return done("no key", text);
      const parent = p.length === 1 ? doc.contents : doc.getIn(p.slice(0, -1), true);
      const key = String(p[p.length - 1]);
      const wrong = misspell(key, m);
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isScalar(it.key) && it.key.value === key);
        if (pair && isScalar(pair.key)) pair.key.value = wrong;
      }
      return done(`rename ${show(p)} to ${wrong}`, doc.toString());
    }
    case "badNumber":
    case "wrongType": {
      const scalars = paths.filter((p) => {
        const v = doc.getIn(p);
        return kind === "badNumber" ? typeof v === "number" : v !== undefined;
      });
      const p = at(scalars);
      if (!p) return done("no value", text);
      const value = BAD_VALUES[m % BAD_VALUES.length];
      doc.setIn(p, doc.createNode(value));
      return done(`set ${show(p)} to ${String(JSON.stringify(value))}`, doc.toString());
    }
    case "unknownReference": {
      const refs = paths.filter((p) => REFERENCE_KEYS.has(String(p[p.length - 1])));
      const p = at(refs);
      if (!p) return done("no reference", text);
      const v = doc.getIn(p);
      const wrong = m % 2 === 0 ? `${String(v)}x` : "nosuch";
      doc.setIn(p, wrong);
      return done(`set ${show(p)} to ${wrong}`, doc.toString());
    }
    case "insertTab": {
      const lines = text.split("\n");
      const i = n % lines.length;
      lines[i] = m % 2 === 0 ? `\t${lines[i]}` : (lines[i] ?? "").replace(/ /, "\t");
      return done(`tab on line ${i + 1}`, lines.join("\n"));
    }
    case "duplicateKey": {
      const lines = text.split("\n");
      const keyed = lines
        .map((line, i) => [line, i] as const)
        .filter(([line]) => /^\s*[A-Za-z_]+:/.test(line));
      const hit = at(keyed);
      if (!hit) return done("no key line", text);
      const [line, i] = hit;
      lines.splice(i + 1, 0, line);
      return done(`duplicate line ${i + 1}`, lines.join("\n"));
    }
    case "truncate": {
      const bytes = Buffer.from(text, "utf8");
      const cut = n % (bytes.length + 1);
      return done(`truncate at byte ${cut}`, bytes.subarray(0, cut).toString("utf8"));
    }
    case "garbage": {
      const bytes = Buffer.from(text, "utf8");
      const cut = n % (bytes.length + 1);
      const junk = Buffer.from(
        Array.from({ length: 1 + (m % 8) }, (_, k) => (m * 31 + k * 97) % 256),
      );
      const out = Buffer.concat([bytes.subarray(0, cut), junk, bytes.subarray(cut)]);
      return done(`insert ${junk.length} bytes at ${cut}`, out);
    }
  }
}

/** A mutated valid scenario. */
export const mutant: fc.Arbitrary<Mutant> = fc
  .tuple(
    validScenario,
    fc.constantFrom(...MUTATIONS),
    fc.nat({ max: 1_000_000 }),
    fc.nat({ max: 1_000_000 }),
  )
  .map(([text, kind, n, m]) => mutate(text, kind, n, m));
