/** The node-pool OS parameter allow list shared by the validator, the planner and the emulator. */

import { describe, expect, it } from 'vitest';
import { clusterTakesOsParameters, isAckOsSysctl, osSysctlValueProblem, splitNodeSysctls } from '../../src/scenarios/os-parameters.js';
import { CONGESTION_CONTROL_SYSCTL } from '../../src/scenarios/bbr.js';
import { UDP_STREAM_TIMEOUT_SYSCTL, UDP_TIMEOUT_SYSCTL } from '../../src/scenarios/dns-conntrack.js';

describe('node-pool OS parameters', () => {
  it('are offered from Kubernetes 1.28 on', () => {
    expect(clusterTakesOsParameters('1.28.9-aliyun.1')).toBe(true);
    expect(clusterTakesOsParameters('1.36')).toBe(true);
    expect(clusterTakesOsParameters('1.26.15-aliyun.1')).toBe(false);
    expect(clusterTakesOsParameters('latest')).toBe(false);
  });

  it('do not take the sysctls of bbr and dnsConntrack, which stay in the pre-join script', () => {
    for (const name of ['net.core.default_qdisc', CONGESTION_CONTROL_SYSCTL, UDP_TIMEOUT_SYSCTL, UDP_STREAM_TIMEOUT_SYSCTL]) expect(isAckOsSysctl(name)).toBe(false);
    expect(isAckOsSysctl('net.core.somaxconn')).toBe(true);
  });

  it('check each value form: whole numbers in bounds, LOW < HIGH pairs, MIN <= DEFAULT <= MAX triples, choices', () => {
    expect(osSysctlValueProblem('net.core.somaxconn', '32768')).toBeUndefined();
    expect(osSysctlValueProblem('net.core.somaxconn', 'lots')).toContain('takes a whole number');
    expect(osSysctlValueProblem('fs.file-max', 100)).toBe('fs.file-max takes 8192 to 2147483647, not 100');
    expect(osSysctlValueProblem('net.ipv4.ip_local_port_range', '1024 65000')).toBeUndefined();
    expect(osSysctlValueProblem('net.ipv4.ip_local_port_range', '65000 1024')).toContain('LOW < HIGH');
    expect(osSysctlValueProblem('net.ipv4.tcp_rmem', '4096 87380 6291456')).toBeUndefined();
    expect(osSysctlValueProblem('net.ipv4.tcp_rmem', '4096 87380')).toContain('three whole numbers');
    expect(osSysctlValueProblem('net.ipv4.tcp_tw_reuse', 1)).toBeUndefined();
    expect(osSysctlValueProblem('net.ipv4.tcp_tw_reuse', 3)).toContain('takes 0, 1, 2');
    expect(osSysctlValueProblem('vm.swappiness', 10)).toContain('not one of the sysctls');
  });

  it('split a pool: accepted names and values to ACK, the rest (or everything below 1.28) to the script', () => {
    const sysctls = new Map([
      ['net.core.somaxconn', '4096'],
      ['fs.file-max', '100'],
      [CONGESTION_CONTROL_SYSCTL, 'bbr'],
    ]);
    const split = splitNodeSysctls(sysctls, '1.30.7-aliyun.1');
    expect([...split.osParameters]).toEqual([['net.core.somaxconn', '4096']]);
    expect([...split.script.keys()]).toEqual(['fs.file-max', CONGESTION_CONTROL_SYSCTL]);
    const old = splitNodeSysctls(sysctls, '1.26.15-aliyun.1');
    expect(old.osParameters.size).toBe(0);
    expect(old.script.size).toBe(3);
  });
});
