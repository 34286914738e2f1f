import { describe, expect, it } from "vitest";
import { problems, variant } from "./helpers.ts";

describe("where an error points", () => {
  it("points at the offending value", () => {
    expect(problems(variant({ 4: "    type: MANAGD" }))).toEqual([
      "s.yaml:4:11 error computeEnvironments[0].type: expected one of MANAGED, UNMANAGED (did you mean MANAGED?)",
    ]);
  });

  it("points at the key when the key itself is wrong", () => {
    expect(problems(variant({}, ["setings: {}"]))).toEqual([
      "s.yaml:17:1 error setings: unknown key (did you mean settings?)",
    ]);
  });

  it("points at the first item past a list limit: the 4th CE of a queue", () => {
    const text = variant(
      {
        7: "  - jobQueueName: q",
      },
      [],
    ).replace(
      "  - jobQueueName: q\n",
      [
        "  - jobQueueName: q",
        "    priority: 1",
        "    computeEnvironmentOrder:",
        "      - {order: 1, computeEnvironment: ce}",
        "      - {order: 2, computeEnvironment: ce}",
        "      - {order: 3, computeEnvironment: ce}",
        "      - {order: 4, computeEnvironment: ce}",
        "",
      ].join("\n"),
    );
    expect(problems(text)).toEqual([
      "s.yaml:13:9 error jobQueues[0].computeEnvironmentOrder[3]: a job queue can have at most 3 compute environments",
    ]);
  });

  it("points at the 21st dependency of a job", () => {
    const deps = Array.from({ length: 21 }, (_, i) => `{jobName: j${i}}`).join(", ");
    const jobs = Array.from(
      { length: 21 },
      (_, i) => `      - {at: 0, submit: {jobName: j${i}, jobQueue: q, jobDefinition: d}}`,
    );
    const text = variant({}, [
      "  - name: e",
      "    jobs:",
      ...jobs,
      "      - at: 1h",
      "        submit:",
      "          jobQueue: q",
      "          jobDefinition: d",
      "          dependsOn:",
      ...deps.split(", ").map((d) => `            - ${d}`),
    ]);
    // The 21st entry is line 17 + 2 + 21 + 5 + 20 = 65.
    expect(problems(text)).toEqual([
      "s.yaml:65:15 error workload[1].jobs[21].submit.dependsOn[20]: a job can have at most 20 dependencies",
    ]);
  });

  it("points at the field named first in a rule between fields", () => {
    expect(
      problems(
        variant({
          5: "    computeResources: {type: EC2, maxvCpus: 4, minvCpus: 8, instanceTypes: [c6i]}",
        }),
      ),
    ).toEqual([
      "s.yaml:5:58 error computeEnvironments[0].computeResources.minvCpus: minvCpus must not exceed maxvCpus",
    ]);
    expect(
      problems(
        variant({
          5: "    computeResources: {type: EC2, maxvCpus: 4, desiredvCpus: 8, instanceTypes: [c6i]}",
        }),
      ),
    ).toEqual([
      "s.yaml:5:62 error computeEnvironments[0].computeResources.desiredvCpus: desiredvCpus must not exceed maxvCpus",
    ]);
  });

  it("points at the later of two duplicate names and names the earlier line", () => {
    const text = variant({}, [
      "  - name: w",
      "    submit: {jobQueue: q, jobDefinition: d}",
      "    arrivals: {at: [0]}",
    ]);
    expect(problems(text)).toEqual([
      "s.yaml:17:11 error workload[1].name: duplicate name w (first at line 14)",
    ]);
  });

  it("points at the mapping (its first key) that lacks a required key", () => {
    expect(problems(variant({ 10: "    tags: {}" }))).toEqual([
      "s.yaml:9:5 error jobDefinitions[0].type: required",
    ]);
    expect(problems(variant({ 1: "description: no name" }))).toEqual([
      "s.yaml:1:1 error name: required",
    ]);
  });

  it("points at the first key of a flow mapping that lacks a required key", () => {
    expect(
      problems(
        variant({
          7: "  - {jobQueueName: q, computeEnvironmentOrder: [{order: 1, computeEnvironment: ce}]}",
        }),
      ),
    ).toEqual(["s.yaml:7:6 error jobQueues[0].priority: required"]);
  });

  it("points at line 1 column 1 for an empty file, a file that is not a mapping, or not YAML", () => {
    expect(problems("")).toEqual(["s.yaml:1:1 error $: the file is empty"]);
    expect(problems("# only a comment\n")).toEqual(["s.yaml:1:1 error $: the file is empty"]);
    expect(problems("- a\n- b\n")).toEqual([
      "s.yaml:1:1 error $: a scenario must be a mapping (name:, computeEnvironments:, …)",
    ]);
    expect(problems("just words")).toEqual([
      "s.yaml:1:1 error $: a scenario must be a mapping (name:, computeEnvironments:, …)",
    ]);
  });

  it("points at a YAML syntax error where the parser found it", () => {
    const [first] = problems("name: t\nworkload: [a, b\n");
    expect(first).toMatch(/^s\.yaml:\d+:\d+ error \$: not valid YAML: /);
  });

  it("reports every problem at once, sorted by line then column", () => {
    const text = variant({
      4: "    type: MANAGD",
      10: "    type: containr",
      15: "    submit: {jobQueue: qq, jobDefinition: d}",
    });
    expect(problems(text)).toEqual([
      "s.yaml:4:11 error computeEnvironments[0].type: expected one of MANAGED, UNMANAGED (did you mean MANAGED?)",
      "s.yaml:10:11 error jobDefinitions[0].type: expected one of container, multinode (did you mean container?)",
      "s.yaml:15:24 error workload[0].submit.jobQueue: unknown job queue qq (did you mean q?)",
    ]);
  });
});
