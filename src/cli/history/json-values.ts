/**
 * Splits JSON text that arrives in chunks into its top-level values, each with the line it starts
 * on: concatenated values and JSON lines alike (`{…}{…}`, one value per line), and the elements of a
 * top-level array (`[{…}, {…}]`) as values of their own. Only objects are values here: anything else
 * at the top level is an input error. Each value's text is handed over whole (JSON.parse it), so
 * memory holds one value at a time: a line, a page, an array element — one huge object is held whole.
 */

/** A problem in the input, at a 1-based line. */
export class HistoryInputError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(message);
    this.name = "HistoryInputError";
    this.line = line;
  }
}

/** One top-level value's text and the line its first character is on. */
export interface JsonValueText {
  readonly text: string;
  readonly line: number;
}

/** Push text in order, then end(). Throws HistoryInputError for what is not a sequence of objects. */
export interface JsonSplitter {
  push(text: string): void;
  end(): void;
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const LF = 10;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff;
}

/** Creates a splitter handing each top-level object (or top-level array element) to `onValue`. */
export function createJsonSplitter(onValue: (value: JsonValueText) => void): JsonSplitter {
  let line = 1;
  let depth = 0; // nesting inside the current value; 0 = between values
  let inString = false;
  let escaped = false;
  let inTopArray = false;
  let topArrayLine = 0;
  /** In a top-level array: "value" (after [ or ,), "comma" (after an element). */
  let expect: "value" | "comma" = "value";
  let valueLine = 0;
  let parts: string[] = [];

  const describe = (c: number): string =>
    c === QUOTE ? "a string" : `"${String.fromCharCode(c)}"`;

  const push = (text: string): void => {
    let partStart = depth > 0 ? 0 : -1;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === LF) line++;
      if (depth > 0) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            parts.push(text.slice(partStart, i + 1));
            const value = parts.join("");
            parts = [];
            partStart = -1;
            if (inTopArray) expect = "comma";
            onValue({ text: value, line: valueLine });
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (inTopArray) {
        if (c === CLOSE_BRACKET) {
          inTopArray = false;
          continue;
        }
        if (expect === "comma") {
          if (c === COMMA) {
            expect = "value";
            continue;
          }
          throw new HistoryInputError(
            line,
            `not valid JSON: expected "," or "]" after an array element, found ${describe(c)}`,
          );
        }
      } else if (c === OPEN_BRACKET) {
        inTopArray = true;
        topArrayLine = line;
        expect = "value";
        continue;
      }
      if (c === OPEN_BRACE || (c === OPEN_BRACKET && inTopArray)) {
        depth = 1;
        valueLine = line;
        partStart = i;
        continue;
      }
      const where = inTopArray ? "an array element" : "the top level";
      throw new HistoryInputError(
        line,
        `not a JSON object: found ${describe(c)} at ${where} (expected DescribeJobs output or EventBridge events)`,
      );
    }
    if (depth > 0) parts.push(text.slice(Math.max(0, partStart)));
  };

  return {
    push,
    end() {
      if (depth > 0)
        throw new HistoryInputError(
          valueLine,
          "not valid JSON: the value starting on this line is not closed at the end of the file",
        );
      if (inTopArray)
        throw new HistoryInputError(
          topArrayLine,
          "not valid JSON: the array starting on this line is not closed at the end of the file",
        );
    },
  };
}

/**
 * JSON.parse of one value; a syntax error becomes a HistoryInputError at the line of the error when
 * the message gives its position, else at the value's first line.
 */
export function parseValue(value: JsonValueText): unknown {
  try {
    return JSON.parse(value.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /\s*in JSON at position (\d+)/.exec(message);
    let line = value.line;
    if (at) {
      const position = Number(at[1]);
      for (let i = 0; i < position && i < value.text.length; i++) {
        if (value.text.charCodeAt(i) === LF) line++;
      }
    }
    const reason = (at ? message.slice(0, at.index) : message).replace(
      /, ".*" is not valid JSON$/s,
      "",
    );
    throw new HistoryInputError(line, `not valid JSON: ${reason}`);
  }
}
