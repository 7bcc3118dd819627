import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { scenarioRequirements } from '../../src/scenarios/index.js';
import { decodedScript, field, op } from '../plan/helpers.js';
import { makeProfile, pool, withOldKernelPool } from './profiles.js';

const kubelet = (plan: ReturnType<typeof planProfile>, name: string) =>
  field(op(plan, `nodepool/${name}`).body, 'node_config.kubelet_configuration');

describe('bbr', () => {
  it('writes fq + BBR sysctls and their modules into the pre-join script', () => {
    const script = decodedScript(planProfile(makeProfile({ scenarios: { bbr: {} } })), 'web');
    expect(script).toContain("  'net.core.default_qdisc = fq' \\\n");
    expect(script).toContain("  'net.ipv4.tcp_congestion_control = bbr'\n");
    expect(script).toContain("write_file \"$root/etc/modules-load.d/90-ackl2.conf\" 'sch_fq' 'tcp_bbr'\n");
    expect(script).toContain("\"$modprobe_cmd\" 'sch_fq' || warn 'cannot load kernel module sch_fq'\n");
    expect(script).toContain("\"$modprobe_cmd\" 'tcp_bbr' || warn 'cannot load kernel module tcp_bbr'\n");
  });

  it('lets pods choose their congestion control unless told not to', () => {
    expect(kubelet(planProfile(makeProfile({ scenarios: { bbr: {} } })), 'web')).toEqual({
      allowedUnsafeSysctls: ['net.ipv4.tcp_congestion_control'],
    });
    expect(kubelet(planProfile(makeProfile({ scenarios: { bbr: { allowPodOverride: false } } })), 'web')).toBeUndefined();
  });

  it('applies a cluster-level use to every pool, and a pool-level use to its pool only', () => {
    const clusterWide = planProfile(makeProfile({ scenarios: { bbr: {} }, pools: [pool(), pool({ name: 'api' })] }));
    expect(decodedScript(clusterWide, 'web')).toContain('tcp_congestion_control = bbr');
    expect(decodedScript(clusterWide, 'api')).toContain('tcp_congestion_control = bbr');

    const onePool = planProfile(makeProfile({ pools: [pool({ scenarios: { bbr: {} } }), pool({ name: 'api' })] }));
    expect(decodedScript(onePool, 'web')).toContain('tcp_congestion_control = bbr');
    expect(decodedScript(onePool, 'api')).toBeUndefined();
  });

  it('lets a pool-level use override the cluster-level options for that pool', () => {
    const plan = planProfile(
      makeProfile({ scenarios: { bbr: {} }, pools: [pool(), pool({ name: 'api', scenarios: { bbr: { allowPodOverride: false } } })] }),
    );
    expect(kubelet(plan, 'web')).toEqual({ allowedUnsafeSysctls: ['net.ipv4.tcp_congestion_control'] });
    expect(kubelet(plan, 'api')).toBeUndefined();
    expect(decodedScript(plan, 'api')).toContain('tcp_congestion_control = bbr');
  });

  it('refuses a pool sysctl that contradicts it, at the sysctl and at the scenario key', () => {
    const profile = makeProfile({ scenarios: { bbr: {} }, pools: [pool({ sysctls: { 'net.ipv4.tcp_congestion_control': 'cubic' } })] });
    const hint = "remove net.ipv4.tcp_congestion_control from the pool's sysctls, or switch bbr off for this pool";
    expect(scenarioRequirements(profile)).toEqual([
      {
        severity: 'error',
        path: ['nodePools', 0, 'sysctls', 'net.ipv4.tcp_congestion_control'],
        message: 'bbr: sets net.ipv4.tcp_congestion_control=bbr, but this pool\'s sysctls set "cubic"',
        hint,
      },
      {
        severity: 'error',
        path: ['scenarios', 'bbr'],
        message: 'bbr: sets net.ipv4.tcp_congestion_control=bbr, but this pool\'s sysctls set "cubic" (at nodePools[0].sysctls["net.ipv4.tcp_congestion_control"])',
        hint,
      },
    ]);
  });

  it('accepts a pool sysctl that agrees with it', () => {
    const profile = makeProfile({ scenarios: { bbr: {} }, pools: [pool({ sysctls: { 'net.core.default_qdisc': 'fq' } })] });
    expect(scenarioRequirements(profile)).toEqual([]);
  });

  it('requires a 4.19+ kernel', () => {
    const issues = scenarioRequirements(withOldKernelPool(makeProfile({ pools: [pool({ scenarios: { bbr: {} } })] })));
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      [['nodePools', 0, 'image', 'os'], 'bbr: BBR congestion control needs kernel 4.19 or newer; CentOS7 has an unknown kernel'],
      [['nodePools', 0, 'scenarios', 'bbr'], 'bbr: BBR congestion control needs kernel 4.19 or newer; CentOS7 has an unknown kernel (at nodePools[0].image.os)'],
    ]);
  });
});
