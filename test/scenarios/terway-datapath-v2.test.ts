import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { scenarioRequirements } from '../../src/scenarios/index.js';
import { field, op } from '../plan/helpers.js';
import { makeProfile, pool } from './profiles.js';

const al3 = (overrides: Parameters<typeof pool>[0] = {}) => pool({ image: { os: 'AliyunLinux3' }, ...overrides });
const today = { kubernetesVersion: '1.34' };
const clusterBody = (profile: ReturnType<typeof makeProfile>) => op(planProfile(profile), 'cluster').body;
const addons = (profile: ReturnType<typeof makeProfile>) => field(clusterBody(profile), 'addons');

describe('terwayDataPathV2', () => {
  it('asks the terway-eniip add-on for eBPF acceleration as a JSON string', () => {
    expect(addons(makeProfile({ cluster: today, scenarios: { terwayDataPathV2: {} }, pools: [al3()] }))).toEqual([
      { name: 'terway-eniip', config: '{"IPVlan":"true","NetworkPolicy":"false"}' },
    ]);
    expect(addons(makeProfile({ cluster: today, scenarios: { terwayDataPathV2: { networkPolicy: true } }, pools: [al3()] }))).toEqual([
      { name: 'terway-eniip', config: '{"IPVlan":"true","NetworkPolicy":"true"}' },
    ]);
  });

  it('leaves plain Terway without a config when off', () => {
    expect(addons(makeProfile())).toEqual([{ name: 'terway-eniip' }]);
  });

  it('merges into a terway-eniip add-on the profile lists, keeping its other keys', () => {
    const profile = makeProfile({
      cluster: { ...today, addons: [{ name: 'terway-eniip', config: '{"ENITrunking":"true","IPVlan":"false"}' }, { name: 'csi-plugin' }] },
      scenarios: { terwayDataPathV2: {} },
      pools: [al3()],
    });
    expect(addons(profile)).toEqual([
      { name: 'terway-eniip', config: '{"ENITrunking":"true","IPVlan":"true","NetworkPolicy":"false"}' },
      { name: 'csi-plugin' },
    ]);
  });

  it('sends no proxy_mode from Kubernetes 1.34 (no kube-proxy), and the profile\'s below', () => {
    expect(field(clusterBody(makeProfile({ cluster: today, scenarios: { terwayDataPathV2: {} }, pools: [al3()] })), 'proxy_mode')).toBeUndefined();
    expect(field(clusterBody(makeProfile({ cluster: { kubernetesVersion: '1.33' }, scenarios: { terwayDataPathV2: {} }, pools: [al3()] })), 'proxy_mode')).toBe('ipvs');
    expect(field(clusterBody(makeProfile({ cluster: today, pools: [al3()] })), 'proxy_mode')).toBe('ipvs');
  });

  it('is satisfied by a Terway cluster of AliyunLinux3 pools', () => {
    expect(scenarioRequirements(makeProfile({ cluster: today, scenarios: { terwayDataPathV2: {} }, pools: [al3()] }))).toEqual([]);
  });

  it('accepts the former name terwayIpvlan with one warning, and plans the same', () => {
    const old = makeProfile({ cluster: today, scenarios: { terwayIpvlan: {} }, pools: [al3()] });
    expect(scenarioRequirements(old)).toEqual([
      {
        severity: 'warning',
        path: ['scenarios', 'terwayIpvlan'],
        message: 'terwayIpvlan is now terwayDataPathV2: Terway replaced IPvlan with DataPath V2 (IPvlan deprecated in Terway 1.13)',
        hint: 'rename scenarios.terwayIpvlan to scenarios.terwayDataPathV2',
      },
    ]);
    expect(planProfile(old).operations).toEqual(planProfile(makeProfile({ cluster: today, scenarios: { terwayDataPathV2: {} }, pools: [al3()] })).operations);
  });

  it('refuses both names at once', () => {
    const issues = scenarioRequirements(makeProfile({ cluster: today, scenarios: { terwayIpvlan: {}, terwayDataPathV2: {} }, pools: [al3()] }));
    expect(issues).toContainEqual({
      severity: 'error',
      path: ['scenarios', 'terwayIpvlan'],
      message: 'terwayIpvlan is the former name of terwayDataPathV2, which is also set',
      hint: 'keep only scenarios.terwayDataPathV2',
    });
  });

  it('requires the Terway plugin, at the plugin and at the scenario key', () => {
    const profile = makeProfile({
      cluster: today,
      network: { plugin: 'flannel', podVswitchIds: undefined, podCidr: '172.20.0.0/16' },
      scenarios: { terwayDataPathV2: {} },
      pools: [al3()],
    });
    const hint = 'set cluster.network.plugin: terway (with podVswitchIds instead of podCidr), or remove scenarios.terwayDataPathV2';
    expect(scenarioRequirements(profile)).toEqual([
      { severity: 'error', path: ['cluster', 'network', 'plugin'], message: 'terwayDataPathV2: needs the Terway network plugin, not "flannel"', hint },
      { severity: 'error', path: ['scenarios', 'terwayDataPathV2'], message: 'terwayDataPathV2: needs the Terway network plugin, not "flannel" (at cluster.network.plugin)', hint },
    ]);
  });

  it('requires pod vSwitches, at the scenario key', () => {
    const profile = makeProfile({ cluster: today, network: { podVswitchIds: undefined }, scenarios: { terwayDataPathV2: {} }, pools: [al3()] });
    expect(scenarioRequirements(profile)).toEqual([
      {
        severity: 'error',
        path: ['scenarios', 'terwayDataPathV2'],
        message: 'terwayDataPathV2: needs cluster.network.podVswitchIds, the vSwitches pods take their IPs from',
        hint: 'add cluster.network.podVswitchIds: one vSwitch per node zone',
      },
    ]);
  });

  it('requires kernel 5.10 on every pool: AliyunLinux2 (4.19) is refused at the pool OS', () => {
    const profile = makeProfile({ cluster: { kubernetesVersion: '1.28' }, scenarios: { terwayDataPathV2: {} }, pools: [al3({ name: 'new' }), pool()] });
    const issues = scenarioRequirements(profile);
    expect(issues.map((i) => i.path)).toEqual([['nodePools', 1, 'image', 'os'], ['scenarios', 'terwayDataPathV2']]);
    expect(issues[0]?.message).toBe('terwayDataPathV2: DataPath V2 needs kernel 5.10 or newer; AliyunLinux2 has 4.19');
  });
});
