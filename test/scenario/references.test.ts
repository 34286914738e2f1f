import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { problems, scenario, variant } from "./helpers.ts";

const jobs = (...lines: string[]): string => variant({}, ["  - name: e", "    jobs:", ...lines]);
const job = (name: string, at: string, deps: string[] = []): string =>
  `      - {at: ${at}, submit: {jobName: ${name}, jobQueue: q, jobDefinition: d${
    deps.length ? `, dependsOn: [${deps.map((d) => `{jobName: ${d}}`).join(", ")}]` : ""
  }}}`;

describe("references between names", () => {
  it("checks a queue's compute environments, with a did-you-mean", () => {
    expect(
      problems(
        variant({
          7: "  - {jobQueueName: q, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: cee}]}",
        }),
      ),
    ).toEqual([
      "s.yaml:7:93 error jobQueues[0].computeEnvironmentOrder[0].computeEnvironment: unknown compute environment cee (did you mean ce?)",
    ]);
  });

  it("checks the submitted job queue and job definition, with a did-you-mean", () => {
    expect(problems(variant({ 15: "    submit: {jobQueue: qu, jobDefinition: dd}" }))).toEqual([
      "s.yaml:15:24 error workload[0].submit.jobQueue: unknown job queue qu (did you mean q?)",
      "s.yaml:15:43 error workload[0].submit.jobDefinition: unknown job definition dd (did you mean d?)",
    ]);
  });

  it("rejects a submission to a DISABLED queue, as AWS does", () => {
    expect(
      problems(
        variant({
          7: "  - {jobQueueName: q, state: DISABLED, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}",
        }),
      ),
    ).toEqual([
      "s.yaml:15:24 error workload[0].submit.jobQueue: job queue q is DISABLED and no action enables it: AWS rejects SubmitJob to it",
    ]);
  });

  it("accepts a definition as name, name:1 or an ARN, and no other revision", () => {
    for (const ref of [
      "d",
      "d:1",
      "arn:aws:batch:us-east-1:123456789012:job-definition/d",
      "arn:aws:batch:us-east-1:123456789012:job-definition/d:1",
    ]) {
      expect(
        problems(variant({ 15: `    submit: {jobQueue: q, jobDefinition: "${ref}"}` })),
      ).toEqual([]);
    }
    expect(problems(variant({ 15: "    submit: {jobQueue: q, jobDefinition: d:2}" }))).toEqual([
      "s.yaml:15:42 error workload[0].submit.jobDefinition: revision 2 of d does not exist: each definition is registered once, as revision 1",
    ]);
  });

  it("checks instanceTypes entries against catalog sizes, families and aliases", () => {
    expect(
      problems(
        variant({
          5: "    computeResources: {type: EC2, maxvCpus: 64, instanceTypes: [c6i.xlarge, m6i, optimal, default_arm64]}",
        }),
      ),
    ).toEqual([
      "s.yaml:5:65 error computeEnvironments[0].computeResources.instanceTypes[0]: instance types must share one architecture (x86_64 or arm64)",
    ]);
    expect(
      problems(
        variant({
          5: "    computeResources: {type: EC2, maxvCpus: 64, instanceTypes: [c6i.xlarg]}",
        }),
      ),
    ).toEqual([
      "s.yaml:5:65 error computeEnvironments[0].computeResources.instanceTypes[0]: unknown instance type, family or alias c6i.xlarg (did you mean c6i.xlarge?)",
    ]);
  });

  it("checks an UNMANAGED fleet's instance types against the merged catalog", () => {
    const ce = [
      "  - computeEnvironmentName: ce",
      "    type: UNMANAGED",
      "    sim: {instances: [{instanceType: onprem.64, count: 1}, {instanceType: onprem.32, count: 1}]}",
    ].join("\n");
    const catalog = [
      "catalog:",
      "  instanceTypes:",
      "    - {instanceType: onprem.64, vcpu: 64, memoryGiB: 256, onDemandUsdPerHour: 0}",
    ];
    expect(problems(variant({ 3: ce, 4: "", 5: "" }, catalog))).toEqual([
      "s.yaml:5:75 error computeEnvironments[0].sim.instances[1].instanceType: unknown instance type (did you mean onprem.64?)",
    ]);
  });

  it("accepts a dependency on a job submitted earlier, or at the same time earlier in the file", () => {
    const s = scenario(jobs(job("a", "0"), job("b", "0", ["a"]), job("c", "1h", ["a", "b"])));
    const stream = s.workload[1];
    expect(stream?.kind === "jobs" && stream.jobs.map((j) => [j.jobName, j.dependsOn])).toEqual([
      ["a", []],
      ["b", [{ jobName: "a", type: null }]],
      [
        "c",
        [
          { jobName: "a", type: null },
          { jobName: "b", type: null },
        ],
      ],
    ]);
  });

  it("rejects a dependency on a job submitted later, at the dependsOn entry", () => {
    expect(problems(jobs(job("a", "0", ["b"]), job("b", "0")))).toEqual([
      "s.yaml:19:91 error workload[1].jobs[0].submit.dependsOn[0].jobName: b is submitted after this job; a dependency must be submitted first (same at: earlier in the file)",
    ]);
  });

  it("reports one error per edge of a dependsOn cycle, each at its entry, naming the cycle with lines", () => {
    expect(
      problems(
        jobs(
          job("a", "0", ["c"]),
          job("b", "0", ["a"]),
          job("c", "0", ["b"]),
          job("x", "0", ["a"]),
        ),
      ),
    ).toEqual([
      "s.yaml:19:91 error workload[1].jobs[0].submit.dependsOn[0].jobName: dependsOn cycle: a (line 19) → c (line 21) → b (line 20) → a",
      "s.yaml:20:91 error workload[1].jobs[1].submit.dependsOn[0].jobName: dependsOn cycle: b (line 20) → a (line 19) → c (line 21) → b",
      "s.yaml:21:91 error workload[1].jobs[2].submit.dependsOn[0].jobName: dependsOn cycle: c (line 21) → b (line 20) → a (line 19) → c",
    ]);
  });

  it("finds exactly the edges on cycles of random dependency graphs (against reachability)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }).chain((n) =>
          fc.tuple(
            fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
            fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), {
              minLength: n,
              maxLength: n,
            }),
          ),
        ),
        ([ats, deps]) => {
          const n = ats.length;
          const lists = deps.map((d) => [...new Set(d)]);
          // reach[i][j]: job i depends on job j through one or more edges.
          const reach = lists.map((d) => Array.from({ length: n }, (_, j) => d.includes(j)));
          for (let k = 0; k < n; k++)
            for (let i = 0; i < n; i++)
              for (let j = 0; j < n; j++) if (reach[i]![k] && reach[k]![j]) reach[i]![j] = true;
          const want: string[] = [];
          lists.forEach((d, i) => {
            d.forEach((j, e) => {
              if (reach[j]![i]) want.push(`jobs[${i}].submit.dependsOn[${e}]`);
            });
          });
          const text = jobs(
            ...ats.map((at, i) =>
              job(
                `j${i}`,
                String(at),
                lists[i]!.map((j) => `j${j}`),
              ),
            ),
          );
          const got = problems(text)
            .filter((l) => l.includes("dependsOn cycle"))
            .map((l) => /jobs\[\d+\]\.submit\.dependsOn\[\d+\]/.exec(l)![0]);
          expect(got.sort()).toEqual(want.sort());
        },
      ),
      { numRuns: 300, seed: 20261128 },
    );
  });

  it("rejects a job that depends on itself", () => {
    expect(problems(jobs(job("a", "0", ["a"])))).toEqual([
      "s.yaml:19:91 error workload[1].jobs[0].submit.dependsOn[0].jobName: dependsOn cycle: a (line 19) → a",
    ]);
  });

  it("rejects an unknown dependency with a did-you-mean, and a referenced name that is not unique", () => {
    expect(problems(jobs(job("extract", "0"), job("load", "0", ["extrct"])))).toEqual([
      "s.yaml:20:94 error workload[1].jobs[1].submit.dependsOn[0].jobName: unknown job extrct (did you mean extract?)",
    ]);
    expect(problems(jobs(job("a", "0"), job("a", "0"), job("b", "1h", ["a"])))).toEqual([
      "s.yaml:20:35 error workload[1].jobs[1].submit.jobName: jobName a is referenced by dependsOn, so it must be unique (first at line 19)",
    ]);
  });

  it("rejects duplicate compute environment, queue and definition names at the later one", () => {
    const text = variant({}, [
      "  - name: w2",
      "    submit: {jobQueue: q, jobDefinition: d}",
      "    arrivals: {at: [0]}",
    ]).replace(
      "jobQueues:\n",
      "jobQueues:\n  - {jobQueueName: q, priority: 2, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}\n",
    );
    expect(problems(text)).toEqual([
      "s.yaml:8:20 error jobQueues[1].jobQueueName: duplicate jobQueueName q (first at line 7)",
    ]);
  });
});
