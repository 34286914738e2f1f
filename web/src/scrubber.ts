/**
 * The time scrubber: a range input over [0, endSeconds] and play / pause, which replays the run in
 * the chosen number of wall-clock seconds. Every listener gets each new instant.
 */
import { el } from "./dom.ts";
import { formatElapsed } from "./format.ts";

export interface Scrubber {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  /** The scrubbed instant, simulated seconds. */
  time(): number;
  set(t: number): void;
  play(): void;
  pause(): void;
  playing(): boolean;
}

const REPLAY_SECONDS = [15, 60, 300];

/** Creates the scrubber; `onChange` is called with every new time (and once now, at 0). */
export function createScrubber(
  endSeconds: number,
  startEpochMs: number,
  onChange: (t: number) => void,
): Scrubber {
  const end = Math.max(0, Number.isFinite(endSeconds) ? endSeconds : 0);
  const input = el("input", "scrubber-range", [], {
    type: "range",
    min: "0",
    max: String(end),
    step: "any",
    value: "0",
    "aria-label": "simulated time",
  });
  const button = el("button", "play", ["▶ play"], { type: "button" });
  const speed = el(
    "select",
    "speed",
    REPLAY_SECONDS.map((s) =>
      el("option", null, [`whole run in ${s < 60 ? `${s} s` : `${s / 60} min`}`], {
        value: String(s),
      }),
    ),
    { "aria-label": "replay speed" },
  );
  speed.value = "60";
  const label = el("span", "scrubber-time");
  const element = el("div", "scrubber", [button, input, label, speed]);
  let t = 0;
  let frame: number | null = null;
  let last: number | null = null;

  const update = (value: number, fromInput = false) => {
    t = Math.max(0, Math.min(end, value));
    if (!fromInput) input.value = String(t);
    const date = utcDate(startEpochMs + Math.round(t) * 1000);
    label.textContent = `t = ${formatElapsed(t, true)} of ${formatElapsed(end, true)}${date ? ` · ${date}` : ""}`;
    onChange(t);
  };
  const tick = (now: number) => {
    if (frame === null) return;
    const dt = last === null ? 0 : (now - last) / 1000;
    last = now;
    const next = t + (end * dt) / Number(speed.value);
    update(next);
    if (next >= end) scrubber.pause();
    else frame = requestAnimationFrame(tick);
  };
  const scrubber: Scrubber = {
    element,
    input,
    time: () => t,
    set: (value) => update(value),
    play() {
      if (frame !== null || end === 0 || typeof requestAnimationFrame !== "function") return;
      if (t >= end) update(0);
      last = null;
      button.textContent = "❚❚ pause";
      frame = requestAnimationFrame(tick);
    },
    pause() {
      if (frame !== null && typeof cancelAnimationFrame === "function") cancelAnimationFrame(frame);
      frame = null;
      button.textContent = "▶ play";
    },
    playing: () => frame !== null,
  };
  input.addEventListener("input", () => update(Number(input.value), true));
  button.addEventListener("click", () => (frame === null ? scrubber.play() : scrubber.pause()));
  update(0);
  return scrubber;
}

/** An instant as `YYYY-MM-DDTHH:MM:SSZ`, or "" when it is not a valid date. */
function utcDate(epochMs: number): string {
  if (!Number.isFinite(epochMs) || Math.abs(epochMs) > 8.64e15) return "";
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}
