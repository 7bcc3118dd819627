import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyNodeTuning } from '../../src/plan/draft.js';
import { planProfileDetailed } from '../../src/plan/index.js';
import { renderPreJoinScript, shQuote } from '../../src/plan/script.js';
import { makeProfile, pool } from '../scenarios/profiles.js';

const SHELLS: Array<[string, string[]]> = [
  ['dash', ['-n']],
  ['bash', ['--posix', '-n']],
];

/** A pool with every node tuning the catalogue has, plus its own sysctls. */
function allTuningsScript(): string {
  const profile = makeProfile({
    scenarios: { bbr: {}, dnsConntrack: {}, resourceQos: {}, dataAcceleration: { readAheadKb: 8192 }, bfqIo: { disks: ['data', 'nvme'] } },
    pools: [pool({ dataDisks: [{ sizeGiB: 100 }], sysctls: { 'net.ipv4.tcp_slow_start_after_idle': 0, 'vm.overcommit_memory': 1 } })],
  });
  const script = planProfileDetailed(profile).details.get('nodepool/web')?.script;
  if (!script) throw new Error('no script planned');
  return script;
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

function write(path: string, content: string, mode?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  if (mode !== undefined) chmodSync(path, mode);
}

/**
 * tc on the fake node: `tc qdisc show dev X` prints $QDISCS/X, `tc qdisc replace dev X root Q`
 * makes Q the root qdisc there. Nothing touches the host's interfaces.
 */
const TC_SHIM = [
  'if [ "$1 $2" = "qdisc show" ]; then cat "$QDISCS/$4" 2>/dev/null; exit 0; fi',
  'if [ "$1 $2 $5" = "qdisc replace root" ]; then printf \'qdisc %s 8001: root\\n\' "$6" > "$QDISCS/$4"; exit 0; fi',
  '',
].join('\n');

/** A fake node: /proc, /sys/block with a system disk (vda) and data disks (vdb, nvme1n1), and logging command stubs. */
function fakeNode() {
  const base = mkdtempSync(join(tmpdir(), 'ackl2-prejoin-'));
  temps.push(base);
  const root = join(base, 'root');
  const log = join(base, 'calls.log');
  write(join(root, 'proc/cmdline'), 'BOOT_IMAGE=/boot/vmlinuz-4.19.91 root=UUID=1 ro\n');
  write(join(root, 'proc/sys/kernel/random/boot_id'), 'boot-1\n');
  for (const disk of ['vda', 'vdb', 'nvme1n1']) {
    write(join(root, `sys/block/${disk}/queue/scheduler`), '[mq-deadline] kyber bfq none\n');
    write(join(root, `sys/block/${disk}/queue/read_ahead_kb`), '128\n');
  }
  // eth0 is a NIC (it has a device); lo and the bridge are virtual and keep their qdiscs.
  write(join(root, 'sys/class/net/eth0/device/uevent'), '');
  write(join(root, 'sys/class/net/lo/mtu'), '65536\n');
  write(join(root, 'sys/class/net/cni0/mtu'), '1500\n');
  const qdiscs = join(base, 'qdisc');
  write(join(qdiscs, 'eth0'), 'qdisc mq 0: root\nqdisc pfifo_fast 0: parent :1 bands 3\n');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', ACKL2_ROOT: root, CALLS_LOG: log, QDISCS: qdiscs };
  for (const command of ['sysctl', 'modprobe', 'tc', 'udevadm', 'grubby', 'systemctl', 'reboot']) {
    const stub = join(base, 'bin', command);
    write(stub, `#!/bin/sh\nprintf '%s\\n' "${command} $*" >> "$CALLS_LOG"\n${command === 'tc' ? TC_SHIM : ''}exit 0\n`, 0o755);
    env[`ACKL2_${command.toUpperCase()}`] = stub;
  }
  const scriptPath = join(base, 'pre-join.sh');
  const readLog = () => (statExists(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => line !== '') : []);
  return {
    root,
    qdiscs,
    calls: () => readLog(),
    run(script: string) {
      writeFileSync(scriptPath, script);
      const result = spawnSync('dash', [scriptPath], { env, encoding: 'utf8', timeout: 10_000 });
      // A scheduled reboot runs in the background after the script exits (the systemctl stub
      // says kubelet is active at once): let it log its call before anything reads the log or
      // removes the node, so no test races it.
      if (result.stdout?.includes('this node reboots once')) waitSync(() => readLog().includes('reboot '));
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    /** Every file under root with its content and mtime. */
    snapshot(): Record<string, string> {
      const out: Record<string, string> = {};
      const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) walk(path);
          else out[relative(root, path)] = `${statSync(path).mtimeMs} ${readFileSync(path, 'utf8')}`;
        }
      };
      walk(root);
      return out;
    },
  };
}

function statExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function waitSync(condition: () => boolean, timeoutMs = 5000): void {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the background reboot');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Scripts with each section alone, and all of them: what a script defines depends on what it holds. */
function scriptVariants(): Array<[string, string]> {
  const variants: Array<[string, Parameters<typeof makeProfile>[0]]> = [
    ['modules and sysctls (bbr)', { scenarios: { bbr: {} } }],
    ['pool sysctls only', { pools: [pool({ sysctls: { 'net.ipv4.tcp_slow_start_after_idle': 0 } })] }],
    ['boot arguments only (resourceQos)', { scenarios: { resourceQos: {} } }],
    ['udev rules only (dataAcceleration)', { scenarios: { dataAcceleration: { fluid: false } }, pools: [pool({ dataDisks: [{ sizeGiB: 100 }] })] }],
    ['modules and udev rules (bfqIo)', { scenarios: { bfqIo: {} } }],
  ];
  const scripts = variants.map(([name, overrides]): [string, string] => {
    const script = planProfileDetailed(makeProfile(overrides)).details.get('nodepool/web')?.script;
    if (!script) throw new Error(`no script for ${name}`);
    return [name, script];
  });
  return [...scripts, ['every tuning', allTuningsScript()]];
}

const hasShellcheck = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).status === 0;

describe('the pre-join script', () => {
  it.each(scriptVariants())('defines only what it uses, and shellcheck (when installed) finds nothing: %s', (_name, script) => {
    for (const [, variable] of script.matchAll(/^(\w+_cmd)=/gm)) expect(script, variable).toContain(`"$${variable}"`);
    expect(script.includes('write_file()')).toBe(/^(if )?write_file "/m.test(script));
    expect(script).not.toMatch(/&& [^\n]*\|\| /); // `a && b || c` is not if-then-else (SC2015)
    if (hasShellcheck) {
      const result = spawnSync('shellcheck', ['-s', 'sh', '-'], { input: script, encoding: 'utf8' });
      expect(result.stdout).toBe('');
      expect(result.status).toBe(0);
    }
  });

  it.each(SHELLS)('is valid POSIX sh (%s)', (shell, args) => {
    const result = spawnSync(shell, args, { input: allTuningsScript(), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('is deterministic: no timestamps, stable order', () => {
    expect(allTuningsScript()).toBe(allTuningsScript());
    expect(allTuningsScript()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('tunes a node on the first run, and changes nothing on the second', async () => {
    const node = fakeNode();
    const script = allTuningsScript();

    const first = node.run(script);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const read = (path: string) => readFileSync(join(node.root, path), 'utf8');
    expect(read('etc/sysctl.d/90-ackl2.conf')).toBe(
      [
        '# Written by ackl2 for node pool web; do not edit.',
        'net.core.default_qdisc = fq',
        'net.ipv4.tcp_congestion_control = bbr',
        'net.ipv4.tcp_slow_start_after_idle = 0',
        'net.netfilter.nf_conntrack_udp_timeout = 10',
        'net.netfilter.nf_conntrack_udp_timeout_stream = 60',
        'vm.overcommit_memory = 1',
        '',
      ].join('\n'),
    );
    expect(read('etc/modules-load.d/90-ackl2.conf')).toBe('bfq\nnf_conntrack\nsch_fq\ntcp_bbr\n');
    expect(read('etc/udev/rules.d/60-ackl2.rules')).toContain('ATTR{queue/scheduler}="bfq"');
    expect(read('sys/block/vda/queue/scheduler')).toBe('[mq-deadline] kyber bfq none\n'); // the system disk is not opted in
    expect(read('sys/block/vdb/queue/scheduler')).toBe('bfq\n');
    expect(read('sys/block/nvme1n1/queue/scheduler')).toBe('bfq\n');
    expect(readFileSync(join(node.qdiscs, 'eth0'), 'utf8')).toBe('qdisc fq 8001: root\n');
    expect(first.stdout).toContain('ackl2: root qdisc of eth0 is now fq');
    expect(read('sys/block/vdb/queue/read_ahead_kb')).toBe('8192\n');
    expect(read('sys/block/nvme1n1/queue/read_ahead_kb')).toBe('8192\n');
    expect(read('sys/block/vda/queue/read_ahead_kb')).toBe('128\n'); // the system disk keeps its read-ahead
    expect(read('var/lib/ackl2/boot-args-reboot')).toBe('boot-1\n');
    expect(first.stdout).toContain('ackl2: kernel boot arguments added (psi=1 psi_v1=1): this node reboots once, after it has joined the cluster');
    await until(() => node.calls().includes('reboot '));
    expect(node.calls()).toEqual([
      'modprobe bfq',
      'modprobe nf_conntrack',
      'modprobe sch_fq',
      'modprobe tcp_bbr',
      `sysctl -p ${node.root}/etc/sysctl.d/90-ackl2.conf`,
      'tc qdisc show dev eth0',
      'tc qdisc replace dev eth0 root fq',
      'udevadm control --reload',
      'grubby --update-kernel=ALL --args=psi=1 psi_v1=1',
      'systemctl is-active --quiet kubelet',
      'reboot ',
    ]);

    // What the kernel shows once bfq is active.
    for (const disk of ['vdb', 'nvme1n1']) writeFileSync(join(node.root, `sys/block/${disk}/queue/scheduler`), 'mq-deadline kyber [bfq] none\n');
    const before = node.snapshot();
    const callsBefore = node.calls().length;

    const second = node.run(script);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).not.toContain('wrote');
    expect(second.stdout).toContain('ackl2: the reboot for the kernel boot arguments is already scheduled');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(node.snapshot()).toEqual(before);
    const again = node.calls().slice(callsBefore);
    expect(again).not.toContain('reboot ');
    expect(again).not.toContain('udevadm control --reload');
    expect(again.filter((call) => call.startsWith('tc '))).toEqual(['tc qdisc show dev eth0']);
  });

  it('needs no reboot for PSI where /proc/pressure exists, and never touches grubby there', async () => {
    const node = fakeNode();
    write(join(node.root, 'proc/pressure/cpu'), 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n');
    const result = node.run(allTuningsScript());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("ackl2: /proc/pressure exists: the kernel already has what the boot arguments psi=1 psi_v1=1 switch on; no reboot");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(node.calls().filter((c) => /^(grubby|systemctl|reboot)/.test(c))).toEqual([]);
    expect(statExists(join(node.root, 'var/lib/ackl2/boot-args-reboot'))).toBe(false);
  });

  it('says when the kernel offers no bfq for a disk, leaves it, and still exits 0', () => {
    const node = fakeNode();
    write(join(node.root, 'sys/block/vdb/queue/scheduler'), '[mq-deadline] kyber none\n');
    const result = node.run(allTuningsScript());
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`ackl2: warning: the kernel offers no bfq scheduler for ${node.root}/sys/block/vdb/queue/scheduler; left as it is`);
    expect(readFileSync(join(node.root, 'sys/block/vdb/queue/scheduler'), 'utf8')).toBe('[mq-deadline] kyber none\n');
    expect(readFileSync(join(node.root, 'sys/block/nvme1n1/queue/scheduler'), 'utf8')).toBe('bfq\n');
  });

  it('leaves an interface that has fq already alone', () => {
    const node = fakeNode();
    writeFileSync(join(node.qdiscs, 'eth0'), 'qdisc mq 0: root\nqdisc fq 0: parent :1 limit 10000p\n');
    node.run(allTuningsScript());
    expect(node.calls().filter((call) => call.startsWith('tc '))).toEqual(['tc qdisc show dev eth0']);
  });

  it('does not reboot again after the reboot, whether or not the boot arguments took', async () => {
    const node = fakeNode();
    const script = allTuningsScript();
    node.run(script);
    await until(() => node.calls().includes('reboot '));

    // Rebooted, arguments in place: nothing to do.
    write(join(node.root, 'proc/sys/kernel/random/boot_id'), 'boot-2\n');
    write(join(node.root, 'proc/cmdline'), 'BOOT_IMAGE=/boot/vmlinuz-4.19.91 root=UUID=1 ro psi=1 psi_v1=1\n');
    let from = node.calls().length;
    const applied = node.run(script);
    expect(applied.stderr).toBe('');
    expect(node.calls().slice(from).filter((c) => c.startsWith('grubby') || c.startsWith('reboot'))).toEqual([]);

    // Rebooted, arguments still missing (say grubby failed): warn, never loop.
    write(join(node.root, 'proc/sys/kernel/random/boot_id'), 'boot-3\n');
    write(join(node.root, 'proc/cmdline'), 'BOOT_IMAGE=/boot/vmlinuz-4.19.91 root=UUID=1 ro\n');
    from = node.calls().length;
    const stuck = node.run(script);
    expect(stuck.code).toBe(0);
    expect(stuck.stderr).toContain('ackl2: warning: boot arguments still missing after the one reboot ackl2 allows: psi=1 psi_v1=1; not rebooting again');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(node.calls().slice(from)).not.toContain('reboot ');
  });

  it('warns and still exits 0 when a step fails, so the node joins anyway', () => {
    const node = fakeNode();
    const tuning = emptyNodeTuning();
    tuning.sysctls.set('net.core.somaxconn', '4096');
    const script = renderPreJoinScript(tuning, { profile: 'p', pool: 'web', tunings: [] }).replace('sysctl_cmd="${ACKL2_SYSCTL:-sysctl}"', 'sysctl_cmd=false');
    const result = node.run(script);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('ackl2: warning: some sysctls of /etc/sysctl.d/90-ackl2.conf did not apply');
    expect(result.stderr).toContain('ackl2: warning: 1 step(s) failed; the node joins with the tunings that did apply');
  });

  it('never runs a value: hostile sysctl values land literally in the file', () => {
    const node = fakeNode();
    const tuning = emptyNodeTuning();
    const hostile = [`1'; touch "$ACKL2_ROOT/pwned"; echo '`, '$(touch "$ACKL2_ROOT/pwned2")', '`touch pwned3`'];
    hostile.forEach((value, i) => tuning.sysctls.set(`net.core.x${i}`, value));
    const result = node.run(renderPreJoinScript(tuning, { profile: 'p', pool: 'web', tunings: [] }));
    expect(result.code).toBe(0);
    expect(readdirSync(node.root)).not.toContain('pwned');
    expect(readdirSync(node.root)).not.toContain('pwned2');
    const conf = readFileSync(join(node.root, 'etc/sysctl.d/90-ackl2.conf'), 'utf8');
    hostile.forEach((value, i) => expect(conf).toContain(`net.core.x${i} = ${value}\n`));
  });
});

describe('shQuote', () => {
  it('gives back every string exactly through sh', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 0, maxLength: 30 }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 40 }), (values) => {
        const script = values.map((v) => `printf '%s\\036' ${shQuote(v)}`).join('\n');
        const result = spawnSync('dash', ['-c', script], { encoding: 'utf8' });
        expect(result.stdout.split('\u001e').slice(0, -1)).toEqual(values);
      }),
      { seed: 20240628, numRuns: 25 },
    );
  });
});
