import { describe, expect, it } from 'vitest';
import { planProfile, planProfileDetailed } from '../../src/plan/index.js';

import { scenarioRequirements } from '../../src/scenarios/index.js';
import { decodedScript, field, op } from '../plan/helpers.js';
import { makeProfile, pool, withOldKernelPool } from './profiles.js';

describe('dnsConntrack', () => {
  it('writes the UDP conntrack timeouts (defaults 10 and 60) and loads nf_conntrack at boot', () => {
    const script = decodedScript(planProfile(makeProfile({ scenarios: { dnsConntrack: {} } })), 'web');
    expect(script).toContain("'net.netfilter.nf_conntrack_udp_timeout = 10'");
    expect(script).toContain("'net.netfilter.nf_conntrack_udp_timeout_stream = 60'");
    expect(script).toContain(`write_file "$root/etc/modules-load.d/90-ackl2.conf" 'nf_conntrack'`);
  });

  it('takes custom timeouts', () => {
    const script = decodedScript(planProfile(makeProfile({ scenarios: { dnsConntrack: { udpTimeoutSeconds: 5, udpStreamTimeoutSeconds: 30 } } })), 'web');
    expect(script).toContain("'net.netfilter.nf_conntrack_udp_timeout = 5'");
    expect(script).toContain("'net.netfilter.nf_conntrack_udp_timeout_stream = 30'");
  });

  it('installs ack-node-local-dns only with nodeLocalDns', () => {
    const names = (options: object) =>
      (field(op(planProfile(makeProfile({ scenarios: { dnsConntrack: options } })), 'cluster').body, 'addons') as Array<{ name: string }>).map((a) => a.name);
    expect(names({})).toEqual(['terway-eniip']);
    expect(names({ nodeLocalDns: true })).toEqual(['terway-eniip', 'ack-node-local-dns']);
  });

  it('refuses a stream timeout shorter than the plain one, once, at that option (it sits under the scenario key already)', () => {
    const profile = makeProfile({ scenarios: { dnsConntrack: { udpTimeoutSeconds: 30, udpStreamTimeoutSeconds: 20 } } });
    expect(scenarioRequirements(profile)).toEqual([
      {
        severity: 'error',
        path: ['scenarios', 'dnsConntrack', 'udpStreamTimeoutSeconds'],
        message: 'dnsConntrack: udpStreamTimeoutSeconds (20) is shorter than udpTimeoutSeconds (30): answered flows would expire before unanswered ones',
        hint: 'set udpStreamTimeoutSeconds to 30 or more',
      },
    ]);
  });

  it('refuses a pool sysctl with another timeout', () => {
    const profile = makeProfile({ scenarios: { dnsConntrack: {} }, pools: [pool({ sysctls: { 'net.netfilter.nf_conntrack_udp_timeout': 30 } })] });
    expect(scenarioRequirements(profile)[0]).toMatchObject({
      path: ['nodePools', 0, 'sysctls', 'net.netfilter.nf_conntrack_udp_timeout'],
      message: 'dnsConntrack: sets net.netfilter.nf_conntrack_udp_timeout=10, but this pool\'s sysctls set "30"',
    });
  });

  it('refuses an add-on the profile disables', () => {
    const profile = makeProfile({ cluster: { addons: [{ name: 'ack-node-local-dns', disabled: true }] }, scenarios: { dnsConntrack: { nodeLocalDns: true } } });
    expect(scenarioRequirements(profile).filter((i) => i.severity === 'error')[0]).toEqual({
      severity: 'error',
      path: ['cluster', 'addons', 0, 'disabled'],
      message: 'dnsConntrack: installs the add-on ack-node-local-dns, which cluster.addons disables',
      hint: 'remove disabled: true from the ack-node-local-dns add-on, or switch dnsConntrack off',
    });
  });

  it('plans NodeLocal DNSCache completely: CoreDNS prefer_udp, then one injection label per listed namespace, no manual step or warning', () => {
    const profile = makeProfile({ scenarios: { dnsConntrack: { nodeLocalDns: true, injectNamespaces: ['default', 'shop'] } } });
    const detailed = planProfileDetailed(profile);
    const kube = detailed.plan.operations.filter((o) => o.api === 'ApplyConfigMap' || o.api === 'ApplyNamespace');
    expect(kube.map((o) => [o.id, o.api, o.method, o.path, o.dependsOn])).toEqual([
      ['coredns', 'ApplyConfigMap', 'PUT', '/api/v1/namespaces/kube-system/configmaps/coredns', ['cluster']],
      ['dns-injection/default', 'ApplyNamespace', 'PUT', '/api/v1/namespaces/default', ['cluster']],
      ['dns-injection/shop', 'ApplyNamespace', 'PUT', '/api/v1/namespaces/shop', ['cluster']],
    ]);
    expect(kube[0]!.body).toMatchObject({ kind: 'ConfigMap', data: { Corefile: expect.stringContaining('prefer_udp') } });
    expect(kube[1]!.body).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { labels: { 'node-local-dns-injection': 'enabled' }, name: 'default' } });
    expect(detailed.details.get('coredns')?.tunings).toEqual(['dnsConntrack']);
    expect(detailed.details.get('cluster')?.facts.some(([label]) => label === 'manual step')).toBe(false);
    expect(scenarioRequirements(profile)).toEqual([]);
    // The cache's namespaces default to `default`; nothing in the cluster without nodeLocalDns.
    expect(planProfile(makeProfile({ scenarios: { dnsConntrack: { nodeLocalDns: true } } })).operations.filter((o) => o.api === 'ApplyNamespace').map((o) => o.id)).toEqual(['dns-injection/default']);
    expect(planProfile(makeProfile({ scenarios: { dnsConntrack: {} } })).operations.filter((o) => o.api.startsWith('Apply'))).toEqual([]);
  });

  it('refuses kube-system and kube-public in injectNamespaces: the webhook ignores them', () => {
    const profile = makeProfile({ scenarios: { dnsConntrack: { nodeLocalDns: true, injectNamespaces: ['default', 'kube-system', 'kube-public'] } } });
    expect(scenarioRequirements(profile).map((i) => [i.severity, i.path, i.message])).toEqual([
      ['error', ['scenarios', 'dnsConntrack', 'injectNamespaces', 1], "dnsConntrack: NodeLocal DNSCache's admission webhook ignores pods in kube-system and kube-public, so labelling kube-system would do nothing"],
      ['error', ['scenarios', 'dnsConntrack', 'injectNamespaces', 2], "dnsConntrack: NodeLocal DNSCache's admission webhook ignores pods in kube-system and kube-public, so labelling kube-public would do nothing"],
    ]);
    expect(scenarioRequirements(makeProfile({ scenarios: { dnsConntrack: { injectNamespaces: ['kube-system'] } } }))).toEqual([]);
  });

  it('under Terway DataPath V2 writes no nf_conntrack sysctls (pod flows are in eBPF) and plans the eBPF UDP timeout in eni-config before the pools', () => {
    const profile = makeProfile({
      cluster: { kubernetesVersion: '1.34' },
      scenarios: { terwayDataPathV2: {}, dnsConntrack: { udpTimeoutSeconds: 15, udpStreamTimeoutSeconds: 60 } },
      pools: [pool({ image: { os: 'AliyunLinux3' } })],
    });
    const detailed = planProfileDetailed(profile);
    expect(detailed.details.get('nodepool/web')?.script).toBeUndefined();
    const step = op(detailed.plan, 'ebpf-conntrack');
    expect(step).toMatchObject({ api: 'ApplyConfigMap', path: '/api/v1/namespaces/kube-system/configmaps/eni-config', dependsOn: ['cluster'] });
    expect(JSON.parse(String((step.body.data as Record<string, string>)['10-terway.conf']))).toEqual({ cilium_args: '--bpf-ct-timeout-regular-any=15s --bpf-ct-timeout-service-any=15s' });
    // Terway reads eni-config when its pod starts: the pools (and so their nodes) come after it.
    expect(op(detailed.plan, 'nodepool/web').dependsOn).toEqual(['cluster', 'ebpf-conntrack']);
    expect(scenarioRequirements(profile)).toEqual([]);
    // Without DataPath V2 there is no eBPF table: sysctls, and no eni-config step.
    expect(planProfile(makeProfile({ scenarios: { dnsConntrack: {} } })).operations.map((o) => o.id)).not.toContain('ebpf-conntrack');
  });

  it('under DataPath V2 refuses a pool whose UDP timeout differs: the eBPF table is one per cluster', () => {
    const base = { cluster: { kubernetesVersion: '1.34' } } as const;
    const pools = (timeout: number) => [pool({ image: { os: 'AliyunLinux3' } }), pool({ name: 'api', image: { os: 'AliyunLinux3' }, scenarios: { dnsConntrack: { udpTimeoutSeconds: timeout } } })];
    const differing = makeProfile({ ...base, scenarios: { terwayDataPathV2: {}, dnsConntrack: { udpTimeoutSeconds: 10 } }, pools: pools(20) });
    expect(scenarioRequirements(differing).map((i) => [i.path, i.message])).toEqual([
      [['nodePools', 1, 'scenarios', 'dnsConntrack', 'udpTimeoutSeconds'], "dnsConntrack: under DataPath V2 the UDP timeout is Terway's, one per cluster: 20 differs from 10 at scenarios.dnsConntrack"],
    ]);
    expect(scenarioRequirements(makeProfile({ ...base, scenarios: { terwayDataPathV2: {}, dnsConntrack: { udpTimeoutSeconds: 10 } }, pools: pools(10) }))).toEqual([]);
    // Without DataPath V2 each pool's sysctls are its own.
    expect(scenarioRequirements(makeProfile({ ...base, scenarios: { dnsConntrack: { udpTimeoutSeconds: 10 } }, pools: pools(20) }))).toEqual([]);
  });

  it('requires a 4.19+ kernel', () => {
    const issues = scenarioRequirements(withOldKernelPool(makeProfile({ scenarios: { dnsConntrack: {} } })));
    expect(issues[0]).toMatchObject({ path: ['nodePools', 0, 'image', 'os'], message: 'dnsConntrack: the conntrack tuning needs kernel 4.19 or newer; CentOS7 has an unknown kernel' });
  });
});
