import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
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
    expect(scenarioRequirements(profile)[0]).toEqual({
      severity: 'error',
      path: ['cluster', 'addons', 0, 'disabled'],
      message: 'dnsConntrack: installs the add-on ack-node-local-dns, which cluster.addons disables',
      hint: 'remove disabled: true from the ack-node-local-dns add-on, or switch dnsConntrack off',
    });
  });

  it('requires a 4.19+ kernel', () => {
    const issues = scenarioRequirements(withOldKernelPool(makeProfile({ scenarios: { dnsConntrack: {} } })));
    expect(issues[0]).toMatchObject({ path: ['nodePools', 0, 'image', 'os'], message: 'dnsConntrack: the conntrack tuning needs kernel 4.19 or newer; CentOS7 has an unknown kernel' });
  });
});
