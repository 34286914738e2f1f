/** Distributions of durations: from the YAML shape to the normalised `Distribution`, and back for reports. */
import type * as z from "zod";
import { atKey, atValue, type DocPath, type RawProblem } from "./problem.ts";
import type { distributionSchema } from "./schema-common.ts";
import type { Distribution } from "./types.ts";
import { MAX_DURATION_SECONDS, parseDurationSeconds } from "./units.ts";

/** z-score of the 90th percentile of the standard normal distribution. */
export const Z90 = 1.2815515655446004;

type DistributionInput = z.infer<typeof distributionSchema>;
type DistributionObject = Exclude<DistributionInput, number | string>;

const FIELDS_BY_KIND: Readonly<Record<DistributionObject["distribution"], readonly string[]>> = {
  fixed: ["value"],
  exponential: ["mean"],
  lognormal: ["median", "p90", "mu", "sigma"],
  uniform: ["min", "max"],
  empirical: ["values", "weights"],
};

/** Normalises a zod-checked distribution; pushes problems (and returns undefined) when fields do not fit its kind. */
export function toDistribution(
  input: DistributionInput,
  path: DocPath,
  problems: RawProblem[],
): Distribution | undefined {
  if (typeof input !== "object") return { kind: "fixed", seconds: seconds(input) };
  const kind = input.distribution;
  const before = problems.length;
  for (const key of Object.keys(input)) {
    if (key !== "distribution" && !FIELDS_BY_KIND[kind].includes(key)) {
      problems.push(atKey([...path, key], `not a field of ${article(kind)} ${kind} distribution`));
    }
  }
  const need = (key: string, v: unknown): void => {
    if (v === undefined)
      problems.push(atValue([...path, key], `required for ${article(kind)} ${kind} distribution`));
  };
  let out: Distribution | undefined;
  switch (kind) {
    case "fixed":
      need("value", input.value);
      if (input.value !== undefined) out = { kind, seconds: seconds(input.value) };
      break;
    case "exponential":
      need("mean", input.mean);
      if (input.mean !== undefined) out = { kind, meanSeconds: seconds(input.mean) };
      break;
    case "lognormal":
      out = lognormal(input, path, problems);
      break;
    case "uniform": {
      need("min", input.min);
      need("max", input.max);
      if (input.min === undefined || input.max === undefined) break;
      const [lo, hi] = [seconds(input.min), seconds(input.max)];
      if (lo > hi) problems.push(atValue([...path, "min"], "min must not exceed max"));
      else out = { kind, minSeconds: lo, maxSeconds: hi };
      break;
    }
    case "empirical":
      out = empirical(input, path, problems);
      break;
  }
  return problems.length === before ? out : undefined;
}

function lognormal(
  input: DistributionObject,
  path: DocPath,
  problems: RawProblem[],
): Distribution | undefined {
  const byQuantiles = input.median !== undefined || input.p90 !== undefined;
  const byParams = input.mu !== undefined || input.sigma !== undefined;
  if (byQuantiles && byParams) {
    problems.push(atValue([...path, "median"], "give either median and p90, or mu and sigma"));
    return undefined;
  }
  if (byParams) {
    if (input.mu === undefined) problems.push(atValue([...path, "mu"], "required with sigma"));
    if (input.sigma === undefined) problems.push(atValue([...path, "sigma"], "required with mu"));
    if (input.mu === undefined || input.sigma === undefined) return undefined;
    // As for median and p90 (durations, at most 100 years): e^mu and e^(mu + 1.28 sigma).
    const p90Seconds = Math.exp(input.mu + Z90 * input.sigma);
    if (!(p90Seconds <= MAX_DURATION_SECONDS)) {
      problems.push(
        atValue(
          [...path, "mu"],
          `median e^mu and p90 e^(mu + ${Z90.toFixed(4)}·sigma) must be at most ${MAX_DURATION_SECONDS / 86400}d (100 years); this p90 is ${p90Seconds.toExponential(2)} s`,
        ),
      );
      return undefined;
    }
    return { kind: "lognormal", mu: input.mu, sigma: input.sigma };
  }
  if (input.median === undefined || input.p90 === undefined) {
    const missing = input.median === undefined ? "median" : "p90";
    problems.push(
      atValue(
        [...path, missing],
        "a lognormal distribution needs median and p90 (or mu and sigma)",
      ),
    );
    return undefined;
  }
  const median = seconds(input.median);
  const p90 = seconds(input.p90);
  if (!(median > 0 && p90 > median)) {
    problems.push(
      atValue([...path, "p90"], "p90 must be greater than median, and median greater than 0"),
    );
    return undefined;
  }
  return { kind: "lognormal", mu: Math.log(median), sigma: Math.log(p90 / median) / Z90 };
}

function empirical(
  input: DistributionObject,
  path: DocPath,
  problems: RawProblem[],
): Distribution | undefined {
  if (input.values === undefined) {
    problems.push(atValue([...path, "values"], "required for an empirical distribution"));
    return undefined;
  }
  const valuesSeconds = input.values.map(seconds);
  const weights = input.weights ?? valuesSeconds.map(() => 1);
  if (weights.length !== valuesSeconds.length) {
    problems.push(
      atValue([...path, "weights"], `needs ${valuesSeconds.length} weights, one per value`),
    );
    return undefined;
  }
  if (!(weights.reduce((a, b) => a + b, 0) > 0)) {
    problems.push(atValue([...path, "weights"], "weights must not all be 0"));
    return undefined;
  }
  return { kind: "empirical", valuesSeconds, weights };
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? "an" : "a";
}

function seconds(v: number | string): number {
  return parseDurationSeconds(v) ?? Number.NaN; // zod has checked the format already
}

/** A distribution rendered back readably for summary.json → assumptions. */
export function distributionToJson(d: Distribution): number | Record<string, unknown> {
  switch (d.kind) {
    case "fixed":
      return d.seconds;
    case "exponential":
      return { distribution: "exponential", meanSeconds: d.meanSeconds };
    case "lognormal":
      return {
        distribution: "lognormal",
        mu: d.mu,
        sigma: d.sigma,
        medianSeconds: Math.exp(d.mu),
        p90Seconds: Math.exp(d.mu + Z90 * d.sigma),
      };
    case "uniform":
      return { distribution: "uniform", minSeconds: d.minSeconds, maxSeconds: d.maxSeconds };
    case "empirical":
      return {
        distribution: "empirical",
        valuesSeconds: [...d.valuesSeconds],
        weights: [...d.weights],
      };
  }
}
