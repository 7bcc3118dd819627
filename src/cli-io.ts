/**
 * What a run of the CLI reads from and writes to its surroundings: the streams, the
 * environment, the working directory. main.ts is the one reader; the default is the process's
 * own, and a test runs the built CLI in-process with captured streams and its own environment
 * (test/helpers/cli.ts, `runCliInProcess`).
 */

import type { Writable } from './ui/reporter.js';

export interface CliStream extends Writable {
  /** Where an `error` listener goes (the process's stdout: EPIPE when the reader left). */
  on?(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Read only by a prompt: the process builds its stdin on first access (several ms of start-up). */
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * The run owns its process: main installs the SIGINT/SIGTERM and stdout EPIPE handlers, and
   * leaves them installed after it returns (a signal while the process winds down exits with
   * the decided code). False for a run inside another program: nothing process-wide is touched.
   */
  ownsProcess: boolean;
}

/** The process's own streams, environment and directory. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    ownsProcess: true,
  };
}
