/** "did you mean ...?": the nearest candidate by edit distance, ignoring case, "-" and "_". */

const normalize = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');

export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const target = normalize(word);
  const exact = candidates.find((c) => normalize(c) === target);
  if (exact !== undefined) return exact;
  const budget = target.length <= 4 ? 1 : target.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const normalized = normalize(candidate);
    const distance = editDistance(target, normalized);
    const prefix = normalized.length >= 4 && (target.startsWith(normalized) || normalized.startsWith(target)) && target.length >= 4;
    const score = prefix ? Math.min(distance, budget) : distance;
    if (score <= budget && score < bestDistance) {
      best = candidate;
      bestDistance = score;
    }
  }
  return best;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}
