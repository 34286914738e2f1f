import type { Instance } from "../capacity/instance.ts";
import { endAttempt } from "./attempts.ts";
import { launchToFloor } from "./cycles.ts";
import { SIGKILL_EXIT_CODE } from "./lifecycle.ts";
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

/** A Fargate Spot task's statusReason when AWS takes its capacity back (§1). */
export const FARGATE_SPOT_INTERRUPTED = "Your Spot Task was interrupted.";

/**
 * The reclaim: every attempt on the instance fails with `Host EC2 (instance <id>) terminated.` and no
 * exit code — so the common `onStatusReason: "Host EC2*"` retry applies — and the instance is gone.
 * The CE launches replacements at its next scaling cycle if jobs still need them.
 */
export function onSpotReclaim(world: World, inst: Instance): void {
  if (inst.task) {
    // Fargate Spot (§8): the task is stopped with exit code 137; ending the attempt ends the task
    // (as a "spot reclaim").
    const [key] = inst.occupants; // a task holds exactly one job
    const job = key === undefined ? undefined : world.liveJobs.get(key);
    if (job && job.instance !== null) {
      endAttempt(world, job, {
        cause: "interrupted",
        exitCode: SIGKILL_EXIT_CODE,
        statusReason: FARGATE_SPOT_INTERRUPTED,
        reason: "",
      });
    }
    if (world.liveInstances.has(inst.index)) world.terminate(inst, "spot reclaim");
    return;
  }
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

/**
 * A Spot price change (catalog.spot.prices): SPOT CEs that offer the type order and bid-check it at
 * the new price from now on (Spot instances of the type are billed at it through their price
 * curve); where the price is now above a CE's bid, that CE's live instances of the type get an
 * interruption notice, as EC2 reclaims instances whose price exceeds the maximum price.
 */
export function onSpotPrice(
  world: World,
  change: { readonly instanceType: string; readonly usdPerHour: number },
): void {
  const { instanceType, usdPerHour } = change;
  world.fact({ kind: "SpotPriceChanged", time: world.now, instanceType, usdPerHour });
  let offered = false;
  for (const ce of world.ces) offered = ce.reprice(instanceType, usdPerHour) || offered;
  if (!offered) return;
  for (const inst of [...world.liveInstances.values()].sort((a, b) => a.index - b.index)) {
    const ce = world.ces[inst.ceIndex]!;
    if (!ce.spot || inst.reclaiming || inst.type.instanceType !== instanceType) continue;
    if (ce.aboveBid(inst.type, usdPerHour)) onSpotNotice(world, inst);
  }
  world.configurationChanged();
  world.requestScale();
}
