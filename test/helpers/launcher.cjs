// Starts the CLI runs of one test worker (test/helpers/cli.ts `runCli`): a small process, so that
// each `node dist/cli.js` is forked from it and not from the worker. fork() copies the parent's
// page tables and the child's exec tears them down again: from a test process of 100-250 MB that is
// about 16 ms more CPU per run than from this process of 40 MB (measured 2026-12-01). The run is
// the same: its own arguments, environment, directory and stdin, stdout and stderr on pipes.
// Requests and answers go over the IPC channel; it stops with its worker (the channel closes).
'use strict';
const { spawn } = require('node:child_process');

const running = new Map();

process.on('message', (request) => {
  if (request.kill !== undefined) {
    running.get(request.kill)?.kill(request.signal);
    return;
  }
  const { id, file, args, cwd, env, input } = request;
  const child = spawn(file, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  running.set(id, child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  child.on('error', (error) => {
    running.delete(id);
    process.send({ id, error: error.message });
  });
  child.on('close', (code, signal) => {
    running.delete(id);
    process.send({ id, code, signal, stdout, stderr });
  });
  // a run that exits without reading its stdin must not fail the launcher
  child.stdin.on('error', () => undefined);
  child.stdin.end(input ?? '');
});

process.on('disconnect', () => {
  for (const child of running.values()) child.kill('SIGKILL');
  process.exit(0);
});
