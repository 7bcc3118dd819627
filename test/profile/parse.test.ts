import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/profile/issues.js';
import { parseProfileYaml } from '../../src/profile/parse.js';
import { locateIn, locateKey, nodeAt, toPlain } from '../../src/profile/tree.js';

const parse = (text: string) => parseProfileYaml(text, 'p.yaml');

describe('parseProfileYaml', () => {
  it('locates every value and key, 1-based', () => {
    const { tree, issues } = parse('a: 1\nb:\n  c: [x, "y"]\n');
    expect(issues).toEqual([]);
    expect(toPlain(tree!)).toEqual({ a: 1, b: { c: ['x', 'y'] } });
    expect(locateIn(tree!, ['a'])).toEqual({ file: 'p.yaml', line: 1, col: 4 });
    expect(locateIn(tree!, ['b', 'c', 1])).toEqual({ file: 'p.yaml', line: 3, col: 10 });
    // A collection is located at the key that wrote it; a missing key at its parent.
    expect(locateIn(tree!, ['b'])).toEqual({ file: 'p.yaml', line: 2, col: 1 });
    expect(locateIn(tree!, ['b', 'nope', 'deeper'])).toEqual({ file: 'p.yaml', line: 2, col: 1 });
    expect(locateKey(tree!, ['b', 'c'])).toEqual({ file: 'p.yaml', line: 3, col: 3 });
  });

  it('supports merge keys: explicit keys win, merged values point into the anchored mapping', () => {
    const { tree, issues } = parse('defaults: &d\n  size: 2\n  type: cpu\npool:\n  <<: *d\n  size: 5\n');
    expect(issues).toEqual([]);
    expect(toPlain(tree!)).toEqual({ defaults: { size: 2, type: 'cpu' }, pool: { size: 5, type: 'cpu' } });
    expect(locateIn(tree!, ['pool', 'type'])).toEqual({ file: 'p.yaml', line: 3, col: 9 });
    expect(locateIn(tree!, ['pool', 'size'])).toEqual({ file: 'p.yaml', line: 6, col: 9 });
  });

  it('merges a list of mappings, earlier sources first, and treats a quoted "<<" as a plain key', () => {
    const { tree } = parse("a: &a { x: 1 }\nb: &b { x: 2, y: 2 }\nc:\n  <<: [*a, *b]\nd:\n  '<<': literal\n");
    expect(toPlain(tree!)).toMatchObject({ c: { x: 1, y: 2 }, d: { '<<': 'literal' } });
  });

  it('locates an aliased value at its anchor and the entry at the key that used it', () => {
    const { tree } = parse('x: &v 42\ny: *v\n');
    const y = nodeAt(tree!, ['y'])!;
    expect(y.loc).toEqual({ file: 'p.yaml', line: 1, col: 7 });
    expect(y.keyLoc).toEqual({ file: 'p.yaml', line: 2, col: 1 });
  });

  it('keeps going after a duplicate key (the first stands) and names the first occurrence', () => {
    const { tree, issues, shadowed } = parse('a: 1\nb: 2\na: 3\n');
    expect(toPlain(tree!)).toEqual({ a: 1, b: 2 });
    expect(issues.map(formatIssue)).toEqual(['p.yaml:3:1 a: duplicate key "a" (it is already set at line 1; keep one of them)']);
    // The duplicate's value is kept aside, so a secret written there is still found.
    expect(shadowed?.map((s) => [s.path, toPlain(s.node)])).toEqual([[['a'], 3]]);
  });

  it('caps alias expansion instead of hanging on a YAML bomb', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
    const { tree, issues } = parse(`${levels.join('\n')}\n`);
    expect(tree).toBeUndefined();
    expect(issues.some((i) => i.message.includes('aliases expand to more than'))).toBe(true);
  });

  it('drops a byte order mark and handles CRLF line ends without shifting columns', () => {
    const { tree } = parse('\ufeffa: 1\r\nb: two\r\n');
    expect(toPlain(tree!)).toEqual({ a: 1, b: 'two' });
    expect(locateIn(tree!, ['b'])).toEqual({ file: 'p.yaml', line: 2, col: 4 });
  });

  it('ignores an empty document after a trailing ---, but not a second real one', () => {
    expect(parse('a: 1\n---\n').issues).toEqual([]);
    expect(parse('a: 1\n---\nb: 2\n').issues[0]!.message).toContain('2 YAML documents');
  });

  it('refuses a __proto__ key without touching any prototype', () => {
    const { tree, issues } = parse('a:\n  __proto__: { polluted: true }\n');
    expect(issues[0]!.message).toContain('"__proto__" is not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(toPlain(tree!)).toEqual({ a: {} });
  });

  it('names the line where an unclosed quote starts, not the end of the file', () => {
    const { issues } = parse('a: 1\nb: "open\nc: 2\nd: 3\n');
    expect(issues.map((i) => [i.location?.line, i.message])).toEqual([[2, 'YAML syntax: this quote is never closed']]);
  });

  it('never copies source text into syntax errors', () => {
    const { issues } = parse('login:\n\tpassword: Hunter2-do-not-print\n');
    expect(issues).not.toHaveLength(0);
    expect(JSON.stringify(issues)).not.toContain('Hunter2');
  });
});
