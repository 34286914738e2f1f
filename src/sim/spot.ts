import type { Instance } from "../capacity/instance.ts";
import { endAttempt } from "./attempts.ts";
import { launchToFloor } from "./cycles.ts";
import { EVENT } from "./priorities.ts";
import type { World } from "./world.ts";

/**
 * A Spot interruption notice (aws-batch-model.md §8, §13.13): from now on no job is placed on the
 * instance; `spotNoticeSeconds` later it is reclaimed.
 */
export function onSpotNotice(world: World, inst: Instance): void {
  inst.reclaiming = true;
  world.ces[inst.ceIndex]!.updateRoom(inst);
  const reclaimAt = world.now + world.scenario.settings.spotNoticeSeconds;
  world.fact({
    kind: "InstanceInterruptionNoticed",
    time: world.now,
    instanceId: inst.instanceId,
    reclaimAt,
  });
  world.events.push(reclaimAt, EVENT.SPOT_RECLAIM, inst.index);
}

/**
 * The reclaim: every attempt on the instance fails with `Host EC2 (instance <id>) terminated.` and no
 * exit code — so the common `onStatusReason: "Host EC2*"` retry applies — and the instance is gone.
 * The CE launches replacements at its next scaling cycle if jobs still need them.
 */
export function onSpotReclaim(world: World, inst: Instance): void {
  const statusReason = `Host EC2 (instance ${inst.instanceId}) terminated.`;
  for (const key of [...inst.occupants].sort((a, b) => a - b)) {
    const job = world.liveJobs.get(key);
    if (!job || job.instance === null) continue;
    endAttempt(world, job, { cause: "interrupted", exitCode: null, statusReason, reason: "" });
  }
  const ce = world.ces[inst.ceIndex]!;
  world.terminate(inst, "spot reclaim");
  launchToFloor(world, ce); // minvCpus/desiredvCpus are kept up
  world.requestScale();
}
