import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { scenarioRequirements } from '../../src/scenarios/index.js';
import { decodedScript } from '../plan/helpers.js';
import { makeProfile, pool, withOldKernelPool } from './profiles.js';

describe('bfqIo', () => {
  it('writes a udev rule for bfq on vd* and nvme* disks, loads bfq, and applies it now', () => {
    const script = decodedScript(planProfile(makeProfile({ scenarios: { bfqIo: {} } })), 'web') ?? '';
    expect(script).toContain(`'ACTION=="add|change", SUBSYSTEM=="block", ENV{DEVTYPE}=="disk", KERNEL=="nvme*|vd*", ATTR{queue/scheduler}="bfq"'`);
    expect(script).toContain(`write_file "$root/etc/modules-load.d/90-ackl2.conf" 'bfq'`);
    expect(script).toContain(`for attribute in "$root"/sys/block/nvme*/queue/scheduler "$root"/sys/block/vd*/queue/scheduler; do`);
  });

  it('takes the device prefixes it is given', () => {
    const script = decodedScript(planProfile(makeProfile({ pools: [pool({ scenarios: { bfqIo: { devices: ['xvd'] } } })] })), 'web') ?? '';
    expect(script).toContain('KERNEL=="xvd*", ATTR{queue/scheduler}="bfq"');
  });

  it('requires a 4.19+ kernel', () => {
    const issues = scenarioRequirements(withOldKernelPool(makeProfile({ scenarios: { bfqIo: {} } })));
    expect(issues[0]).toMatchObject({ path: ['nodePools', 0, 'image', 'os'], message: 'bfqIo: the BFQ I/O scheduler needs kernel 4.19 or newer; CentOS7 has an unknown kernel' });
    expect(scenarioRequirements(makeProfile({ scenarios: { bfqIo: {} } }))).toEqual([]);
  });
});
