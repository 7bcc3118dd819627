/**
 * The one reporter: every byte ackl2 prints goes through here.
 * stdout carries results only (one document with --output json|yaml); stderr carries
 * progress, warnings and errors.
 */

import { stringify as yamlStringify } from 'yaml';

export type OutputFormat = 'table' | 'json' | 'yaml';

export interface ProgressEvent {
  /** Operation id ("cluster", "nodepool/web") or a phase ("preflight"). */
  id: string;
  status: 'pending' | 'running' | 'waiting' | 'done' | 'skipped' | 'failed' | 'info';
  message: string;
  /** Extra machine fields (task id, cluster id, elapsed ms, ...). */
  data?: Record<string, unknown>;
}

export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface ReporterOptions {
  output: OutputFormat;
  /** NDJSON progress events on stderr. */
  events: boolean;
  quiet: boolean;
  debug: boolean;
  color: boolean;
  stdout: Writable;
  stderr: Writable;
  /** Clock for timestamps; injectable for tests. */
  now?: () => Date;
}

export class Reporter {
  private resultWritten = false;

  constructor(readonly options: ReporterOptions) {}

  get hasResult(): boolean {
    return this.resultWritten;
  }

  get machineOutput(): boolean {
    return this.options.output !== 'table';
  }

  /** The command's result: printed once, on stdout. */
  result(document: unknown, human: () => string): void {
    if (this.resultWritten) throw new Error('Reporter.result called twice');
    this.resultWritten = true;
    const { output, stdout } = this.options;
    if (output === 'json') stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    else if (output === 'yaml') stdout.write(yamlStringify(document));
    else {
      const text = human();
      if (text !== '') stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
  }

  event(event: ProgressEvent): void {
    if (this.options.events) {
      this.options.stderr.write(`${JSON.stringify({ time: this.now().toISOString(), ...event })}\n`);
      return;
    }
    if (this.options.quiet && event.status !== 'failed') return;
    this.line(`${this.timestamp()} ${marker(event.status)} ${event.id}: ${event.message}`);
  }

  info(message: string): void {
    if (this.options.quiet) return;
    this.emitLog('info', message);
  }

  warn(message: string): void {
    this.emitLog('warning', message);
  }

  debug(message: string): void {
    if (this.options.debug) this.emitLog('debug', message);
  }

  /** An error for the user: message, then an indented hint. Always printed. */
  error(message: string, hint?: string): void {
    if (this.options.events) {
      this.options.stderr.write(`${JSON.stringify({ time: this.now().toISOString(), level: 'error', message, hint })}\n`);
      return;
    }
    this.line(`${this.paint('red', 'error:')} ${message}`);
    if (hint) this.line(`  ${this.paint('dim', hint)}`);
  }

  /** Raw line on stderr (issue lists, plain progress). */
  line(text: string): void {
    this.options.stderr.write(`${text}\n`);
  }

  paint(style: 'red' | 'yellow' | 'green' | 'dim' | 'bold', text: string): string {
    if (!this.options.color) return text;
    const codes = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22] }[style];
    return `\u001b[${codes[0]}m${text}\u001b[${codes[1]}m`;
  }

  private emitLog(level: 'info' | 'warning' | 'debug', message: string): void {
    if (this.options.events) {
      this.options.stderr.write(`${JSON.stringify({ time: this.now().toISOString(), level, message })}\n`);
      return;
    }
    const prefix = level === 'warning' ? `${this.paint('yellow', 'warning:')} ` : level === 'debug' ? 'debug: ' : '';
    this.line(`${prefix}${message}`);
  }

  private now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  private timestamp(): string {
    return this.now().toISOString().slice(11, 19);
  }
}

function marker(status: ProgressEvent['status']): string {
  switch (status) {
    case 'done':
      return '✔';
    case 'failed':
      return '✖';
    case 'skipped':
      return '=';
    default:
      return '▸';
  }
}
