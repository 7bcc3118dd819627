/**
 * A unified diff of two versions of one text file (what `diff -u` prints), from the longest
 * common subsequence of their lines. Profiles are short, so the quadratic table is cheap.
 */

type Step = { op: ' ' | '-' | '+'; line: string };

function steps(a: readonly string[], b: readonly string[]): Step[] {
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: ' ', line: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push({ op: '-', line: a[i++]! });
    else out.push({ op: '+', line: b[j++]! });
  }
  return out;
}

function lines(text: string): string[] {
  const split = text.split(/\r?\n/);
  if (split[split.length - 1] === '') split.pop();
  return split;
}

/** "start,count" as diff -u writes it: the count left out when 1, the line before when empty. */
function range(start: number, count: number): string {
  if (count === 1) return String(start);
  return `${count === 0 ? start - 1 : start},${count}`;
}

/** `--- a/FILE`, `+++ b/FILE` and @@ hunks with `context` unchanged lines around each change; '' when equal. */
export function unifiedDiff(before: string, after: string, file: string, context = 3): string {
  const all = steps(lines(before), lines(after));
  const changed = all.map((s, index) => (s.op === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return '';
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(all.length, changed[k]! + context + 1);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end) {
      k++;
      end = Math.min(all.length, changed[k]! + context + 1);
    }
    k++;
    const before = all.slice(0, start);
    const oldStart = before.filter((s) => s.op !== '+').length + 1;
    const newStart = before.filter((s) => s.op !== '-').length + 1;
    const hunk = all.slice(start, end);
    const oldCount = hunk.filter((s) => s.op !== '+').length;
    const newCount = hunk.filter((s) => s.op !== '-').length;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const step of hunk) out.push(`${step.op}${step.line}`);
  }
  return out.join('\n');
}
