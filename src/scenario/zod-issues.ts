/** Turns zod issues into problems worded for scenario authors, at the places the contract names. */
import type * as z from "zod";
import { didYouMean } from "./did-you-mean.ts";
import { atKey, atValue, type DocPath, type RawProblem } from "./problem.ts";
import { NOT_SUPPORTED_KEYS } from "./schema-common.ts";
import { knownKeys, schemaAt } from "./schema-walk.ts";

/** Problems of every zod issue; `root` is the schema the issues came from (for known keys). */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  root: z.ZodType,
  prefix: DocPath = [],
): RawProblem[] {
  return issues.flatMap((issue) =>
    fromIssue(issue, root, [...prefix, ...issue.path.map(toSegment)]),
  );
}

/** `<<:` is a key like any other in YAML 1.2 (the core schema scenarios are read with). */
const MERGE_KEY =
  "unknown key: merge keys (<<) are YAML 1.1, and scenarios are read as YAML 1.2; write the keys out, or alias the whole mapping (key: *anchor)";

function toSegment(seg: PropertyKey): string | number {
  return typeof seg === "number" ? seg : String(seg);
}

function fromIssue(issue: z.core.$ZodIssue, root: z.ZodType, path: DocPath): RawProblem[] {
  const missing =
    issue.input === undefined && issue.code !== "unrecognized_keys" && issue.code !== "custom";
  if (missing) return [atValue(path, "required")];
  switch (issue.code) {
    case "unrecognized_keys": {
      const schema = schemaAt(root, path);
      const known = schema ? knownKeys(schema) : [];
      return issue.keys.map((key) => ({
        ...(NOT_SUPPORTED_KEYS.has(key)
          ? atKey([...path, key], "not supported (an AWS feature batchsim does not model)")
          : key === "<<"
            ? atKey([...path, key], MERGE_KEY)
            : atKey([...path, key], `unknown key${didYouMean(key, known)}`)),
        drop: true,
      }));
    }
    case "invalid_union": {
      const branches = issue.errors.filter((b) => !b.every(isRootTypeMismatch));
      if (branches.length === 1 && branches[0]) return problemsFromIssues(branches[0], root, path);
      return [atValue(path, issue.message)];
    }
    case "invalid_type":
      return [atValue(path, `expected ${issue.expected}, got ${describe(issue.input)}`)];
    case "invalid_value": {
      const options = issue.values.map(String);
      const hint = typeof issue.input === "string" ? didYouMean(issue.input, options) : "";
      return [atValue(path, `expected one of ${options.join(", ")}${hint}`)];
    }
    case "too_big":
      if (issue.origin === "array") {
        const message = isDefault(issue.message)
          ? `at most ${issue.maximum} entries allowed`
          : issue.message;
        return [atValue([...path, Number(issue.maximum)], message)];
      }
      return [
        atValue(path, isDefault(issue.message) ? `must be ≤ ${issue.maximum}` : issue.message),
      ];
    case "too_small":
      if (issue.origin === "array" && isDefault(issue.message)) {
        return [atValue(path, `needs at least ${issue.minimum} entries`)];
      }
      return [
        atValue(path, isDefault(issue.message) ? `must be ≥ ${issue.minimum}` : issue.message),
      ];
    default:
      return [atValue(path, issue.message)];
  }
}

function isDefault(message: string): boolean {
  return message.startsWith("Too small") || message.startsWith("Too big");
}

/** A branch of a union that failed only because the value has another type altogether. */
function isRootTypeMismatch(issue: z.core.$ZodIssue): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === "invalid_type") return true;
  if (issue.code === "invalid_union") return issue.errors.every((b) => b.every(isRootTypeMismatch));
  return false;
}

/** A short description of a YAML value for messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return String(value);
}
