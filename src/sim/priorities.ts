/**
 * Same-instant order of engine events (lower first) — each event kind has its own priority, which
 * is also how the loop tells kinds apart. Chosen so that at one instant capacity is freed and
 * instances become ready before new work is looked at, and the scheduler places jobs on free room
 * before the scaling cycle decides what to launch.
 */
export const EVENT = {
  /** A Spot instance is reclaimed (its jobs fail) before anything else at that instant. */
  SPOT_RECLAIM: 0,
  /** A job attempt ends (its container exits): frees room, may satisfy dependencies. */
  JOB_ATTEMPT_END: 1,
  /** A launched instance becomes ready. */
  INSTANCE_READY: 2,
  /** A placed job leaves STARTING and starts RUNNING. */
  JOB_RUNNING: 3,
  /** A Spot price change (catalog.spot.prices): before anything decides with the price. */
  SPOT_PRICE: 4,
  /** An `actions:` entry (before submissions, so "enable the queue at 8h" accepts jobs of 8h). */
  ACTION: 5,
  /** A Spot interruption notice: no new placements on the instance from this instant on. */
  SPOT_NOTICE: 6,
  /** The next SubmitJob of the workload. */
  SUBMISSION: 7,
  /** A scheduler cycle: SUBMITTED/PENDING jobs are evaluated, then RUNNABLE jobs placed (§13.1). */
  SCHEDULER_CYCLE: 8,
  /** A scaling cycle's scale-in check of one idle instance (§13.9). */
  SCALE_IN_CHECK: 9,
  /** A scaling cycle's scale-out (§13.5). */
  SCALE_OUT: 10,
  /** A jobStateTimeLimitAction's clock runs out (§13.4); the next scheduler cycle sees the new head. */
  TIME_LIMIT: 11,
} as const;
