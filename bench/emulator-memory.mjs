// The emulator's memory under a steady stream of API calls, without the soak's CLI processes:
// N calls through the official ACK and ECS SDKs (a new client every 8 calls, as short runs make)
// against one `ackl2 emulator`, the call log cleared every 1,000 calls (as the soak clears it every
// cycle). Every 8 calls a reader asks the control plane what it needs: `--reader full` fetches the
// whole call log twice (what bench/soak.mjs did before it read the totals), `--reader totals` the
// per-action totals. Prints, every 1,000 calls, the emulator's RSS in its two parts (RssAnon:
// allocated; RssFile: pages of the binary) and its JS heap (in use / reserved). Writes nothing.
//
//   npm run build && node bench/emulator-memory.mjs --reader totals --calls 16000
//   node bench/emulator-memory.mjs --reader full --calls 8000 --emulator-args="--call-log 0"
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { control, startEmulator } from './lib/emulator.mjs';
import { benchArgs } from './lib/args.mjs';

const require = createRequire(import.meta.url);
const Ecs = require('@alicloud/ecs20140526');
const Cs = require('@alicloud/cs20151215');
const { $OpenApiUtil } = require('@alicloud/openapi-core');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.ACKL2_CLI ?? join(root, 'dist/cli.js');
const args = benchArgs(import.meta.url, { reader: { type: 'string' }, calls: { type: 'string' }, 'emulator-args': { type: 'string' } });
const flag = (name, fallback) => args[name.slice(2)] ?? fallback;
const reader = flag('--reader', 'totals');
const total = Number(flag('--calls', 8000));
const extra = flag('--emulator-args', '').split(' ').filter(Boolean);
if (!['full', 'totals'].includes(reader)) throw new Error(`--reader is full or totals, not ${reader}`);

const emulator = await startEmulator(cli, [...extra, '--speed', '2', '--catalog', '2024-03', '--faults', 'throttle=0.05,unavailable=0.03,slow=0.05']);
const mibOf = (field) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${emulator.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
const config = () => new $OpenApiUtil.Config({ endpoint: emulator.host, protocol: 'http', accessKeyId: emulator.accessKeyId, accessKeySecret: emulator.accessKeySecret, regionId: emulator.region });
const EcsClient = Ecs.default.default ?? Ecs.default;
const CsClient = Cs.default.default ?? Cs.default;
let ecs;
let cs;
const readerPath = reader === 'full' ? '/_emulator/calls' : '/_emulator/calls/totals';
console.log(`calls\trss MiB\tRssAnon\tRssFile\theap used\theap reserved (reader ${reader}${extra.length ? `, emulator ${extra.join(' ')}` : ''})`);
try {
  for (let n = 0; n < total; n++) {
    if (n % 8 === 0) {
      ecs = new EcsClient(config());
      cs = new CsClient(config());
    }
    try {
      if (n % 2) await ecs.describeVpcs(new Ecs.DescribeVpcsRequest({ regionId: emulator.region }));
      else await cs.describeClustersForRegion(emulator.region, new Cs.DescribeClustersForRegionRequest({}));
    } catch {
      // injected faults: the call is in the log all the same
    }
    if (n % 8 === 7) for (let i = 0; i < 2; i++) await control(emulator, 'GET', readerPath);
    if (n % 1000 === 999) {
      const { memory } = await control(emulator, 'GET', '/_emulator/stats');
      console.log(`${n + 1}\t${mibOf('VmRSS')}\t${mibOf('RssAnon')}\t${mibOf('RssFile')}\t${Math.round(memory.heapUsed / 2 ** 20)}\t${Math.round(memory.heapTotal / 2 ** 20)}`);
      await control(emulator, 'DELETE', '/_emulator/calls');
    }
  }
} finally {
  emulator.child.kill('SIGTERM');
}
