/** Reading the scenario YAML: small files by yaml's exact read, large ones by js-yaml in pieces. */
import type { RawProblem } from "./problem.ts";
import { type LargeRead, readLarge } from "./yaml-chunks.ts";
import { locate, type ReadResult, readFullYaml, type YamlSource } from "./yaml-exact.ts";
import { FAST_MIN_CHARS, fastAcceptable } from "./yaml-fast.ts";
import { FastLocator, MAX_DEPTH } from "./yaml-locate.ts";

export {
  FORBIDDEN_KEYS,
  locate,
  MAX_ALIAS_COUNT,
  MAX_DEPTH,
  type ReadResult,
  type YamlSource,
} from "./yaml-exact.ts";

/**
 * Parses YAML text with the core schema (timestamps stay strings) and hostile-input limits. A large
 * file is read by js-yaml (yaml-fast.ts), in pieces (yaml-chunks.ts); yaml's full read, for
 * positions, is then made only if the line walk cannot place a path (yaml-locate.ts). `exact`: the
 * full read whatever the size.
 */
export function readYaml(text: string, exact = false): ReadResult {
  if (exact || text.length < FAST_MIN_CHARS) return readFullYaml(text);
  const locator = new FastLocator(text);
  // Read in pieces (yaml-chunks.ts): a problem costs a re-read of its piece, not of the file.
  const read = readLarge(text, locator);
  if (read === undefined) return readFullYaml(text);
  if (read.syntax.length > 0) return lazyFull(text, undefined, read.syntax, [], undefined);
  if (!fastAcceptable(read.value, MAX_DEPTH)) return readFullYaml(text);
  return lazyFull(text, read.value, [], read.keyProblems, locator, read.locateTied);
}

/**
 * A large file's read by js-yaml: yaml's full read (its positions) is made only if something asks
 * for `source`; paths are placed by the line walk first (`locator`), when there is one.
 */
function lazyFull(
  text: string,
  value: unknown,
  syntaxProblems: ReadResult["syntaxProblems"],
  keyProblems: readonly RawProblem[],
  locator: FastLocator | undefined,
  locateTied?: LargeRead["locateTied"] | undefined,
): ReadResult {
  let full: ReadResult | null = null;
  return {
    get source(): YamlSource {
      full ??= readFullYaml(text);
      return full.source;
    },
    value,
    syntaxProblems,
    keyProblems,
    locate(path, anchor) {
      return (
        locateTied?.(path, anchor) ??
        locator?.locate(path, anchor) ??
        locate(this.source, path, anchor)
      );
    },
  };
}
