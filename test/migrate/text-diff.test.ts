import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/migrate/text-diff.js';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'f.yaml')).toBe('');
  });

  it('prints hunks with context and line numbers as diff -u does, joining nearby changes', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].join('\n') + '\n';
    const after = before.replace('2\n', 'two\n').replace('4\n', 'four\n').replace('12\n', '12\n13\n');
    expect(unifiedDiff(before, after, 'f.yaml', 1)).toBe(
      ['--- a/f.yaml', '+++ b/f.yaml', '@@ -1,5 +1,5 @@', ' 1', '-2', '+two', ' 3', '-4', '+four', ' 5', '@@ -12 +12,2 @@', ' 12', '+13'].join('\n'),
    );
  });
});
