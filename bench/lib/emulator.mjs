// What every benchmark does around `ackl2 emulator`: a clean environment (no account, no
// ACKL2_* of the caller), the emulator started from the built CLI, and its control plane.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** The caller's environment without credentials or ACKL2_* settings, plus `extra`. */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(ALIBABA_CLOUD_|ALICLOUD_|ACKL2_)/.test(k)) env[k] = v;
  return { ...env, NO_COLOR: '1', CI: 'true', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ...extra };
}

/** Starts `ackl2 emulator --output json --seed 1 ...args`; resolves with the child and its ready line. */
export async function startEmulator(cli, args = []) {
  const child = spawn(process.execPath, [cli, 'emulator', '--output', 'json', '--seed', '1', ...args], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  return { child, ...JSON.parse(line) };
}

/** A call of the emulator's control plane (/_emulator/...), with its token. */
export async function control(emulator, method, path, body) {
  const response = await fetch(`${emulator.endpoint}${path}`, { method, headers: { authorization: `Bearer ${emulator.token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response.json();
}

/** Every call the emulator logged since the log was cleared; throws when its cap dropped some (a count would be short). */
export function wholeLog(log) {
  if (log.dropped > 0) throw new Error(`the emulator's call log dropped ${log.dropped} of ${log.recorded} calls (cap ${log.cap}): start it with a larger --call-log`);
  return log.calls;
}
