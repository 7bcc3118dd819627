import { describe, expect, it } from 'vitest';
import { planProfile, planProfileDetailed } from '../../src/plan/index.js';
import { MEMORY_QOS_CONFIG_MAP } from '../../src/scenarios/resource-qos.js';
import { scenarioRequirements } from '../../src/scenarios/index.js';
import { decodedScript, field, op } from '../plan/helpers.js';
import { makeProfile, pool, withOldKernelPool } from './profiles.js';

describe('resourceQos', () => {
  it('installs ack-koordinator', () => {
    const addons = field(op(planProfile(makeProfile({ scenarios: { resourceQos: {} } })), 'cluster').body, 'addons');
    expect(addons).toEqual([{ name: 'terway-eniip' }, { name: 'ack-koordinator' }]);
  });

  it('adds the PSI boot arguments with grubby on every pool, rebooting once after the join', () => {
    const plan = planProfile(makeProfile({ scenarios: { resourceQos: {} }, pools: [pool(), pool({ name: 'batch' })] }));
    for (const name of ['web', 'batch']) {
      const script = decodedScript(plan, name) ?? '';
      expect(script).toContain(`"$grubby_cmd" --update-kernel=ALL --args='psi=1 psi_v1=1'`);
      expect(script).toContain("log 'kernel boot arguments added (psi=1 psi_v1=1): this node reboots once, after it has joined the cluster'");
      expect(script).toContain('is-active --quiet kubelet');
    }
  });

  it('adds no boot arguments on cgroup v2 pools (container-optimized AliyunLinux3 from 1.35): PSI is native there', () => {
    const profile = makeProfile({ cluster: { kubernetesVersion: '1.35' }, scenarios: { resourceQos: { memoryQos: false } }, pools: [pool({ image: { os: 'AliyunLinux3' } })] });
    expect(decodedScript(planProfile(profile), 'web')).toBeUndefined();
    const below = makeProfile({ cluster: { kubernetesVersion: '1.34' }, scenarios: { resourceQos: { memoryQos: false } }, pools: [pool({ image: { os: 'AliyunLinux3' } })] });
    expect(decodedScript(planProfile(below), 'web')).toContain('psi=1 psi_v1=1');
  });

  it('reboots for PSI only where /proc/pressure is missing', () => {
    const script = decodedScript(planProfile(makeProfile({ scenarios: { resourceQos: {} } })), 'web') ?? '';
    expect(script).toContain('if [ -e "$root/proc/pressure" ]; then');
    expect(script.indexOf('if [ -e "$root/proc/pressure" ]; then')).toBeLessThan(script.indexOf('"$grubby_cmd"'));
  });

  it('plans the slo-config step that merges ack-slo-config once the cluster runs, with no manual step or warning', () => {
    const profile = makeProfile({ scenarios: { resourceQos: {} } });
    const detailed = planProfileDetailed(profile);
    const step = op(detailed.plan, 'slo-config');
    expect(step).toMatchObject({ api: 'ApplyConfigMap', method: 'PUT', path: '/api/v1/namespaces/kube-system/configmaps/ack-slo-config', dependsOn: ['cluster'] });
    expect(step.body).toEqual(MEMORY_QOS_CONFIG_MAP);
    expect(JSON.parse(MEMORY_QOS_CONFIG_MAP.data!['resource-qos-config']!)).toEqual({ clusterStrategy: { lsClass: { memoryQOS: { enable: true } }, beClass: { memoryQOS: { enable: true } } } });
    expect(detailed.details.get('cluster')?.facts.some(([label]) => label === 'manual step')).toBe(false);
    expect(detailed.details.get('slo-config')?.tunings).toEqual(['resourceQos']);
    expect(scenarioRequirements(profile)).toEqual([]);
    const without = makeProfile({ scenarios: { resourceQos: { memoryQos: false } } });
    expect(planProfile(without).operations.some((o) => o.id === 'slo-config')).toBe(false);
  });

  it('leaves the nodes alone without psi', () => {
    const plan = planProfile(makeProfile({ scenarios: { resourceQos: { psi: false } } }));
    expect(field(op(plan, 'nodepool/web').body, 'kubernetes_config.pre_user_data')).toBeUndefined();
  });

  it('needs ACK Pro for memory QoS, at cluster.spec', () => {
    const hint = 'set cluster.spec: ack.pro.small, or memoryQos: false';
    expect(scenarioRequirements(makeProfile({ cluster: { spec: 'ack.standard' }, scenarios: { resourceQos: {} } })).filter((i) => i.severity === 'error')).toEqual([
      { severity: 'error', path: ['cluster', 'spec'], message: 'resourceQos: memory QoS needs an ACK Pro cluster (ack.pro.*), not ack.standard', hint },
      {
        severity: 'error',
        path: ['scenarios', 'resourceQos'],
        message: 'resourceQos: memory QoS needs an ACK Pro cluster (ack.pro.*), not ack.standard (at cluster.spec)',
        hint,
      },
    ]);
    expect(scenarioRequirements(makeProfile({ cluster: { spec: 'ack.standard' }, scenarios: { resourceQos: { memoryQos: false } } }))).toEqual([]);
  });

  it('requires a 4.19+ kernel', () => {
    const issues = scenarioRequirements(withOldKernelPool(makeProfile({ scenarios: { resourceQos: { memoryQos: false } } })));
    expect(issues[0]).toMatchObject({ path: ['nodePools', 0, 'image', 'os'], message: 'resourceQos: PSI and memory QoS needs kernel 4.19 or newer; CentOS7 has an unknown kernel' });
  });
});
