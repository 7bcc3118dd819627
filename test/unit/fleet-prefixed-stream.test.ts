import { expect, it } from 'vitest';
import { prefixedStderr } from '../../src/fleet/prefixed-stream.js';

function sink() {
  let text = '';
  return { write: (s: string) => (text += s), text: () => text };
}

it('prefixes every whole line with the profile name, holding a partial line until it ends', () => {
  const out = sink();
  const stream = prefixedStderr(out, 'shop-prod', false);
  stream.write('first line\nsecond ');
  expect(out.text()).toBe('[shop-prod] first line\n');
  stream.write('half\n');
  expect(out.text()).toBe('[shop-prod] first line\n[shop-prod] second half\n');
});

it('adds a "profile" member to NDJSON events instead of a text prefix', () => {
  const out = sink();
  prefixedStderr(out, 'shop-prod', true).write('{"time":"t","id":"cluster","status":"done"}\n');
  expect(JSON.parse(out.text())).toEqual({ profile: 'shop-prod', time: 't', id: 'cluster', status: 'done' });
});
