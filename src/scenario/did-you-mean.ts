/** "Did you mean" suggestions for misspelt keys and names. */

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= t.length; j++) row.push(i === 0 ? j : 0);
    rows.push(row);
  }
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= s.length; i++) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d = Math.min(d, at(i - 2, j - 2) + 1);
      }
      row[j] = d;
    }
  }
  return at(s.length, t.length);
}

/**
 * The closest candidate within a distance of 2 (1 for words of ≤ 4 letters; a fifth of the length for
 * long words, so `schedulerIntervalSecs` finds `schedulerIntervalSeconds`), else the first candidate
 * that starts with the word (of ≥ 4 letters), or undefined. Ties go to the first candidate in the given order.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const limit = word.length <= 4 ? 1 : Math.max(2, Math.floor(word.length / 5));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of list) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined || word.length < 4) return best;
  // A truncated key (`scaleInIdle` for `scaleInIdleSeconds`) is a likely slip too.
  const lower = word.toLowerCase();
  for (const c of list) if (c.toLowerCase().startsWith(lower)) return c;
  return undefined;
}

/** `" (did you mean X?)"` when a candidate is close, else the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const c = closest(word, candidates);
  return c === undefined ? "" : ` (did you mean ${c}?)`;
}
