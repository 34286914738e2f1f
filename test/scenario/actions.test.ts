import { describe, expect, it } from "vitest";
import { problems, scenario, variant } from "./helpers.ts";

/** BASE + a jobs: stream with `extract` at 1h (line 19), `top` lines, then `actions:` (first item at line 21 + top.length). */
const withActions = (top: readonly string[], ...actions: string[]): string =>
  variant({}, [
    "  - name: e",
    "    jobs:",
    "      - {at: 1h, submit: {jobName: extract, jobQueue: q, jobDefinition: d}}",
    ...top,
    "actions:",
    ...actions,
  ]);

const DISABLED_QUEUE =
  "  - {jobQueueName: q, state: DISABLED, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}";

describe("actions", () => {
  it("normalises every kind, sorted by time with ties in list order", () => {
    const s = scenario(
      withActions(
        ["until: 1d"],
        "  - {at: 2h, terminateJob: {jobName: extract, reason: ops}}",
        "  - {at: 2h, cancelJob: {jobName: extract, reason: 'no longer needed'}}",
        "  - {at: 12h, updateComputeEnvironment: {computeEnvironment: ce, state: DISABLED, computeResources: {minvCpus: 8, maxvCpus: 128, desiredvCpus: 16}}}",
        "  - {at: 1h, updateJobQueue: {jobQueue: q, state: DISABLED, priority: 5, computeEnvironmentOrder: [{order: 2, computeEnvironment: ce}]}}",
        "  - {at: 13h, updateComputeEnvironment: {computeEnvironment: 'arn:aws:batch:us-east-1:1:compute-environment/ce'}}",
        "  - {at: 14h, updateJobQueue: {jobQueue: q}}",
      ),
    );
    expect(s.actions).toEqual([
      {
        atSeconds: 3600,
        kind: "updateJobQueue",
        jobQueue: "q",
        state: "DISABLED",
        priority: 5,
        computeEnvironments: ["ce"],
      },
      { atSeconds: 7200, kind: "terminateJob", jobName: "extract", reason: "ops" },
      { atSeconds: 7200, kind: "cancelJob", jobName: "extract", reason: "no longer needed" },
      {
        atSeconds: 43200,
        kind: "updateComputeEnvironment",
        computeEnvironment: "ce",
        state: "DISABLED",
        minvCpus: 8,
        maxvCpus: 128,
        desiredvCpus: 16,
      },
      {
        atSeconds: 46800,
        kind: "updateComputeEnvironment",
        computeEnvironment: "ce",
        state: null,
        minvCpus: null,
        maxvCpus: null,
        desiredvCpus: null,
      },
      {
        atSeconds: 50400,
        kind: "updateJobQueue",
        jobQueue: "q",
        state: null,
        priority: null,
        computeEnvironments: null,
      },
    ]);
    expect(scenario(variant({})).actions).toEqual([]);
  });

  it("rejects unknown jobs, compute environments and queues with a did-you-mean", () => {
    expect(
      problems(
        withActions(
          [],
          "  - {at: 2h, cancelJob: {jobName: extrct, reason: x}}",
          "  - {at: 2h, updateComputeEnvironment: {computeEnvironment: cee}}",
          "  - {at: 2h, updateJobQueue: {jobQueue: qq}}",
          "  - {at: 2h, updateJobQueue: {jobQueue: q, computeEnvironmentOrder: [{order: 1, computeEnvironment: cf}, {order: 1, computeEnvironment: ce}]}}",
        ),
      ),
    ).toEqual([
      "s.yaml:21:35 error actions[0].cancelJob.jobName: unknown job extrct: actions name jobs of jobs: lists (did you mean extract?)",
      "s.yaml:22:61 error actions[1].updateComputeEnvironment.computeEnvironment: unknown compute environment cee (did you mean ce?)",
      "s.yaml:23:41 error actions[2].updateJobQueue.jobQueue: unknown job queue qq (did you mean q?)",
      "s.yaml:24:101 error actions[3].updateJobQueue.computeEnvironmentOrder[0].computeEnvironment: unknown compute environment cf (did you mean ce?)",
      "s.yaml:24:114 error actions[3].updateJobQueue.computeEnvironmentOrder[1].order: duplicate order 1 (first at line 24)",
    ]);
  });

  it("names only jobs of jobs: lists, which must then be unique", () => {
    expect(problems(withActions([], "  - {at: 2h, cancelJob: {jobName: w-1, reason: x}}"))).toEqual(
      [
        "s.yaml:21:35 error actions[0].cancelJob.jobName: unknown job w-1: actions name jobs of jobs: lists",
      ],
    );
    const dup = variant({}, [
      "  - name: e",
      "    jobs:",
      "      - {at: 0, submit: {jobName: a, jobQueue: q, jobDefinition: d}}",
      "      - {at: 0, submit: {jobName: a, jobQueue: q, jobDefinition: d}}",
      "actions:",
      "  - {at: 1h, cancelJob: {jobName: a, reason: x}}",
    ]);
    expect(problems(dup)).toEqual([
      "s.yaml:20:35 error workload[1].jobs[1].submit.jobName: jobName a is named by an action, so it must be unique (first at line 19)",
    ]);
  });

  it("rejects an action on a job before the job is submitted", () => {
    expect(
      problems(withActions([], "  - {at: 30m, cancelJob: {jobName: extract, reason: x}}")),
    ).toEqual(["s.yaml:21:10 error actions[0].at: the job is submitted at 1h, after this action"]);
    expect(
      problems(withActions([], "  - {at: 1h, terminateJob: {jobName: extract, reason: x}}")),
    ).toEqual([
      "s.yaml:21:10 error actions[0].at: the job is submitted at 1h, the same instant: actions run before the submissions of their instant, so give a later at",
    ]);
    expect(
      problems(withActions([], "  - {at: 1h1s, terminateJob: {jobName: extract, reason: x}}")),
    ).toEqual([]);
  });

  it("rejects an action after until", () => {
    expect(
      problems(
        withActions(
          ["until: 1d"],
          "  - {at: 2d, updateComputeEnvironment: {computeEnvironment: ce, state: DISABLED}}",
        ),
      ),
    ).toEqual(["s.yaml:22:10 error actions[0].at: after the end of the run (until: 1d)"]);
  });

  it("needs exactly one operation, a jobName (not a jobId) and a non-empty reason", () => {
    expect(
      problems(
        withActions(
          [],
          "  - {at: 2h}",
          "  - {at: 2h, cancelJob: {jobName: extract, reason: x}, terminateJob: {jobName: extract, reason: x}}",
          "  - {at: 2h, cancelJob: {jobId: abc, reason: x}}",
          "  - {at: 2h, terminateJob: {jobName: extract, reason: ''}}",
          "  - {at: 2h, terminateJob: {jobName: extract}}",
        ),
      ),
    ).toEqual([
      "s.yaml:21:5 error actions[0]: needs one of cancelJob, terminateJob, updateComputeEnvironment, updateJobQueue, spotInterruption, capacityUnavailable",
      "s.yaml:22:56 error actions[1].terminateJob: one operation per action (this one already has cancelJob)",
      "s.yaml:23:26 error actions[2].cancelJob.jobId: refer to jobs by jobName (job ids are assigned by the simulator)",
      "s.yaml:24:55 error actions[3].terminateJob.reason: must not be empty",
      "s.yaml:25:29 error actions[4].terminateJob.reason: required",
    ]);
  });

  it("checks vCPU bounds against the compute environment's values merged with earlier updates", () => {
    expect(
      problems(
        withActions(
          [],
          "  - {at: 2h, updateComputeEnvironment: {computeEnvironment: ce, computeResources: {minvCpus: 100}}}",
          "  - {at: 3h, updateComputeEnvironment: {computeEnvironment: ce, computeResources: {maxvCpus: 16, desiredvCpus: 32}}}",
          "  - {at: 4h, updateComputeEnvironment: {computeEnvironment: ce, computeResources: {minvCpus: 8, desiredvCpus: 4}}}",
          "  - {at: 5h, updateComputeEnvironment: {computeEnvironment: ce, computeResources: {minvCpus: 16}}}",
          "  - {at: 6h, updateComputeEnvironment: {computeEnvironment: ce, computeResources: {maxvCpus: 8}}}",
        ),
      ),
    ).toEqual([
      "s.yaml:21:94 error actions[0].updateComputeEnvironment.computeResources.minvCpus: minvCpus (100) must not exceed maxvCpus (64)",
      "s.yaml:22:112 error actions[1].updateComputeEnvironment.computeResources.desiredvCpus: desiredvCpus (32) must not exceed maxvCpus (16)",
      "s.yaml:23:111 error actions[2].updateComputeEnvironment.computeResources.desiredvCpus: desiredvCpus (4) must not be below minvCpus (8)",
      "s.yaml:25:94 error actions[4].updateComputeEnvironment.computeResources.maxvCpus: maxvCpus (8) must not be below minvCpus (16)",
    ]);
  });

  it("refuses computeResources on an UNMANAGED compute environment", () => {
    const text = variant(
      {
        3: "  - computeEnvironmentName: ce\n    type: UNMANAGED\n    sim: {instances: [{instanceType: c6i.xlarge, count: 1}]}",
        4: "",
        5: "",
      },
      [
        "actions:",
        "  - {at: 1h, updateComputeEnvironment: {computeEnvironment: ce, computeResources: {maxvCpus: 8}}}",
      ],
    );
    expect(problems(text)).toEqual([
      "s.yaml:20:65 error actions[0].updateComputeEnvironment.computeResources: ce is UNMANAGED: it has no computeResources to update",
    ]);
  });

  it("keeps other Update fields not supported yet", () => {
    expect(
      problems(
        withActions(
          [],
          "  - {at: 2h, updateComputeEnvironment: {computeEnvironment: ce, serviceRole: x, computeResources: {instanceTypes: [m6i]}}}",
          "  - {at: 2h, updateJobQueue: {jobQueue: q, schedulingPolicyArn: p}}",
        ),
      ),
    ).toEqual([
      "s.yaml:21:65 error actions[0].updateComputeEnvironment.serviceRole: not supported yet",
      "s.yaml:21:100 error actions[0].updateComputeEnvironment.computeResources.instanceTypes: not supported yet",
      "s.yaml:22:44 error actions[1].updateJobQueue.schedulingPolicyArn: not supported yet",
    ]);
  });

  it("accepts submissions to a DISABLED queue that an action enables, and only then", () => {
    const enabled = variant({ 7: DISABLED_QUEUE }, [
      "actions:",
      "  - {at: 2h, updateJobQueue: {jobQueue: q, state: ENABLED}}",
    ]);
    expect(problems(enabled)).toEqual([]);
    expect(scenario(enabled).jobQueues[0]?.state).toBe("DISABLED");
    const notEnabled = variant({ 7: DISABLED_QUEUE }, [
      "actions:",
      "  - {at: 2h, updateJobQueue: {jobQueue: q, priority: 3}}",
    ]);
    expect(problems(notEnabled)).toEqual([
      "s.yaml:15:24 error workload[0].submit.jobQueue: job queue q is DISABLED and no action enables it: AWS rejects SubmitJob to it",
    ]);
  });
});
