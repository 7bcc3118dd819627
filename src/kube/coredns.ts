/**
 * CoreDNS's forward plug-in told to prefer UDP towards the VPC DNS servers, which NodeLocal
 * DNSCache needs: the cache talks TCP to CoreDNS, CoreDNS forwards with the protocol it was
 * asked in, and the VPC DNS servers' TCP support is limited ("Configure NodeLocal DNSCache").
 * The Corefile is edited in place: every `forward` directive gets `prefer_udp` in its block,
 * everything else stays byte for byte.
 */

import { UserError } from '../errors.js';
import type { KubeObject } from './objects.js';

export const COREDNS_NAMESPACE = 'kube-system';
export const COREDNS_CONFIG_MAP = 'coredns';
export const COREFILE_KEY = 'Corefile';
export const PREFER_UDP = 'prefer_udp';

const FORWARD = /^(\s*)forward\s+[^{#]*?(\{)?\s*(#.*)?$/;

/** The Corefile with `option` in every forward block; undefined when each already has it. */
export function withForwardOption(corefile: string, option: string): string | undefined {
  const lines = corefile.split('\n');
  let forwards = 0;
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const match = FORWARD.exec(lines[i]!);
    if (!match) continue;
    forwards++;
    const indent = match[1]!;
    const inner = `${indent}    ${option}`;
    if (!match[2]) {
      lines.splice(i, 1, `${lines[i]!.replace(/\s*(#.*)?$/, '')} {`, inner, `${indent}}`);
      changed = true;
      i += 2;
      continue;
    }
    let depth = 1;
    let has = false;
    let j = i + 1;
    for (; j < lines.length && depth > 0; j++) {
      const text = lines[j]!.replace(/#.*$/, '');
      if (depth === 1 && text.trim().split(/\s+/)[0] === option) has = true;
      depth += (text.match(/\{/g) ?? []).length - (text.match(/\}/g) ?? []).length;
    }
    if (depth > 0) throw unreadable('a forward block is not closed');
    if (!has) {
      lines.splice(i + 1, 0, inner);
      changed = true;
    }
    i = j;
  }
  if (forwards === 0) throw unreadable('it has no forward directive');
  return changed ? lines.join('\n') : undefined;
}

function unreadable(why: string): UserError {
  return new UserError(`${COREDNS_NAMESPACE}/${COREDNS_CONFIG_MAP}: ackl2 cannot add ${PREFER_UDP} to its ${COREFILE_KEY} (${why}), so it leaves it as it is`, {
    hint: `add ${PREFER_UDP} inside the forward block by hand (kubectl -n ${COREDNS_NAMESPACE} edit configmap ${COREDNS_CONFIG_MAP}), then rerun`,
  });
}

/** The coredns ConfigMap with every forward option of `wanted`'s Corefile merged in. */
export function mergeCoreDns(live: KubeObject | undefined, wanted: KubeObject): KubeObject | undefined {
  if (!live) {
    throw new UserError(`${COREDNS_NAMESPACE}/${COREDNS_CONFIG_MAP} does not exist: the cluster runs no CoreDNS that ackl2 could tell to prefer UDP`, {
      hint: 'check the CoreDNS add-on in the ACK console, then rerun',
    });
  }
  const corefile = live.data?.[COREFILE_KEY];
  if (corefile === undefined) throw unreadable(`it has no ${COREFILE_KEY} key`);
  const options = (wanted.data?.[COREFILE_KEY] ?? '').match(/^\s+(\w+)\s*$/gm)?.map((o) => o.trim()) ?? [];
  let next = corefile;
  for (const option of options) next = withForwardOption(next, option) ?? next;
  return next === corefile ? undefined : { ...live, data: { ...live.data, [COREFILE_KEY]: next } };
}

/** What the plan shows and the merge reads: the forward block with prefer_udp. */
export const PREFER_UDP_COREFILE = `forward . /etc/resolv.conf {\n    ${PREFER_UDP}\n}\n`;
