import { describe, expect, it } from "vitest";
import { problems, scenario, variant } from "./helpers.ts";

/** BASE with the definition's `type:` line followed by `extra`. */
const def = (extra: string): string => variant({ 10: `    type: container\n${extra}` });
/** BASE with a `jobs:` stream appended (its first line is 19). */
const jobs = (...lines: string[]): string => variant({}, ["  - name: e", "    jobs:", ...lines]);

describe("retryStrategy", () => {
  it("takes attempts 1–10 only", () => {
    expect(problems(def("    retryStrategy: {attempts: 0}"))).toEqual([
      "s.yaml:11:31 error jobDefinitions[0].retryStrategy.attempts: must be 1–10",
    ]);
    expect(problems(def("    retryStrategy: {attempts: 11}"))).toEqual([
      "s.yaml:11:31 error jobDefinitions[0].retryStrategy.attempts: must be 1–10",
    ]);
    expect(problems(def("    retryStrategy: {attempts: 10}"))).toEqual([]);
  });

  it("requires attempts when evaluateOnExit is given, as AWS does", () => {
    expect(
      problems(def("    retryStrategy: {evaluateOnExit: [{onReason: '*', action: EXIT}]}")),
    ).toEqual([
      "s.yaml:11:21 error jobDefinitions[0].retryStrategy.attempts: required when evaluateOnExit is given (AWS requires attempts with evaluateOnExit)",
    ]);
  });

  it("rejects a 6th evaluateOnExit entry at that entry", () => {
    const entries = Array.from({ length: 6 }, () => "        - {onReason: '*', action: EXIT}");
    const text = def(
      ["    retryStrategy:", "      attempts: 2", "      evaluateOnExit:", ...entries].join("\n"),
    );
    expect(problems(text)).toEqual([
      "s.yaml:19:11 error jobDefinitions[0].retryStrategy.evaluateOnExit[5]: at most 5 entries",
    ]);
  });

  it("needs an action and at least one condition in each entry", () => {
    expect(
      problems(def("    retryStrategy: {attempts: 2, evaluateOnExit: [{action: retry}]}")),
    ).toEqual([
      "s.yaml:11:51 error jobDefinitions[0].retryStrategy.evaluateOnExit[0]: needs at least one of onStatusReason, onReason, onExitCode",
    ]);
    expect(
      problems(def("    retryStrategy: {attempts: 2, evaluateOnExit: [{onExitCode: '1'}]}")),
    ).toEqual([
      "s.yaml:11:52 error jobDefinitions[0].retryStrategy.evaluateOnExit[0].action: required",
    ]);
    expect(
      problems(
        def("    retryStrategy: {attempts: 2, evaluateOnExit: [{onExitCode: '1', action: again}]}"),
      ),
    ).toEqual([
      "s.yaml:11:77 error jobDefinitions[0].retryStrategy.evaluateOnExit[0].action: must be RETRY or EXIT (any case)",
    ]);
  });

  it("rejects a * anywhere but last, as AWS's ClientException does", () => {
    expect(
      problems(
        def(
          "    retryStrategy: {attempts: 2, evaluateOnExit: [{onStatusReason: '*Host', action: RETRY}]}",
        ),
      ),
    ).toEqual([
      "s.yaml:11:68 error jobDefinitions[0].retryStrategy.evaluateOnExit[0].onStatusReason: a * may only be the last character (AWS rejects this pattern with a ClientException)",
    ]);
  });

  it("allows AWS's characters only: reasons letters, digits, . : and spaces; exit codes digits", () => {
    expect(
      problems(
        def(
          "    retryStrategy: {attempts: 2, evaluateOnExit: [{onReason: 'Out-of-memory', action: RETRY}, {onExitCode: '1x*', action: EXIT}]}",
        ),
      ),
    ).toEqual([
      "s.yaml:11:62 error jobDefinitions[0].retryStrategy.evaluateOnExit[0].onReason: may contain only letters, digits, '.', ':' and whitespace, optionally ending in *",
      "s.yaml:11:108 error jobDefinitions[0].retryStrategy.evaluateOnExit[1].onExitCode: may contain only digits, optionally ending in *",
    ]);
    expect(
      problems(
        def(
          "    retryStrategy: {attempts: 2, evaluateOnExit: [{onStatusReason: 'Host EC2*', onReason: 'OutOfMemoryError: Container killed*', onExitCode: '13*', action: retry}, {onReason: '*', action: EXIT}]}",
        ),
      ),
    ).toEqual([]);
  });

  it("limits a pattern to 512 characters", () => {
    const long = "a".repeat(513);
    expect(
      problems(
        def(
          `    retryStrategy: {attempts: 2, evaluateOnExit: [{onReason: '${long}', action: RETRY}]}`,
        ),
      ),
    ).toEqual([
      "s.yaml:11:62 error jobDefinitions[0].retryStrategy.evaluateOnExit[0].onReason: must be at most 512 characters",
    ]);
  });

  it("normalises: actions upper-cased, absent patterns null, SubmitJob's replacing the definition's", () => {
    const text = variant({
      10: [
        "    type: container",
        "    retryStrategy:",
        "      attempts: 3",
        "      evaluateOnExit:",
        "        - {onStatusReason: 'Host EC2*', action: retry}",
        "        - {onReason: '*', onExitCode: '137', action: Exit}",
      ].join("\n"),
    });
    const spec = (t: string) => {
      const w = scenario(t).workload[0];
      if (w?.kind !== "arrivals") throw new Error("expected an arrivals stream");
      return w.spec;
    };
    expect(spec(text).retryStrategy).toEqual({
      attempts: 3,
      evaluateOnExit: [
        { onStatusReason: "Host EC2*", onReason: null, onExitCode: null, action: "RETRY" },
        { onStatusReason: null, onReason: "*", onExitCode: "137", action: "EXIT" },
      ],
    });
    const replaced = text.replace(
      "    submit: {jobQueue: q, jobDefinition: d}",
      "    submit: {jobQueue: q, jobDefinition: d, retryStrategy: {attempts: 2}}",
    );
    expect(spec(replaced).retryStrategy).toEqual({ attempts: 2, evaluateOnExit: [] });
    expect(spec(variant({})).retryStrategy).toEqual({ attempts: 1, evaluateOnExit: [] });
  });
});

describe("timeout, memoryUsedMiB and arrays", () => {
  it("takes attemptDurationSeconds ≥ 60, SubmitJob's over the definition's", () => {
    expect(
      problems(
        variant({
          15: "    submit: {jobQueue: q, jobDefinition: d, timeout: {attemptDurationSeconds: 59}}",
        }),
      ),
    ).toEqual([
      "s.yaml:15:79 error workload[0].submit.timeout.attemptDurationSeconds: must be at least 60",
    ]);
    const withDef = def("    timeout: {attemptDurationSeconds: 3600}");
    const first = (t: string) => scenario(t).workload[0];
    expect(first(withDef)).toMatchObject({ spec: { attemptDurationSeconds: 3600 } });
    expect(
      first(
        withDef.replace(
          "    submit: {jobQueue: q, jobDefinition: d}",
          "    submit: {jobQueue: q, jobDefinition: d, timeout: {attemptDurationSeconds: 60}}",
        ),
      ),
    ).toMatchObject({ spec: { attemptDurationSeconds: 60 } });
    expect(first(variant({}))).toMatchObject({ spec: { attemptDurationSeconds: null } });
  });

  it("reads sim.memoryUsedMiB as MiB or a memory string, the most specific sim block winning", () => {
    const text = variant({ 12: "    sim: {runtime: 10m, memoryUsedMiB: 3000}" }, [
      "    sim: {memoryUsedMiB: 6GiB}",
    ]);
    expect(scenario(text).workload[0]).toMatchObject({ spec: { memoryUsedMiB: 6144 } });
    expect(
      scenario(variant({ 12: "    sim: {runtime: 10m, memoryUsedMiB: 3000}" })).workload[0],
    ).toMatchObject({ spec: { memoryUsedMiB: 3000 } });
    expect(problems(variant({ 12: "    sim: {runtime: 10m, memoryUsedMiB: 6GB}" }))).toEqual([
      "s.yaml:12:40 error jobDefinitions[0].sim.memoryUsedMiB: expected a memory size: a number of MiB or a string like 512MiB, 4GiB",
    ]);
  });

  it("takes arrayProperties.size 2–10000 into arraySize", () => {
    for (const size of [1, 10001]) {
      expect(
        problems(
          variant({
            15: `    submit: {jobQueue: q, jobDefinition: d, arrayProperties: {size: ${size}}}`,
          }),
        ),
      ).toEqual([`s.yaml:15:69 error workload[0].submit.arrayProperties.size: must be 2–10000`]);
    }
    const s = scenario(
      variant({
        15: "    submit: {jobQueue: q, jobDefinition: d, arrayProperties: {size: 10000}}",
      }),
    );
    expect(s.workload[0]).toMatchObject({ spec: { arraySize: 10000 } });
  });

  it("takes nodeOverrides only for multi-node parallel jobs", () => {
    expect(
      problems(
        variant({
          15: "    submit: {jobQueue: q, jobDefinition: d, nodeOverrides: {numNodes: 2}}",
        }),
      ),
    ).toEqual([
      "s.yaml:15:45 error workload[0].submit.nodeOverrides: only for multi-node parallel jobs (job definition d is type: container)",
    ]);
  });
});

describe("dependsOn types", () => {
  const arr = (name: string, size: number | null, deps = ""): string =>
    `      - {at: 0, submit: {jobName: ${name}, jobQueue: q, jobDefinition: d${
      size === null ? "" : `, arrayProperties: {size: ${size}}`
    }${deps ? `, dependsOn: [${deps}]` : ""}}}`;

  it("normalises plain, N_TO_N and SEQUENTIAL entries", () => {
    const s = scenario(
      jobs(
        arr("b", 3, "{type: SEQUENTIAL}"),
        arr("a", 3, "{jobName: b, type: N_TO_N}, {jobName: b}"),
      ),
    );
    const stream = s.workload[1];
    expect(stream?.kind === "jobs" && stream.jobs.map((j) => [j.jobName, j.dependsOn])).toEqual([
      ["b", [{ jobName: null, type: "SEQUENTIAL" }]],
      [
        "a",
        [
          { jobName: "b", type: "N_TO_N" },
          { jobName: "b", type: null },
        ],
      ],
    ]);
  });

  it("rejects SEQUENTIAL on a job that is not an array", () => {
    expect(problems(jobs(arr("a", null, "{type: SEQUENTIAL}")))).toEqual([
      "s.yaml:19:88 error workload[1].jobs[0].submit.dependsOn[0].type: SEQUENTIAL applies only to an array job (arrayProperties.size): child i waits for child i−1",
    ]);
  });

  it("rejects SEQUENTIAL with a jobName", () => {
    expect(problems(jobs(arr("b", null), arr("a", 3, "{jobName: b, type: SEQUENTIAL}")))).toEqual([
      "s.yaml:20:110 error workload[1].jobs[1].submit.dependsOn[0].jobName: SEQUENTIAL takes no jobName: it makes child i of this array job wait for child i−1",
    ]);
  });

  it("rejects N_TO_N between arrays of different sizes at the entry, naming both sizes", () => {
    expect(problems(jobs(arr("b", 4), arr("a", 3, "{jobName: b, type: N_TO_N}")))).toEqual([
      "s.yaml:20:109 error workload[1].jobs[1].submit.dependsOn[0]: N_TO_N needs two array jobs of the same size: this job has size 3, b has size 4",
    ]);
    expect(problems(jobs(arr("b", null), arr("a", 3, "{jobName: b, type: N_TO_N}")))).toEqual([
      "s.yaml:20:109 error workload[1].jobs[1].submit.dependsOn[0]: N_TO_N needs two array jobs of the same size: this job has size 3, b is not an array job",
    ]);
    expect(problems(jobs(arr("a", 3, "{type: N_TO_N}")))).toEqual([
      "s.yaml:19:110 error workload[1].jobs[0].submit.dependsOn[0].jobName: required: N_TO_N names the array job this one depends on",
    ]);
  });

  it("rejects jobId, and a 21st dependency at that entry", () => {
    expect(problems(jobs(arr("a", null, "{jobId: x}")))).toEqual([
      "s.yaml:19:82 error workload[1].jobs[0].submit.dependsOn[0].jobId: refer to jobs by jobName (job ids are assigned by the simulator)",
    ]);
    const many = Array(21).fill("{jobName: b}").join(", ");
    expect(problems(jobs(arr("b", null), arr("a", null, many)))).toEqual([
      "s.yaml:20:361 error workload[1].jobs[1].submit.dependsOn[20]: a job can have at most 20 dependencies",
    ]);
  });
});

describe("explicit jobs of just a queue and a definition", () => {
  it("share one spec per stream, equal to the spec each would get on its own", () => {
    // A second queue and definition, and two streams with different sim blocks.
    const text = (tag: string) =>
      variant(
        {
          7: "  - {jobQueueName: q, priority: 1, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}\n  - {jobQueueName: r, priority: 2, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}",
          12: '    sim: {runtime: 10m}\n  - {jobDefinitionName: e, type: container, containerProperties: {resourceRequirements: [{type: VCPU, value: "2"}, {type: MEMORY, value: "4096"}]}}',
        },
        [
          "  - name: a",
          "    sim: {runtime: 5m}",
          "    jobs:",
          ...[
            "q, jobDefinition: d",
            "r, jobDefinition: e",
            "q, jobDefinition: d",
            "q, jobDefinition: e",
          ].map((s, i) => `      - {at: ${i}, submit: {jobName: a${i}, jobQueue: ${s}${tag}}}`),
          "  - name: b",
          "    jobs:",
          `      - {at: 0, submit: {jobName: b0, jobQueue: q, jobDefinition: d${tag}}}`,
          `      - {at: 1, submit: {jobQueue: q, jobDefinition: d${tag}}}`,
        ],
      );
    const specs = (s: ReturnType<typeof scenario>) =>
      s.workload.flatMap((w) => (w.kind === "jobs" ? w.jobs.map((j) => j.spec) : []));
    const shared = specs(scenario(text("")));
    // Tags have no effect on a spec but make each submit its own: built job by job.
    const alone = specs(scenario(text(", tags: {k: v}")));
    expect(shared).toHaveLength(6);
    expect(shared).toStrictEqual(alone);
    expect(shared[0]).toBe(shared[2]); // a0 and a2: same queue, definition and stream
    expect(shared[0]).not.toBe(shared[4]); // a0 and b0: another stream's sim block
    expect(shared[0]?.runtime).not.toStrictEqual(shared[4]?.runtime);
    expect(alone[0]).not.toBe(alone[2]);
  });
});
