import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { scenarioRequirements } from '../../src/scenarios/index.js';
import { decodedScript, field, op } from '../plan/helpers.js';
import { makeProfile, pool, withOldKernelPool } from './profiles.js';

const gpu = (overrides: Parameters<typeof pool>[0] = {}) =>
  pool({
    name: 'gpu',
    instanceTypes: ['ecs.gn6v-c8g1.2xlarge', 'ecs.gn7i-c8g1.2xlarge'],
    desiredSize: undefined,
    autoscaling: { min: 0, max: 8 },
    dataDisks: [{ sizeGiB: 500 }],
    ...overrides,
  });

describe('dataAcceleration', () => {
  it('installs ack-fluid unless fluid is off', () => {
    const names = (options: object) =>
      (field(op(planProfile(makeProfile({ scenarios: { dataAcceleration: options }, pools: [gpu()] })), 'cluster').body, 'addons') as Array<{ name: string }>).map((a) => a.name);
    expect(names({})).toEqual(['terway-eniip', 'ack-fluid']);
    expect(names({ fluid: false })).toEqual(['terway-eniip']);
  });

  it('makes GPU pools that autoscale as cpu scale as gpu, and leaves others alone', () => {
    const plan = planProfile(
      makeProfile({
        scenarios: { dataAcceleration: {} },
        pools: [gpu(), gpu({ name: 'shared', autoscaling: { min: 0, max: 4, type: 'gpushare' } }), pool({ name: 'cpu', desiredSize: undefined, autoscaling: { min: 0, max: 4 }, dataDisks: [{ sizeGiB: 100 }] })],
      }),
    );
    expect(field(op(plan, 'nodepool/gpu').body, 'auto_scaling.type')).toBe('gpu');
    expect(field(op(plan, 'nodepool/shared').body, 'auto_scaling.type')).toBe('gpushare');
    expect(field(op(plan, 'nodepool/cpu').body, 'auto_scaling.type')).toBe('cpu');
  });

  it('sets read_ahead_kb on the data disks of pools that have them', () => {
    const plan = planProfile(makeProfile({ scenarios: { dataAcceleration: { readAheadKb: 8192 } }, pools: [gpu(), pool()] }));
    const script = decodedScript(plan, 'gpu') ?? '';
    expect(script).toContain(
      `'ACTION=="add|change", SUBSYSTEM=="block", ENV{DEVTYPE}=="disk", KERNEL=="vd[b-z]|xvd[b-z]|nvme[1-9]*n[0-9]*", ATTR{queue/read_ahead_kb}="8192"'`,
    );
    expect(script).toContain(`printf '%s\\n' '8192' > "$attribute"`);
    expect(decodedScript(plan, 'web')).toBeUndefined();
  });

  it('needs ACK Pro for ack-fluid', () => {
    const [issue] = scenarioRequirements(makeProfile({ cluster: { spec: 'ack.standard' }, scenarios: { dataAcceleration: {} }, pools: [gpu()] }));
    expect(issue).toEqual({
      severity: 'error',
      path: ['cluster', 'spec'],
      message: 'dataAcceleration: ack-fluid needs an ACK Pro cluster (ack.pro.*), not ack.standard',
      hint: 'set cluster.spec: ack.pro.small, or fluid: false',
    });
  });

  it('warns when none of its pools has a data disk', () => {
    const issues = scenarioRequirements(makeProfile({ pools: [pool({ scenarios: { dataAcceleration: {} } })] }));
    expect(issues[0]).toEqual({
      severity: 'warning',
      path: ['nodePools', 0, 'dataDisks'],
      message: 'dataAcceleration: the read-ahead tuning applies to data disks, and no pool it applies to has one',
      hint: 'add dataDisks to the pools that read datasets, e.g. [{ category: cloud_essd, sizeGiB: 500 }]',
    });
    expect(scenarioRequirements(makeProfile({ scenarios: { dataAcceleration: {} }, pools: [pool(), gpu()] }))).toEqual([]);
  });

  it('requires a 4.19+ kernel', () => {
    const issues = scenarioRequirements(withOldKernelPool(makeProfile({ scenarios: { dataAcceleration: {} }, pools: [gpu()] })));
    expect(issues[0]).toMatchObject({ path: ['nodePools', 0, 'image', 'os'], message: 'dataAcceleration: the streaming-read tuning needs kernel 4.19 or newer; CentOS7 has an unknown kernel' });
  });
});
