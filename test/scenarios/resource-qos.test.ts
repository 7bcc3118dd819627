import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { scenarioRequirements } from '../../src/scenarios/index.js';
import { decodedScript, field, op } from '../plan/helpers.js';
import { makeProfile, pool, withOldKernelPool } from './profiles.js';

describe('resourceQos', () => {
  it('installs ack-koordinator', () => {
    const addons = field(op(planProfile(makeProfile({ scenarios: { resourceQos: {} } })), 'cluster').body, 'addons');
    expect(addons).toEqual([{ name: 'terway-eniip' }, { name: 'ack-koordinator' }]);
  });

  it('adds the PSI boot arguments with grubby on every pool, rebooting once after the join', () => {
    const plan = planProfile(makeProfile({ scenarios: { resourceQos: {} }, pools: [pool(), pool({ name: 'batch' })] }));
    for (const name of ['web', 'batch']) {
      const script = decodedScript(plan, name) ?? '';
      expect(script).toContain(`"$grubby_cmd" --update-kernel=ALL --args='psi=1 psi_v1=1'`);
      expect(script).toContain("log 'kernel boot arguments added (psi=1 psi_v1=1): this node reboots once, after it has joined the cluster'");
      expect(script).toContain('is-active --quiet kubelet');
    }
  });

  it('leaves the nodes alone without psi', () => {
    const plan = planProfile(makeProfile({ scenarios: { resourceQos: { psi: false } } }));
    expect(field(op(plan, 'nodepool/web').body, 'kubernetes_config.pre_user_data')).toBeUndefined();
  });

  it('needs ACK Pro for memory QoS, at cluster.spec', () => {
    const hint = 'set cluster.spec: ack.pro.small, or memoryQos: false';
    expect(scenarioRequirements(makeProfile({ cluster: { spec: 'ack.standard' }, scenarios: { resourceQos: {} } }))).toEqual([
      { severity: 'error', path: ['cluster', 'spec'], message: 'resourceQos: memory QoS needs an ACK Pro cluster (ack.pro.*), not ack.standard', hint },
      {
        severity: 'error',
        path: ['scenarios', 'resourceQos'],
        message: 'resourceQos: memory QoS needs an ACK Pro cluster (ack.pro.*), not ack.standard (at cluster.spec)',
        hint,
      },
    ]);
    expect(scenarioRequirements(makeProfile({ cluster: { spec: 'ack.standard' }, scenarios: { resourceQos: { memoryQos: false } } }))).toEqual([]);
  });

  it('requires a 4.19+ kernel', () => {
    const issues = scenarioRequirements(withOldKernelPool(makeProfile({ scenarios: { resourceQos: {} } })));
    expect(issues[0]).toMatchObject({ path: ['nodePools', 0, 'image', 'os'], message: 'resourceQos: PSI and memory QoS needs kernel 4.19 or newer; CentOS7 has an unknown kernel' });
  });
});
