/** The merges ackl2 applies to live cluster objects, and the read-merge-write helper with its one 409 retry. */

import { describe, expect, it } from 'vitest';
import { KubeApiError, type KubeApi } from '../../src/cloud/kube-api.js';
import { mergeCoreDns, PREFER_UDP_COREFILE, withForwardOption } from '../../src/kube/coredns.js';
import { applyMerged } from '../../src/kube/merge-apply.js';
import { mergeFor } from '../../src/kube/merges.js';
import { mergeNamespaceLabels, namespaceWithLabels } from '../../src/kube/namespace-labels.js';
import type { KubeObject } from '../../src/kube/objects.js';
import { mergeTerwayConfig, parseFlags } from '../../src/kube/terway-config.js';
import { UserError } from '../../src/errors.js';
import { ebpfConntrackConfig } from '../../src/scenarios/dns-conntrack.js';

const corefile = (forward: string) => `.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n      pods verified\n    }\n${forward}    cache 30\n    reload\n}\n`;
const coredns = (text: string): KubeObject => ({ kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system', resourceVersion: '7' }, data: { Corefile: text, other: 'kept' } });
const wantedCoreDns: KubeObject = { kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: PREFER_UDP_COREFILE } };

describe('CoreDNS forward prefer_udp', () => {
  it('adds prefer_udp inside an existing forward block and keeps every other line', () => {
    const before = corefile('    forward . /etc/resolv.conf {\n        max_concurrent 1000\n    }\n');
    const after = withForwardOption(before, 'prefer_udp')!;
    expect(after).toBe(corefile('    forward . /etc/resolv.conf {\n        prefer_udp\n        max_concurrent 1000\n    }\n'));
  });

  it('gives a forward directive without a block one holding prefer_udp', () => {
    expect(withForwardOption(corefile('    forward . /etc/resolv.conf\n'), 'prefer_udp')).toBe(corefile('    forward . /etc/resolv.conf {\n        prefer_udp\n    }\n'));
  });

  it('changes nothing where prefer_udp is already there (new CoreDNS defaults)', () => {
    expect(withForwardOption(corefile('    forward . /etc/resolv.conf {\n          prefer_udp\n    }\n'), 'prefer_udp')).toBeUndefined();
    expect(mergeCoreDns(coredns(corefile('    forward . /etc/resolv.conf {\n      prefer_udp\n    }\n')), wantedCoreDns)).toBeUndefined();
  });

  it('merges into the live ConfigMap keeping its other keys and resourceVersion', () => {
    const merged = mergeCoreDns(coredns(corefile('    forward . /etc/resolv.conf\n')), wantedCoreDns)!;
    expect(merged.metadata.resourceVersion).toBe('7');
    expect(merged.data).toEqual({ Corefile: corefile('    forward . /etc/resolv.conf {\n        prefer_udp\n    }\n'), other: 'kept' });
  });

  it('refuses, without writing, a Corefile with no forward directive, an unclosed block, or no coredns ConfigMap', () => {
    expect(() => mergeCoreDns(coredns(corefile('')), wantedCoreDns)).toThrow(/no forward directive/);
    expect(() => withForwardOption('.:53 {\n  forward . 1.1.1.1 {\n    policy random\n', 'prefer_udp')).toThrow(/not closed/);
    expect(() => mergeCoreDns(undefined, wantedCoreDns)).toThrow(UserError);
  });
});

describe('Terway eni-config cilium_args', () => {
  const conf = (ciliumArgs: string | undefined) => JSON.stringify({ cniVersion: '0.4.0', eniip_virtual_type: 'datapathv2', ...(ciliumArgs !== undefined && { cilium_args: ciliumArgs }), type: 'terway' });
  const eniConfig = (ciliumArgs: string | undefined): KubeObject => ({ kind: 'ConfigMap', metadata: { name: 'eni-config', namespace: 'kube-system', resourceVersion: '3' }, data: { '10-terway.conf': conf(ciliumArgs), eni_conf: '{"version":"1"}' } });

  it('reads --name=value and --name value flags', () => {
    expect([...parseFlags('--a=1 --b 2 --c').flags]).toEqual([['--a', '1'], ['--b', '2'], ['--c', '']]);
  });

  it('sets the eBPF UDP timeout, keeping other flags, fields and keys', () => {
    const merged = mergeTerwayConfig(eniConfig('--bpf-ct-global-any-max=65536 --bpf-ct-timeout-regular-any=60s'), ebpfConntrackConfig(10))!;
    const parsed = JSON.parse(merged.data!['10-terway.conf']!);
    expect(parsed).toEqual({ cniVersion: '0.4.0', eniip_virtual_type: 'datapathv2', cilium_args: '--bpf-ct-global-any-max=65536 --bpf-ct-timeout-regular-any=10s --bpf-ct-timeout-service-any=10s', type: 'terway' });
    expect(merged.data!.eni_conf).toBe('{"version":"1"}');
    expect(merged.metadata.resourceVersion).toBe('3');
    expect(JSON.parse(mergeTerwayConfig(eniConfig(undefined), ebpfConntrackConfig(10))!.data!['10-terway.conf']!).cilium_args).toBe('--bpf-ct-timeout-regular-any=10s --bpf-ct-timeout-service-any=10s');
  });

  it('changes nothing when the flag already holds the value', () => {
    expect(mergeTerwayConfig(eniConfig('--bpf-ct-timeout-service-any 10s --x=1 --bpf-ct-timeout-regular-any=10s'), ebpfConntrackConfig(10))).toBeUndefined();
  });

  it('refuses a 10-terway.conf that is not a JSON object, and a cluster without eni-config', () => {
    const broken = { ...eniConfig(''), data: { '10-terway.conf': '{not json' } };
    expect(() => mergeTerwayConfig(broken, ebpfConntrackConfig(10))).toThrow(/not JSON/);
    expect(() => mergeTerwayConfig(undefined, ebpfConntrackConfig(10))).toThrow(/Terway is not installed/);
  });
});

describe('namespace labels', () => {
  const wanted = namespaceWithLabels('apps', { 'node-local-dns-injection': 'enabled' });

  it('adds the label, keeps the others, and creates a missing namespace', () => {
    const live: KubeObject = { kind: 'Namespace', metadata: { name: 'apps', resourceVersion: '4', labels: { team: 'a' } } };
    expect(mergeNamespaceLabels(live, wanted)?.metadata).toEqual({ name: 'apps', resourceVersion: '4', labels: { team: 'a', 'node-local-dns-injection': 'enabled' } });
    expect(mergeNamespaceLabels(undefined, wanted)).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { 'node-local-dns-injection': 'enabled' } } });
    expect(mergeNamespaceLabels({ ...live, metadata: { ...live.metadata, labels: { 'node-local-dns-injection': 'enabled' } } }, wanted)).toBeUndefined();
  });
});

describe('applyMerged', () => {
  /** An API holding one object, whose first `conflicts` writes answer 409 after someone else wrote. */
  function fakeApi(initial: KubeObject | undefined, conflicts: number) {
    let stored = initial;
    const writes: KubeObject[] = [];
    const api: KubeApi = {
      get: async () => stored && structuredClone(stored),
      create: async (object) => {
        writes.push(object);
        stored = object;
        return object;
      },
      replace: async (object) => {
        writes.push(object);
        if (conflicts-- > 0) {
          // Someone else added a label in between: our write is stale.
          stored = { ...stored!, metadata: { ...stored!.metadata, labels: { ...stored!.metadata.labels, other: 'writer' } } };
          throw new KubeApiError(409, 'Conflict');
        }
        stored = object;
        return object;
      },
    };
    return { api, writes, current: () => stored };
  }
  const live: KubeObject = { kind: 'Namespace', metadata: { name: 'apps', labels: { team: 'a' } } };
  const wanted = namespaceWithLabels('apps', { 'node-local-dns-injection': 'enabled' });

  it('rereads and merges once after a 409, keeping what the other writer added', async () => {
    const fake = fakeApi(live, 1);
    expect(await applyMerged(fake.api, wanted, mergeFor(wanted))).toBe('updated');
    expect(fake.writes).toHaveLength(2);
    expect(fake.current()?.metadata.labels).toEqual({ team: 'a', other: 'writer', 'node-local-dns-injection': 'enabled' });
  });

  it('gives up after the second 409', async () => {
    await expect(applyMerged(fakeApi(live, 2).api, wanted, mergeFor(wanted))).rejects.toMatchObject({ status: 409 });
  });

  it('writes nothing when the live object already holds the settings, and creates what is missing', async () => {
    const done = fakeApi({ ...live, metadata: { ...live.metadata, labels: { 'node-local-dns-injection': 'enabled' } } }, 0);
    expect(await applyMerged(done.api, wanted, mergeFor(wanted))).toBe('unchanged');
    expect(done.writes).toEqual([]);
    expect(await applyMerged(fakeApi(undefined, 0).api, wanted, mergeFor(wanted))).toBe('created');
  });

  it('has no merge for an object ackl2 does not write', () => {
    expect(() => mergeFor({ kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } })).toThrow(/no merge/);
  });
});
