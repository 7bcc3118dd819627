/**
 * A bounded bench/soak.mjs: runs SIGKILLed at random points while the emulator injects the
 * soak's fault mix, then a rerun converges (one cluster, each pool once, every instance
 * joined) and a further rerun changes nothing. Its own file so it runs beside resume.test.ts.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoSecrets, jsonOf, mutating, seededRandom, spawnCli, startCloud, type TestCloud } from './harness.js';

const ARGS = ['create', '-f', 'profiles/web.yaml', '--yes', '--output', 'json'];

let cloud: TestCloud;
beforeAll(async () => {
  // the soak's mix, plus one-shots so that every class surely meets this short run
  cloud = await startCloud({ faults: 'throttle=0.05,unavailable=0.03,reset=0.02,slow=0.05,reset@DescribeClustersForRegion,unavailable@CreateCluster,throttle@CreateClusterNodePool' });
});
afterAll(async () => {
  await cloud?.close();
});

// One scenario in two steps on one cloud (tests of a file run in order), so a loaded machine
// stretches steps, not one test past its timeout.
describe('create under kills and faults', () => {
  it('runs SIGKILLed at random points under a fault mix', async () => {
    const c = cloud;
    const random = seededRandom(777);
    let killed = 0;
    for (let i = 0; i < 4; i++) {
      const seen = (await c.calls()).length;
      const { child, done } = spawnCli(ARGS, c.env);
      let exited = false;
      void done.then(() => (exited = true));
      // the kill lands at a random point once the run talks to the cloud, however slow its start
      while (!exited && (await c.calls()).length === seen) await new Promise((r) => setTimeout(r, 15));
      const timer = setTimeout(() => child.kill('SIGKILL'), Math.floor(random() * 900));
      const result = await done;
      clearTimeout(timer);
      assertNoSecrets(result, c.secrets);
      if (result.signal === 'SIGKILL') killed++;
      else expect([0, 3, 6], result.stderr).toContain(result.code); // 6: a connection failure (ConnectionFailed)
    }
    expect(killed).toBeGreaterThan(0);
    const calls = await c.calls();
    expect(calls.some((call) => call.fault === 'reset'), 'the one-shot reset must have hit').toBe(true);
    // every injected fault is in the call log
    expect(calls.filter((call) => call.status === 0 || call.errorCode === 'ServiceUnavailable').every((call) => call.fault !== undefined)).toBe(true);
  });

  it('then a rerun converges, and one more changes nothing', async () => {
    const c = cloud;
    const final = await c.run(ARGS);
    expect(final.code, final.stderr).toBe(0);
    expect(jsonOf(final).ok).toBe(true);
    const accepted = (action: string) => c.emulator.calls().filter((call) => call.action === action && call.status < 300).length;
    expect(accepted('CreateCluster')).toBe(1);
    expect(accepted('CreateClusterNodePool')).toBe(2);
    const state = c.emulator.state();
    const clusters = Object.values(state.clusters).filter((x) => x.name === 'web-shop');
    expect(clusters.map((x) => x.state)).toEqual(['running']);
    const pools = Object.values(state.nodePools).filter((p) => p.clusterId === clusters[0]!.id);
    expect(pools.map((p) => `${p.name}:${p.state}`).sort()).toEqual(['ingress:active', 'web:active']);
    const web = pools.find((p) => p.name === 'web')!;
    expect(['i-bp1spare000001', 'i-bp1spare000002'].map((id) => state.nodes[id]?.nodepoolId)).toEqual([web.id, web.id]);

    await c.clearCalls();
    const again = await c.run(ARGS);
    expect(again.code, again.stderr).toBe(0);
    expect(jsonOf(again).changed).toBe(false);
    expect(mutating(await c.calls())).toEqual([]);
  });
});
