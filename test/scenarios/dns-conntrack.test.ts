import { describe, expect, it } from 'vitest';
import { planProfile, planProfileDetailed } from '../../src/plan/index.js';
import { EBPF_CONNTRACK_STEP, NODE_LOCAL_DNS_STEP } from '../../src/scenarios/dns-conntrack.js';
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

  it('does not claim NodeLocal DNSCache works by itself: the plan lists the CoreDNS and namespace step, validate warns', () => {
    const profile = makeProfile({ scenarios: { dnsConntrack: { nodeLocalDns: true } } });
    const steps = (planProfileDetailed(profile).details.get('cluster')?.facts ?? []).filter(([label]) => label === 'manual step').map(([, text]) => text);
    expect(steps).toEqual([`dnsConntrack: ${NODE_LOCAL_DNS_STEP}`]);
    expect(NODE_LOCAL_DNS_STEP).toContain('prefer_udp');
    expect(NODE_LOCAL_DNS_STEP).toContain('kubectl label namespace NAME node-local-dns-injection=enabled');
    expect(scenarioRequirements(profile)).toEqual([
      {
        severity: 'warning',
        path: ['scenarios', 'dnsConntrack', 'nodeLocalDns'],
        message: "dnsConntrack: ackl2 installs ack-node-local-dns only; pods use the cache after CoreDNS's forward change and in namespaces labelled node-local-dns-injection=enabled",
        hint: 'after create, do the manual step the plan lists; see docs/scenarios.md#dnsconntrack',
      },
    ]);
  });

  it('under Terway DataPath V2 writes no nf_conntrack sysctls (pod flows are in eBPF) and plans the eBPF timeout as a manual step', () => {
    const profile = makeProfile({
      cluster: { kubernetesVersion: '1.34' },
      scenarios: { terwayDataPathV2: {}, dnsConntrack: { udpTimeoutSeconds: 15, udpStreamTimeoutSeconds: 60 } },
      pools: [pool({ image: { os: 'AliyunLinux3' } })],
    });
    const detailed = planProfileDetailed(profile);
    expect(detailed.details.get('nodepool/web')?.script).toBeUndefined();
    const steps = (detailed.details.get('cluster')?.facts ?? []).filter(([label]) => label === 'manual step').map(([, text]) => text);
    expect(steps).toEqual([`dnsConntrack: ${EBPF_CONNTRACK_STEP(15)}`]);
    expect(EBPF_CONNTRACK_STEP(15)).toContain('--bpf-ct-timeout-regular-any=15s');
    expect(scenarioRequirements(profile)).toEqual([
      {
        severity: 'warning',
        path: ['scenarios', 'dnsConntrack'],
        message: 'dnsConntrack: under Terway DataPath V2 pod DNS flows are tracked in eBPF maps, so nf_conntrack sysctls would not reach them; ackl2 does not set the eBPF timeout',
        hint: 'after create, do the manual step the plan lists (cilium_args in kube-system/eni-config); see docs/scenarios.md#dnsconntrack',
      },
    ]);
  });

  it('requires a 4.19+ kernel', () => {
    const issues = scenarioRequirements(withOldKernelPool(makeProfile({ scenarios: { dnsConntrack: {} } })));
    expect(issues[0]).toMatchObject({ path: ['nodePools', 0, 'image', 'os'], message: 'dnsConntrack: the conntrack tuning needs kernel 4.19 or newer; CentOS7 has an unknown kernel' });
  });
});
