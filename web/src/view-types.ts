/** Types shared by the viewer's modules. */

/**
 * Axis ranges shared by every column, so two runs side by side are drawn on the same axes: each is
 * the maximum over the runs shown.
 */
export interface Domains {
  /** Time axes span [0, endSeconds]. */
  readonly endSeconds: number;
  /** Σ vCPU provisioned over the CEs (capacity chart). */
  readonly vcpuMax: number;
  /** RUNNABLE jobs in one queue (queue depth chart). */
  readonly runnableMax: number;
  /** Longest wait, s (wait distributions). */
  readonly waitMaxSeconds: number;
  /** costUsdPerHour. */
  readonly burnUsdPerHourMax: number;
  /** costUsd at the end. */
  readonly costUsdMax: number;
}

/** Something drawn against time: it follows the scrubber. */
export interface TimeView {
  setTime(t: number): void;
}

/** A view that follows nothing (a note, a table). */
export const STATIC_VIEW: TimeView = { setTime() {} };
