import { describe, expect, it } from 'vitest';
import { scopeOf } from '../../src/apply/preflight-scope.js';
import type { PlannedStep } from '../../src/apply/intents.js';
import type { DiffReport, FieldDiff, ResourceDiff } from '../../src/lifecycle/differ.js';
import type { Operation } from '../../src/plan/types.js';

const op = (id: string): Operation => ({ id, api: 'CreateClusterNodePool', method: 'POST', path: '/', body: {}, dependsOn: [] });
const step = (kind: PlannedStep['kind'], pool: string | undefined, intent: PlannedStep['intent']): PlannedStep => ({ op: op(`${kind}/${pool}`), kind, pool, intent });
const differs = (field: string): FieldDiff => ({ field, want: 'b', have: 'a', status: 'differs', change: 'modify-pool' });
const pool = (name: string, fields: FieldDiff[], action: ResourceDiff['action'] = 'update'): ResourceDiff => ({ id: `nodepool/${name}`, kind: 'nodepool', name, liveId: `np-${name}`, action, fields });
const report = (resources: ResourceDiff[]): DiffReport => ({ profile: 'shop', region: 'cn-hangzhou', resources, differs: true, unverifiable: 0 });
const plain = (scope: ReturnType<typeof scopeOf>) => ({ cluster: [...scope.cluster].sort(), pools: Object.fromEntries([...scope.pools].map(([k, v]) => [k, [...v].sort()])) });

describe('the changes a run makes, by kind', () => {
  it('create: the cluster and pools it creates, a failed pool asked for its nodes again, instances to attach', () => {
    const steps = [
      step('cluster', undefined, { kind: 'create' }),
      step('nodepool', 'web', { kind: 'inline' }),
      step('nodepool', 'db', { kind: 'retry', id: 'np-db', state: 'failed' }),
      step('nodepool', 'old', { kind: 'exists', id: 'np-old', state: 'active', ready: true }),
      step('join', 'web', { kind: 'attach', instances: ['i-1'], alreadyAttached: [] }),
    ];
    expect(plain(scopeOf(steps))).toEqual({ cluster: ['create-cluster'], pools: { web: ['attach-instances', 'create-pool'], db: ['create-pool'] } });
  });

  it('apply in place: each differing field by the kind of change it is; equal and unverifiable fields are no change', () => {
    const diff = report([
      pool('web', [differs('desiredSize'), differs('labels'), differs('taints'), differs('tags')]),
      pool('gpu', [differs('instanceTypes'), differs('vswitchIds'), differs('image.id'), differs('login.keyPair'), differs('kubelet.maxPods'), differs('systemDisk')]),
      pool('calm', [{ ...differs('instanceTypes'), status: 'equal' }, { ...differs('image.id'), status: 'unverifiable' }]),
      pool('new', [], 'create'),
      { id: 'cluster', kind: 'cluster', name: 'shop', liveId: 'c-1', action: 'update', fields: [differs('kubernetesVersion'), differs('deletionProtection')] },
    ]);
    expect(plain(scopeOf([], diff))).toEqual({
      cluster: ['upgrade-cluster'],
      pools: { web: ['scale', 'settings'], gpu: ['disks', 'image', 'instance-types', 'kubelet', 'login', 'vswitches'] },
    });
  });
});
