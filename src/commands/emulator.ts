/**
 * `ackl2 emulator`: serve the local ACK/ECS emulator until SIGINT/SIGTERM. Prints where it
 * listens and the key pair it accepts (the one place ackl2 prints a secret, by design: it
 * is the emulator's own throwaway key). With --output json, exactly one line once ready.
 */

import { resolve } from 'node:path';
import { parseDuration } from '../apply/duration.js';
import { UserError } from '../errors.js';
import { defineCommand, value } from './define.js';
import type { EmulatorResult } from '../results/schemas.js';

function parsePort(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 65535) {
    throw new UserError(`--port must be a whole number from 0 to 65535, not "${value}"`, { hint: 'use --port 0 for any free port' });
  }
  return Number(value);
}

function parseSpeed(value: string): number {
  const speed = Number(value);
  if (value.trim() === '' || !Number.isFinite(speed) || speed <= 0) {
    throw new UserError(`--speed must be a positive number, not "${value}"`, { hint: 'e.g. --speed 10 makes every task ten times faster' });
  }
  return speed;
}

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 0xffffffff) {
    throw new UserError(`--seed must be a whole number from 0 to 4294967295, not "${value}"`);
  }
  return Number(value);
}

function parseClockKind(value: string): 'wall' | 'virtual' {
  const kind = value.trim();
  if (kind !== 'wall' && kind !== 'virtual') throw new UserError(`--clock must be "wall" or "virtual", not "${value}"`, { hint: 'virtual: time moves only by POST /_emulator/clock and --clock-step per API call' });
  return kind;
}

/** `--clock virtual [--clock-step 1s]`: time moves only when told, and by the step per API call. */
function clockOption(kind: 'wall' | 'virtual', stepMs: number | undefined): 'wall' | { virtual: { stepMs: number } } {
  if (kind === 'virtual') return { virtual: { stepMs: stepMs ?? 0 } };
  if (stepMs !== undefined) throw new UserError('--clock-step needs --clock virtual', { hint: 'on the wall clock, --speed shortens the tasks instead' });
  return 'wall';
}

export default defineCommand({
  name: 'emulator',
  description: 'run the local ACK/ECS emulator the official SDKs talk to',
  serves: true,
  options: {
    port: value('--port <n>', 'port on 127.0.0.1 (0 = any free port)', { default: '0', parse: parsePort }),
    state: value('--state <file>', 'persist the world to this JSON file'),
    speed: value('--speed <factor>', 'divide every task duration by this factor', { default: '1', parse: parseSpeed }),
    faults: value('--faults <spec>', 'fault probabilities, e.g. throttle=0.1,unavailable=0.05,reset=0.02,slow=0.1,taskFail=0.01'),
    seed: value('--seed <n>', 'seed for faults and generated ids', { parse: parseSeed }),
    world: value('--world <file>', 'YAML/JSON world to start from instead of the built-in one'),
    spareInstances: value('--spare-instances <n>', 'seed this many more Running instances in the demo VPC (i-bp1fleet000001...), for joins at scale', { default: '0', parse: parseSpare }),
    catalog: value('--catalog <name>', 'the dated ACK offer the built-in world plays: 2026-11 (today, default) or 2024-03 (the last with AliyunLinux2)'),
    accessKeyId: value('--access-key-id <id>', 'AccessKey id to accept'),
    accessKeySecret: value('--access-key-secret <secret>', 'AccessKey secret to accept'),
    clock: value('--clock <kind>', 'wall, or virtual: time moves only by POST /_emulator/clock and --clock-step', { default: 'wall', parse: parseClockKind }),
    callLog: value('--call-log <n>', 'keep the newest N API calls in /_emulator/calls (default 20000; 0 keeps none); the per-action totals count every call', { parse: parseCallLog }),
    gcEvery: value('--gc-every <duration>', 'run a full garbage collection this often when the heap grew, so a long-running emulator stays level (default 20s; 0 leaves it to V8)', { default: '20s', parse: parseGcEvery }),
    clockStep: value('--clock-step <duration>', 'with --clock virtual: time added per API call served, e.g. 1s', { parse: (raw) => parseDuration(raw, '--clock-step') }),
  },
  examples: [
    { command: 'ackl2 emulator --state ./emulator.json', comment: 'serves until Ctrl-C; --port 8700 for a fixed port', serves: true },
    { command: 'ackl2 emulator --output json', comment: 'one JSON line once ready', serves: true },
    { command: 'ackl2 emulator --catalog 2024-03', comment: 'ACK as it was with AliyunLinux2 node pools', serves: true },
  ],
  run: async (options, ctx) => {
    const { port, speed, seed } = options;
    const clock = clockOption(options.clock, options.clockStep);
    if (options.accessKeyId !== undefined && options.accessKeyId.trim() === '') throw new UserError('--access-key-id must not be empty');
    if (options.accessKeySecret !== undefined && options.accessKeySecret.trim() === '') throw new UserError('--access-key-secret must not be empty');

    const { startEmulator, parseFaultSpec, loadWorldFile } = await import('../emulator/index.js');
    const faults = options.faults === undefined ? undefined : parseFaultSpec(options.faults);
    const world = options.world === undefined ? undefined : await loadWorldFile(resolve(ctx.cwd, options.world));
    const statePath = options.state === undefined ? undefined : resolve(ctx.cwd, options.state);

    const emulator = await startEmulator({
      port,
      speed,
      seed,
      faults,
      world,
      catalogue: options.catalog,
      statePath,
      clock,
      spareInstances: options.spareInstances,
      callLog: options.callLog,
      gcEveryMs: options.gcEvery,
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
    });
    const stopped = new Promise<void>((done) => {
      if (ctx.signal.aborted) done();
      else ctx.signal.addEventListener('abort', () => done(), { once: true });
    });
    try {
      // `endpoint` is the URL (ackl2, pop-core, curl); `host` is what the official SDKs take as
      // Config.endpoint with protocol 'http' (they put the scheme in front themselves).
      // `token`: control calls that change the emulator (reset, faults, clock) send it as `Authorization: Bearer TOKEN`.
      const ready: EmulatorResult = { ok: true, endpoint: emulator.endpoint, host: emulator.host, accessKeyId: emulator.accessKeyId, accessKeySecret: emulator.accessKeySecret, region: emulator.region, token: emulator.token, catalogue: emulator.catalogue };
      ctx.reporter.result(
        ready,
        () =>
          [
            `ackl2 emulator listening on ${emulator.endpoint} (region ${emulator.region}, catalogue ${emulator.catalogue})`,
            `export ALIBABA_CLOUD_ACCESS_KEY_ID=${emulator.accessKeyId}`,
            `export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${emulator.accessKeySecret}`,
            `export ALIBABA_CLOUD_REGION_ID=${emulator.region}`,
            `export ACKL2_ENDPOINT=${emulator.endpoint}`,
            `# control calls that change the emulator (/_emulator/reset, faults, clock): -H 'Authorization: Bearer ${emulator.token}'`,
            `# official SDKs: new Config({ endpoint: '${emulator.host}', protocol: 'http', ... }) (a host, not the URL)`,
          ].join('\n'),
        // One line, once ready: scripts read it with `head -n1` while the emulator keeps serving.
        { compact: true },
      );
      ctx.reporter.info(
        `serving ACK 2015-12-15 and ECS 2014-05-26 (${clock === 'wall' ? `speed ${speed}` : `virtual clock, ${clock.virtual.stepMs}ms per call`}${statePath ? `, state ${statePath}` : ', in memory'}${options.faults ? `, faults ${options.faults}` : ''}); Ctrl-C to stop`,
      );
      await stopped;
    } finally {
      await emulator.close();
    }
    ctx.reporter.info('emulator stopped');
  },
});

function parseSpare(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new UserError(`--spare-instances ${raw} is not a whole number`, { hint: 'e.g. --spare-instances 2000' });
  return Number(raw);
}

function parseGcEvery(raw: string): number {
  return raw.trim() === '0' ? 0 : parseDuration(raw, '--gc-every');
}

function parseCallLog(raw: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new UserError(`--call-log ${raw} is not a whole number of calls`, { hint: 'e.g. --call-log 100000 to keep more calls, --call-log 0 to keep only the per-action totals' });
  return Number(raw);
}
