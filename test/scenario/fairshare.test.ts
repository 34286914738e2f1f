import { describe, expect, it } from "vitest";
import { settingsAsAssumptions } from "../../src/scenario/index.ts";
import { problems, scenario } from "./helpers.ts";

/** A valid fair-share scenario, one line per entry (line numbers in tests count from 1 here). */
const FAIR: readonly string[] = [
  "name: t", // 1
  "computeEnvironments:", // 2
  "  - computeEnvironmentName: ce", // 3
  "    type: MANAGED", // 4
  "    computeResources: {type: EC2, maxvCpus: 64, instanceTypes: [c6i]}", // 5
  "schedulingPolicies:", // 6
  "  - name: fair", // 7
  "    fairsharePolicy:", // 8
  "      shareDistribution:", // 9
  '        - {shareIdentifier: "UserA*"}', // 10
  "        - {shareIdentifier: research, weightFactor: 0.5}", // 11
  "jobQueues:", // 12
  "  - {jobQueueName: q, priority: 1, schedulingPolicyArn: fair, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}", // 13
  "  - {jobQueueName: fifo, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}", // 14
  "jobDefinitions:", // 15
  "  - jobDefinitionName: d", // 16
  "    type: container", // 17
  "    schedulingPriority: 5", // 18
  '    containerProperties: {resourceRequirements: [{type: VCPU, value: "1"}, {type: MEMORY, value: "2048"}]}', // 19
  "    sim: {runtime: 10m}", // 20
  "workload:", // 21
  "  - name: w", // 22
  "    submit: {jobQueue: q, jobDefinition: d, shareIdentifier: UserA1}", // 23
  "    arrivals: {process: fixed, every: 1h, count: 3}", // 24
];

/** FAIR with lines replaced (1-based line → new text) and lines appended. */
function fair(replace: Readonly<Record<number, string>>, append: readonly string[] = []): string {
  return [...FAIR.map((l, i) => replace[i + 1] ?? l), ...append].join("\n");
}

/** FAIR's queue line with other fields. */
function queue(fields: string): string {
  return `  - {jobQueueName: q, priority: 1, ${fields}computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}`;
}

const REASONS =
  "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY, MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE, MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT, MISCONFIGURATION:EC2_INSTANCE_CONFIGURATION_UNSUPPORTED";

/** A pipeline stream and a jobs: list on the FIFO queue `fifo` and the fair-share queue `q`. */
const STREAMS = [
  "  - name: p", // 25
  "    arrivals: {process: fixed, every: 1h, count: 1}", // 26
  "    pipeline:", // 27
  "      steps:", // 28
  "        - {step: a, submit: {jobQueue: q, jobDefinition: d, shareIdentifier: research}}", // 29
  "        - {step: b, submit: {jobQueue: q, jobDefinition: d}}", // 30
  "  - name: j", // 31
  "    jobs:", // 32
  "      - {at: 0, submit: {jobQueue: fifo, jobDefinition: d, shareIdentifier: research}}", // 33
  "      - {at: 0, submit: {jobQueue: q, jobDefinition: d, shareIdentifier: UserA2, schedulingPriorityOverride: 0}}", // 34
];

describe("scheduling policies", () => {
  it("normalise with AWS's defaults; a queue takes a policy by name or by ARN", () => {
    const s = scenario(
      fair({
        13: queue(
          "schedulingPolicyArn: arn:aws:batch:us-east-1:123456789012:scheduling-policy/fair, ",
        ),
      }),
    );
    expect(s.schedulingPolicies).toEqual([
      {
        name: "fair",
        shareDecaySeconds: 0,
        computeReservation: 0,
        shareDistribution: [
          { shareIdentifier: "UserA*", weightFactor: 1 },
          { shareIdentifier: "research", weightFactor: 0.5 },
        ],
      },
    ]);
    expect(s.jobQueues).toEqual([
      {
        jobQueueName: "q",
        state: "ENABLED",
        priority: 1,
        computeEnvironments: ["ce"],
        schedulingPolicy: "fair",
        jobStateTimeLimitActions: [],
      },
      {
        jobQueueName: "fifo",
        state: "ENABLED",
        priority: 1,
        computeEnvironments: ["ce"],
        schedulingPolicy: null,
        jobStateTimeLimitActions: [],
      },
    ]);
    expect(s.workload[0]).toMatchObject({
      kind: "arrivals",
      spec: { jobQueue: "q", shareIdentifier: "UserA1", schedulingPriority: 5 },
    });
  });

  it("keep every value given; a policy without fairsharePolicy gets every default", () => {
    const s = scenario(
      fair({
        8: "    fairsharePolicy: {shareDecaySeconds: 604800, computeReservation: 99, shareDistribution: [{shareIdentifier: a, weightFactor: 0.0001}, {shareIdentifier: b, weightFactor: 999.9999}]}",
        9: "  - {name: plain, tags: {team: x}}",
        10: "",
        11: "",
      }),
    );
    expect(s.schedulingPolicies).toEqual([
      {
        name: "fair",
        shareDecaySeconds: 604800,
        computeReservation: 99,
        shareDistribution: [
          { shareIdentifier: "a", weightFactor: 0.0001 },
          { shareIdentifier: "b", weightFactor: 999.9999 },
        ],
      },
      { name: "plain", shareDecaySeconds: 0, computeReservation: 0, shareDistribution: [] },
    ]);
  });

  it("report an unknown policy with a did-you-mean, and a duplicate name at the later one", () => {
    expect(problems(fair({ 13: queue("schedulingPolicyArn: fiar, ") }))).toEqual([
      "s.yaml:13:57 error jobQueues[0].schedulingPolicyArn: unknown scheduling policy fiar (did you mean fair?)",
    ]);
    expect(
      problems(
        fair({
          13: queue("schedulingPolicyArn: arn:aws:batch:us-east-1:1:scheduling-policy/fai, "),
        }),
      ),
    ).toEqual([
      "s.yaml:13:57 error jobQueues[0].schedulingPolicyArn: unknown scheduling policy fai (did you mean fair?)",
    ]);
    expect(problems(fair({ 6: "schedulingPolicies:\n  - {name: fair}" }))).toEqual([
      "s.yaml:8:11 error schedulingPolicies[1].name: duplicate name fair (first at line 7)",
    ]);
  });

  it("report overlapping share identifiers at the later entry, naming the earlier one's line", () => {
    expect(
      problems(
        fair({
          11: [
            "        - {shareIdentifier: research, weightFactor: 0.5}", // 11
            "        - {shareIdentifier: UserA1}", // 12
            '        - {shareIdentifier: "UserAB*"}', // 13
            "        - {shareIdentifier: research}", // 14
            '        - {shareIdentifier: "User*"}', // 15
            '        - {shareIdentifier: "researcher*"}', // 16
          ].join("\n"),
        }),
      ),
    ).toEqual([
      "s.yaml:12:29 error schedulingPolicies[0].fairsharePolicy.shareDistribution[2].shareIdentifier: shareIdentifier UserA1 overlaps UserA* (line 10): entries of a policy may not overlap",
      "s.yaml:13:29 error schedulingPolicies[0].fairsharePolicy.shareDistribution[3].shareIdentifier: shareIdentifier UserAB* overlaps UserA* (line 10): entries of a policy may not overlap",
      "s.yaml:14:29 error schedulingPolicies[0].fairsharePolicy.shareDistribution[4].shareIdentifier: duplicate shareIdentifier research (first at line 11)",
      "s.yaml:15:29 error schedulingPolicies[0].fairsharePolicy.shareDistribution[5].shareIdentifier: shareIdentifier User* overlaps UserA* (line 10): entries of a policy may not overlap",
    ]);
  });

  it("check the ranges of shareDecaySeconds, computeReservation and weightFactor; quotaSharePolicy is not supported", () => {
    expect(
      problems(
        fair({
          8: "    fairsharePolicy: {shareDecaySeconds: 604801, computeReservation: 100}",
          9: "    tags: {a: b}",
          10: '  - {name: w, fairsharePolicy: {computeReservation: -1, shareDistribution: [{shareIdentifier: a, weightFactor: 0}, {shareIdentifier: b, weightFactor: 1000}, {shareIdentifier: "c**"}]}}',
          11: "  - {name: x, quotaSharePolicy: {}}",
        }),
      ),
    ).toEqual([
      "s.yaml:8:42 error schedulingPolicies[0].fairsharePolicy.shareDecaySeconds: must be 0–604800",
      "s.yaml:8:70 error schedulingPolicies[0].fairsharePolicy.computeReservation: must be 0–99",
      "s.yaml:10:53 error schedulingPolicies[1].fairsharePolicy.computeReservation: must be 0–99",
      "s.yaml:10:112 error schedulingPolicies[1].fairsharePolicy.shareDistribution[0].weightFactor: must be 0.0001–999.9999",
      "s.yaml:10:151 error schedulingPolicies[1].fairsharePolicy.shareDistribution[1].weightFactor: must be 0.0001–999.9999",
      "s.yaml:10:176 error schedulingPolicies[1].fairsharePolicy.shareDistribution[2].shareIdentifier: letters and digits only, optionally ending in *",
      "s.yaml:11:15 error schedulingPolicies[2].quotaSharePolicy: not supported (an AWS feature batchsim does not model)",
    ]);
  });
});

describe("shareIdentifier and schedulingPriorityOverride", () => {
  it("are required on a fair-share queue (missing: at the submit mapping)", () => {
    expect(problems(fair({ 23: "    submit: {jobQueue: q, jobDefinition: d}" }))).toEqual([
      "s.yaml:23:14 error workload[0].submit.shareIdentifier: required: job queue q is a fair-share queue (scheduling policy fair)",
    ]);
    expect(problems(fair({ 18: "    timeout: {attemptDurationSeconds: 60}" }))).toEqual([
      's.yaml:23:14 error workload[0].submit.schedulingPriorityOverride: required on fair-share queue q: job definition d has no schedulingPriority (AWS: "Either schedulingPriority in job definition or schedulingPriorityOverride should be specified.")',
    ]);
  });

  it("are forbidden on a FIFO queue (at the key)", () => {
    expect(
      problems(
        fair({
          23: "    submit: {jobQueue: fifo, jobDefinition: d, shareIdentifier: UserA1, schedulingPriorityOverride: 3}",
        }),
      ),
    ).toEqual([
      "s.yaml:23:48 error workload[0].submit.shareIdentifier: only on fair-share queues (job queue fifo has no schedulingPolicyArn)",
      "s.yaml:23:73 error workload[0].submit.schedulingPriorityOverride: only on fair-share queues (job queue fifo has no schedulingPolicyArn)",
    ]);
  });

  it("are checked for every submission: pipeline steps and jobs: entries", () => {
    expect(problems(fair({}, STREAMS))).toEqual([
      "s.yaml:30:30 error workload[1].pipeline.steps[1].submit.shareIdentifier: required: job queue q is a fair-share queue (scheduling policy fair)",
      "s.yaml:33:60 error workload[2].jobs[0].submit.shareIdentifier: only on fair-share queues (job queue fifo has no schedulingPolicyArn)",
    ]);
    const s = scenario(
      fair({}, [...STREAMS.slice(0, 5), ...STREAMS.slice(6, 8), STREAMS[9] ?? ""]),
    );
    expect(s.workload.slice(1)).toMatchObject([
      {
        kind: "pipeline",
        steps: [{ spec: { shareIdentifier: "research", schedulingPriority: 5 } }],
      },
      { kind: "jobs", jobs: [{ spec: { shareIdentifier: "UserA2", schedulingPriority: 0 } }] },
    ]);
  });

  it("check their AWS formats: letters and digits (no prefix *), priority 0–9999", () => {
    expect(
      problems(
        fair({
          23: '    submit: {jobQueue: q, jobDefinition: d, shareIdentifier: "UserA*", schedulingPriorityOverride: 10000}',
        }),
      ),
    ).toEqual([
      "s.yaml:23:62 error workload[0].submit.shareIdentifier: letters and digits only",
      "s.yaml:23:100 error workload[0].submit.schedulingPriorityOverride: must be 0–9999",
    ]);
  });
});

describe("jobStateTimeLimitActions", () => {
  it("normalise in list order", () => {
    const s = scenario(
      fair({
        14: "  - {jobQueueName: fifo, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}], jobStateTimeLimitActions: [{reason: MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT, state: RUNNABLE, maxTimeSeconds: 600, action: CANCEL}, {reason: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY, state: RUNNABLE, maxTimeSeconds: 86400, action: CANCEL}]}",
      }),
    );
    expect(s.jobQueues[1]?.jobStateTimeLimitActions).toEqual([
      {
        reason: "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
        state: "RUNNABLE",
        maxTimeSeconds: 600,
        action: "CANCEL",
      },
      {
        reason: "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY",
        state: "RUNNABLE",
        maxTimeSeconds: 86400,
        action: "CANCEL",
      },
    ]);
  });

  it("allow CANCEL of RUNNABLE jobs only, for a reason that can trigger an action, once per reason", () => {
    const actions = [
      '{reason: "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY", state: RUNNABLE, maxTimeSeconds: 600, action: TERMINATE}',
      "{reason: CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY, state: RUNNABLE, maxTimeSeconds: 86400, action: CANCEL}",
      "{reason: UNDETERMINED, state: RUNNING, maxTimeSeconds: 599, action: CANCEL}",
      "{reason: MISCONFIGURATION:JOB_RESOURCE_REQUIRMENT, state: RUNNABLE, maxTimeSeconds: 86401, action: CANCEL}",
    ];
    expect(
      problems(fair({ 13: queue(`jobStateTimeLimitActions: [${actions.join(", ")}], `) })),
    ).toEqual([
      "s.yaml:13:161 error jobQueues[0].jobStateTimeLimitActions[0].action: TERMINATE is for SageMaker queues; ECS queues allow CANCEL only",
      "s.yaml:13:182 error jobQueues[0].jobStateTimeLimitActions[1].reason: duplicate reason CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY (first at line 13): one action per reason",
      `s.yaml:13:289 error jobQueues[0].jobStateTimeLimitActions[2].reason: UNDETERMINED needs manual action and cannot trigger an action: expected one of ${REASONS}`,
      "s.yaml:13:310 error jobQueues[0].jobStateTimeLimitActions[2].state: expected one of RUNNABLE",
      "s.yaml:13:335 error jobQueues[0].jobStateTimeLimitActions[2].maxTimeSeconds: must be ≥ 600",
      `s.yaml:13:366 error jobQueues[0].jobStateTimeLimitActions[3].reason: MISCONFIGURATION:JOB_RESOURCE_REQUIRMENT cannot trigger an action: expected one of ${REASONS} (did you mean MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT?)`,
      "s.yaml:13:441 error jobQueues[0].jobStateTimeLimitActions[3].maxTimeSeconds: must be ≤ 86400",
    ]);
  });
});

describe("settings.shareDecayZeroSeconds", () => {
  it("defaults to 600, takes 0, is ≥ 0 and is listed after poolCapacity (§13 table order)", () => {
    expect(scenario(fair({})).settings.shareDecayZeroSeconds).toBe(600);
    const s = scenario(fair({}, ["settings: {shareDecayZeroSeconds: 0}"]));
    expect(s.settings.shareDecayZeroSeconds).toBe(0);
    const keys = Object.keys(settingsAsAssumptions(s.settings));
    expect(
      keys.slice(keys.indexOf("ecsMemoryOverheadMiB"), keys.indexOf("retryRequeue") + 1),
    ).toEqual(["ecsMemoryOverheadMiB", "poolCapacity", "shareDecayZeroSeconds", "retryRequeue"]);
    expect(problems(fair({}, ["settings: {shareDecayZeroSeconds: -1}"]))).toEqual([
      "s.yaml:25:35 error settings.shareDecayZeroSeconds: must be ≥ 0",
    ]);
  });
});
