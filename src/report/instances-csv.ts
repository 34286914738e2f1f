/**
 * instances.csv: one row per instance (EC2 instance or Fargate task), written when it is
 * terminated — an instance still up at the end of the run is terminated there ("end of run").
 * jobsRun = attempts placed on the instance (STARTING transitions naming it).
 */
import type { Fact, InstanceLaunched } from "../sim/index.ts";
import { type Cell, type CsvOut, type CsvWriter, createCsvWriter, seconds, usd } from "./csv.ts";
import type { RowFold } from "./jobs-csv.ts";

/** instances.csv columns, in order. */
export const INSTANCES_CSV_COLUMNS = [
  "instanceId",
  "computeEnvironment",
  "instanceType",
  "purchaseOption",
  "vcpu",
  "memoryMiB",
  "gpu",
  "usdPerHour",
  "launchedAt",
  "readyAt",
  "terminatedAt",
  "terminationReason",
  "billedSeconds",
  "billedUsd",
  "idleUsd",
  "jobsRun",
] as const;

interface LiveInstance {
  readonly launched: InstanceLaunched;
  readyAt: number | null;
  jobsRun: number;
}

/** Creates the instances.csv fold; the header is written at once. */
export function createInstancesCsvFold(write: CsvOut): RowFold {
  const csv = createCsvWriter(INSTANCES_CSV_COLUMNS, write);
  const live = new Map<string, LiveInstance>();
  return {
    kinds: [
      "InstanceLaunched",
      "InstanceReady",
      "JobStateChanged",
      "InstanceTerminated",
      "RunEnded",
    ],
    onFact: (f) => applyFact(f, live, csv),
    finish: () => csv.flush(),
  };
}

function applyFact(f: Fact, live: Map<string, LiveInstance>, csv: CsvWriter): void {
  switch (f.kind) {
    case "InstanceLaunched":
      live.set(f.instanceId, { launched: { ...f }, readyAt: null, jobsRun: 0 });
      return;
    case "InstanceReady": {
      const inst = live.get(f.instanceId);
      if (inst) inst.readyAt = f.time;
      return;
    }
    case "JobStateChanged": {
      const inst = f.to === "STARTING" && f.instanceId !== null && live.get(f.instanceId);
      if (inst) inst.jobsRun += 1;
      return;
    }
    case "InstanceTerminated": {
      const inst = live.get(f.instanceId);
      if (!inst) throw new Error(`report: InstanceTerminated for unknown instance ${f.instanceId}`);
      live.delete(f.instanceId);
      const cells = instanceCells(inst);
      cells.push(
        seconds(f.time),
        f.reason,
        seconds(f.billedSeconds),
        usd(f.billedUsd),
        usd(f.idleUsd),
        inst.jobsRun,
      );
      csv.row(cells);
      return;
    }
    case "RunEnded":
      // Facts terminate every instance before RunEnded; any left is written without an end.
      for (const inst of live.values()) csv.row(instanceCells(inst));
      live.clear();
      return;
    default:
      return;
  }
}

function instanceCells(inst: LiveInstance): Cell[] {
  const l = inst.launched;
  return [
    l.instanceId,
    l.computeEnvironment,
    l.instanceType,
    l.purchaseOption,
    l.vcpu,
    l.memoryMiB,
    l.gpu,
    l.usdPerHour,
    seconds(l.time),
    seconds(inst.readyAt),
  ];
}
