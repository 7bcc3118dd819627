import { describe, expect, it } from 'vitest';
import { planProfile } from '../../src/plan/index.js';
import { scenarioRequirements } from '../../src/scenarios/index.js';
import { decodedScript } from '../plan/helpers.js';
import { makeProfile, pool, withOldKernelPool } from './profiles.js';

const scriptOf = (options: Record<string, unknown>) => decodedScript(planProfile(makeProfile({ pools: [pool({ scenarios: { bfqIo: options } })] })), 'web') ?? '';

describe('bfqIo', () => {
  it('by default sets bfq on cloud data disks only: never the system disk, never NVMe', () => {
    const script = decodedScript(planProfile(makeProfile({ scenarios: { bfqIo: {} } })), 'web') ?? '';
    expect(script).toContain(`'ACTION=="add|change", SUBSYSTEM=="block", ENV{DEVTYPE}=="disk", KERNEL=="vd[b-z]|xvd[b-z]", ATTR{queue/scheduler}="bfq"'`);
    expect(script).toContain(`write_file "$root/etc/modules-load.d/90-ackl2.conf" 'bfq'`);
    expect(script).toContain(`for attribute in "$root"/sys/block/vd[b-z]/queue/scheduler "$root"/sys/block/xvd[b-z]/queue/scheduler; do`);
    expect(script).not.toContain('nvme');
    expect(script).not.toMatch(/KERNEL=="[^"]*vda/);
  });

  it('takes the system disk and NVMe disks only when asked', () => {
    expect(scriptOf({ disks: ['system'] })).toContain('KERNEL=="vda|xvda", ATTR{queue/scheduler}="bfq"');
    expect(scriptOf({ disks: ['nvme', 'data'] })).toContain('KERNEL=="nvme*n*|vd[b-z]|xvd[b-z]", ATTR{queue/scheduler}="bfq"');
  });

  it('says so when the kernel offers no bfq for a disk', () => {
    expect(scriptOf({})).toContain(`case " $(cat "$attribute") " in *' bfq '*) ;; *) warn "the kernel offers no bfq scheduler for $attribute; left as it is"; continue ;; esac`);
  });

  it('no longer takes device prefixes', () => {
    expect(() => makeProfile({ pools: [pool({ scenarios: { bfqIo: { devices: ['vd'] } as never } })] })).toThrow(/devices/);
  });

  it('requires a 4.19+ kernel', () => {
    const issues = scenarioRequirements(withOldKernelPool(makeProfile({ scenarios: { bfqIo: {} } })));
    expect(issues[0]).toMatchObject({ path: ['nodePools', 0, 'image', 'os'], message: 'bfqIo: the BFQ I/O scheduler needs kernel 4.19 or newer; CentOS7 has an unknown kernel' });
    expect(scenarioRequirements(makeProfile({ scenarios: { bfqIo: {} } }))).toEqual([]);
  });
});
