import { describe, expect, it } from 'vitest';
import { planSloConfig, RESOURCE_QOS_KEY, type ConfigMap } from '../../src/kube/slo-config.js';
import { MEMORY_QOS_CONFIG } from '../../src/scenarios/resource-qos.js';

const live = (data?: Record<string, string>): ConfigMap => ({ metadata: { name: 'ack-slo-config', namespace: 'kube-system', resourceVersion: '7' }, ...(data && { data }) });

describe('planSloConfig', () => {
  it('creates the ConfigMap with the documented memory-QoS content when there is none', () => {
    const change = planSloConfig(undefined);
    expect(change.action).toBe('create');
    if (change.action !== 'create') return;
    expect(change.configMap.metadata).toEqual({ name: 'ack-slo-config', namespace: 'kube-system' });
    expect(JSON.parse(change.configMap.data![RESOURCE_QOS_KEY]!)).toEqual(JSON.parse(MEMORY_QOS_CONFIG));
  });

  it('keeps other keys and other resource-qos settings, and the resourceVersion for the update', () => {
    const change = planSloConfig(
      live({
        'colocation-config': '{"enable":true}',
        [RESOURCE_QOS_KEY]: '{"clusterStrategy":{"lsClass":{"cpuQOS":{"enable":true}}},"nodeStrategies":[]}',
      }),
    );
    expect(change.action).toBe('update');
    if (change.action !== 'update') return;
    expect(change.configMap.metadata.resourceVersion).toBe('7');
    expect(change.configMap.data!['colocation-config']).toBe('{"enable":true}');
    expect(JSON.parse(change.configMap.data![RESOURCE_QOS_KEY]!)).toEqual({
      clusterStrategy: { lsClass: { cpuQOS: { enable: true }, memoryQOS: { enable: true } }, beClass: { memoryQOS: { enable: true } } },
      nodeStrategies: [],
    });
  });

  it('turns memory QoS on where the live ConfigMap has it off', () => {
    const change = planSloConfig(live({ [RESOURCE_QOS_KEY]: '{"clusterStrategy":{"lsClass":{"memoryQOS":{"enable":false}},"beClass":{"memoryQOS":{"enable":true}}}}' }));
    expect(change.action).toBe('update');
  });

  it('is idempotent: its own result needs no further change', () => {
    const first = planSloConfig(live({ other: 'x' }));
    expect(first.action).toBe('update');
    if (first.action === 'none') return;
    expect(planSloConfig(first.configMap)).toEqual({ action: 'none' });
    expect(planSloConfig(live({ [RESOURCE_QOS_KEY]: MEMORY_QOS_CONFIG }))).toEqual({ action: 'none' });
  });

  it('refuses to overwrite a resource-qos-config that is not a JSON object', () => {
    expect(() => planSloConfig(live({ [RESOURCE_QOS_KEY]: 'not json' }))).toThrow(/not a JSON object/);
  });
});
