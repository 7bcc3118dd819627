import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { scenarioRequirements } from '../../src/scenarios/index.js';
import { field, op } from '../plan/helpers.js';
import { makeProfile, pool, withOldKernelPool } from './profiles.js';

const addons = (profile: ReturnType<typeof makeProfile>) => field(op(planProfile(profile), 'cluster').body, 'addons');

describe('terwayIpvlan', () => {
  it('sets the terway-eniip add-on config to IPVlan as a JSON string', () => {
    expect(addons(makeProfile({ scenarios: { terwayIpvlan: {} } }))).toEqual([
      { name: 'terway-eniip', config: '{"IPVlan":"true","NetworkPolicy":"false"}' },
    ]);
    expect(addons(makeProfile({ scenarios: { terwayIpvlan: { networkPolicy: true } } }))).toEqual([
      { name: 'terway-eniip', config: '{"IPVlan":"true","NetworkPolicy":"true"}' },
    ]);
  });

  it('leaves plain Terway without a config when off', () => {
    expect(addons(makeProfile())).toEqual([{ name: 'terway-eniip' }]);
  });

  it('merges into a terway-eniip add-on the profile lists, keeping its other keys', () => {
    const profile = makeProfile({
      cluster: { addons: [{ name: 'terway-eniip', config: '{"ENITrunking":"true","IPVlan":"false"}' }, { name: 'csi-plugin' }] },
      scenarios: { terwayIpvlan: {} },
    });
    expect(addons(profile)).toEqual([
      { name: 'terway-eniip', config: '{"ENITrunking":"true","IPVlan":"true","NetworkPolicy":"false"}' },
      { name: 'csi-plugin' },
    ]);
  });

  it('is satisfied by a Terway cluster of AliyunLinux2 and AliyunLinux3 pools', () => {
    const profile = makeProfile({
      scenarios: { terwayIpvlan: {} },
      pools: [pool(), pool({ name: 'al3', image: { os: 'AliyunLinux3' } })],
    });
    expect(scenarioRequirements(profile)).toEqual([]);
  });

  it('requires the Terway plugin, at the plugin and at the scenario key', () => {
    const profile = makeProfile({
      network: { plugin: 'flannel', podVswitchIds: undefined, podCidr: '172.20.0.0/16' },
      scenarios: { terwayIpvlan: {} },
    });
    const hint = 'set cluster.network.plugin: terway (with podVswitchIds instead of podCidr), or remove scenarios.terwayIpvlan';
    expect(scenarioRequirements(profile)).toEqual([
      { severity: 'error', path: ['cluster', 'network', 'plugin'], message: 'terwayIpvlan: needs the Terway network plugin, not "flannel"', hint },
      { severity: 'error', path: ['scenarios', 'terwayIpvlan'], message: 'terwayIpvlan: needs the Terway network plugin, not "flannel" (at cluster.network.plugin)', hint },
    ]);
  });

  it('requires pod vSwitches, at the scenario key', () => {
    const profile = makeProfile({ network: { podVswitchIds: undefined }, scenarios: { terwayIpvlan: {} } });
    expect(scenarioRequirements(profile)).toEqual([
      {
        severity: 'error',
        path: ['scenarios', 'terwayIpvlan'],
        message: 'terwayIpvlan: needs cluster.network.podVswitchIds, the vSwitches pods take their IPs from',
        hint: 'add cluster.network.podVswitchIds: one vSwitch per node zone',
      },
    ]);
  });

  it('requires a 4.19+ kernel on every pool, at the pool OS', () => {
    const profile = withOldKernelPool(makeProfile({ scenarios: { terwayIpvlan: {} } }));
    const issues = scenarioRequirements(profile);
    expect(issues.map((i) => i.path)).toEqual([['nodePools', 0, 'image', 'os'], ['scenarios', 'terwayIpvlan']]);
    expect(issues[0]?.message).toBe('terwayIpvlan: IPVlan + eBPF pod networking needs kernel 4.19 or newer; CentOS7 has an unknown kernel');
  });
});
