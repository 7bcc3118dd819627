// Loaded into an emulator with `node --require` (bench/soak.mjs --probe FILE): every
// MEMORY_PROBE_MS (default 2000) appends one JSON line to MEMORY_PROBE_OUT with where its memory
// is: RSS in its parts (/proc/self/status), each V8 heap space (KiB reserved / in use / resident),
// external memory, the anonymous mappings by kind (/proc/self/smaps: `brk` is the main thread's
// malloc heap, `v8Pages` mappings of 256 KiB to 1 MiB (V8's pages), `arenas` mappings of 1 to 64
// MiB (other threads' malloc arenas, large objects), `small` the rest) and the live handles
// (sockets, servers, timers). Each full (major) collection adds a line `{ gc: 'major', ... }`.
const { appendFileSync, readFileSync } = require('node:fs');
const { getHeapSpaceStatistics } = require('node:v8');
const { PerformanceObserver, constants } = require('node:perf_hooks');

const out = process.env.MEMORY_PROBE_OUT;
const every = Number(process.env.MEMORY_PROBE_MS ?? 2000);
const started = Date.now();
const kib = (bytes) => Math.round(bytes / 1024);
const write = (line) => appendFileSync(out, `${JSON.stringify({ t: Date.now() - started, ...line })}\n`);

function status() {
  const text = readFileSync('/proc/self/status', 'utf8');
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0);
  return { rss: field('VmRSS'), rssAnon: field('RssAnon'), rssFile: field('RssFile') };
}

function anonymousMappings() {
  const kinds = { brk: 0, v8Pages: 0, arenas: 0, small: 0 };
  let mapping;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (header) {
      const name = header[3].trim();
      mapping = { kib: (parseInt(header[2], 16) - parseInt(header[1], 16)) / 1024, name, anonymous: name === '' || name === '[heap]' || name.startsWith('[anon') };
    } else if (mapping?.anonymous && line.startsWith('Rss:')) {
      const rss = Number(/(\d+)/.exec(line)[1]);
      const kind = mapping.name === '[heap]' ? 'brk' : mapping.kib < 256 ? 'small' : mapping.kib <= 1024 ? 'v8Pages' : 'arenas';
      kinds[kind] += rss;
    }
  }
  return kinds;
}

function sample() {
  const memory = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, [kib(s.space_size), kib(s.space_used_size), kib(s.physical_space_size)]]));
  const handles = {};
  for (const resource of process.getActiveResourcesInfo()) handles[resource] = (handles[resource] ?? 0) + 1;
  write({ ...status(), heapTotal: kib(memory.heapTotal), heapUsed: kib(memory.heapUsed), external: kib(memory.external), spaces, anonymous: anonymousMappings(), handles });
}

if (out) {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) write({ gc: 'major', ms: Math.round(entry.duration), heapUsed: kib(process.memoryUsage().heapUsed), ...status() });
    }
  }).observe({ entryTypes: ['gc'] });
  setInterval(sample, every).unref();
  sample();
}
