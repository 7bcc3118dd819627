import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { scenarioRequirements } from '../../src/scenarios/index.js';
import { field, op } from '../plan/helpers.js';
import { makeProfile, pool, withOldKernelPool } from './profiles.js';

describe('podSysctls', () => {
  it('adds its sysctls to the kubelet allowedUnsafeSysctls (camelCase), merged with the pool\'s, sorted', () => {
    const plan = planProfile(
      makeProfile({
        cluster: { kubernetesVersion: '1.28' },
        scenarios: { podSysctls: { allow: ['net.ipv4.tcp_retries2', 'net.ipv4.tcp_keepalive_time'] } },
        pools: [pool({ allowedUnsafeSysctls: ['kernel.shmmax', 'net.ipv4.tcp_retries2'], kubelet: { maxPods: 64 } })],
      }),
    );
    expect(field(op(plan, 'nodepool/web').body, 'node_config')).toEqual({
      kubelet_configuration: { allowedUnsafeSysctls: ['kernel.shmmax', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_retries2'], maxPods: 64 },
    });
  });

  it('leaves out sysctls Kubernetes treats as safe on the cluster\'s version (tcp_keepalive_* and tcp_fin_timeout since 1.29)', () => {
    const allow = ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_retries2'];
    const unsafe = (kubernetesVersion: string) =>
      field(op(planProfile(makeProfile({ cluster: { kubernetesVersion }, scenarios: { podSysctls: { allow } } })), 'nodepool/web').body, 'node_config.kubelet_configuration.allowedUnsafeSysctls');
    expect(unsafe('1.28')).toEqual(['net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_retries2']);
    expect(unsafe('1.30.7-aliyun.1')).toEqual(['net.ipv4.tcp_retries2']);
    const none = planProfile(makeProfile({ cluster: { kubernetesVersion: '1.34' }, scenarios: { podSysctls: { allow: ['net.ipv4.tcp_keepalive_time'] } } }));
    expect(field(op(none, 'nodepool/web').body, 'node_config')).toBeUndefined();
  });

  it('accepts namespaced sysctls and prefix patterns, kubelet-style ones ending in * included', () => {
    const allow = ['net.ipv4.*', 'kernel.sem', 'fs.mqueue.msg_max', 'net.ipv4.tcp_keepalive_*', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'kernel.shm*', 'kernel.msg*'];
    expect(scenarioRequirements(makeProfile({ scenarios: { podSysctls: { allow } } }))).toEqual([]);
  });

  it('refuses patterns that reach beyond the namespaced sysctls', () => {
    const refused = (entry: string) => scenarioRequirements(makeProfile({ scenarios: { podSysctls: { allow: [entry] } } })).length;
    for (const entry of ['net*', 'kernel.*', 'kernel.s*', 'vm.*', '*', 'net.ipv4.tcp_*_time', 'net..ipv4*']) expect(refused(entry), entry).toBe(1);
  });

  it('{} allows the TCP keepalive sysctls (net.ipv4.tcp_keepalive_*), its documented default', () => {
    const plan = planProfile(makeProfile({ cluster: { kubernetesVersion: '1.28' }, scenarios: { podSysctls: {} }, pools: [pool({})] }));
    expect(field(op(plan, 'nodepool/web').body, 'node_config')).toEqual({ kubelet_configuration: { allowedUnsafeSysctls: ['net.ipv4.tcp_keepalive_*'] } });
  });

  it('refuses a sysctl that is not namespaced, once, at its entry (under the scenario key already)', () => {
    const profile = makeProfile({ scenarios: { podSysctls: { allow: ['net.ipv4.tcp_keepalive_time', 'vm.swappiness'] } } });
    const hint = "allow net.*, kernel.shm*, kernel.msg*, kernel.sem or fs.mqueue.* sysctls (or a prefix.* pattern such as net.ipv4.*); node-wide values go in the pool's sysctls";
    expect(scenarioRequirements(profile)).toEqual([
      { severity: 'error', path: ['scenarios', 'podSysctls', 'allow', 1], message: 'podSysctls: "vm.swappiness" is not a namespaced sysctl, so a pod cannot set it for itself alone', hint },
    ]);
  });

  it('requires a 4.19+ kernel', () => {
    const issues = scenarioRequirements(withOldKernelPool(makeProfile({ scenarios: { podSysctls: { allow: ['net.ipv4.tcp_retries2'] } } })));
    expect(issues[0]).toMatchObject({ path: ['nodePools', 0, 'image', 'os'], message: 'podSysctls: per-pod sysctls needs kernel 4.19 or newer; CentOS7 has an unknown kernel' });
  });
});
