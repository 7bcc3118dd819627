/** `ackl2 profiles` through the built CLI: each ready-made profile with its OS and the catalogue it is made for. */

import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('ackl2 profiles', () => {
  it('shows the OS and catalogue of each profile, and how to use one on each catalogue', async () => {
    const r = await runCli(['profiles']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').map((line) => line.split(/\s{2,}/));
    expect(rows[0]!.slice(0, 5)).toEqual(['NAME', 'KIND', 'OS', 'CATALOGUE', 'SCENARIOS']);
    const row = (name: string) => rows.find((cells) => cells[0] === name)?.slice(0, 4);
    expect(row('quickstart')).toEqual(['quickstart', 'profile', 'AliyunLinux2', '2024-03']);
    expect(row('quickstart-alinux3')).toEqual(['quickstart-alinux3', 'profile', 'AliyunLinux3', '2026-11']);
    expect(row('sandboxed-alinux3')).toEqual(['sandboxed-alinux3', 'profile', 'AliyunLinux3', '2026-11']);
    expect(r.stdout).toContain('ackl2 create -f "$(ackl2 profiles --path quickstart)" --emulator --emulator-catalog 2024-03 --yes');
  });

  it('says it in JSON too', async () => {
    const r = await runCli(['profiles', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const { profiles } = JSON.parse(r.stdout) as { profiles: { name: string; os: string[]; catalogue: string | null }[] };
    expect(profiles.find((p) => p.name === 'web')).toMatchObject({ os: ['AliyunLinux2'], catalogue: '2024-03' });
    expect(profiles.find((p) => p.name === 'web-alinux3')).toMatchObject({ os: ['AliyunLinux3'], catalogue: '2026-11' });
  });
});
