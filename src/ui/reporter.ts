/**
 * The one reporter: every byte ackl2 prints goes through here.
 * stdout carries results only (one document with --output json|yaml); stderr carries
 * progress, warnings and errors. Long commands may switch on live progress: on a terminal
 * (stderr a TTY, CI unset) one `ora` spinner shows a line per running operation with its
 * elapsed time; elsewhere progress stays plain timestamped lines (or NDJSON with --events).
 */

import { stringify as yamlStringify } from 'yaml';
import { escapeTerminal } from './escape.js';

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
  /** Terminal width; 0 when the terminal does not say (a pty nobody sized). */
  columns?: number;
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
  /** Where `confirm` reads the answer (main.ts: process.stdin); without it every answer is no. */
  stdin?: NodeJS.ReadableStream;
  /** Whether live (spinner) progress is allowed (main.ts: stderr is a TTY and CI is unset). Default: no. */
  live?: boolean;
}

/** The part of an ora spinner the reporter drives (ora is imported lazily). */
interface LiveSpinner {
  text: string;
  start(): unknown;
  stop(): unknown;
  clear(): unknown;
  render(): unknown;
}

interface ActiveOperation {
  message: string;
  since: number;
}

export class Reporter {
  private resultWritten = false;
  private resultFailed = false;
  private spinner: LiveSpinner | undefined;
  private spinning = false;
  private ticker: NodeJS.Timeout | undefined;
  private readonly active = new Map<string, ActiveOperation>();
  /**
   * paint() marks its colour codes with this unguessable token rather than ESC, so that every
   * human write can escape all control characters (a profile's too) and then turn only the
   * reporter's own marks into colour.
   */
  private readonly colourMark = `\ue000${Math.random().toString(36).slice(2, 10)}\ue001`;

  constructor(readonly options: ReporterOptions) {}

  /** True when progress may be drawn as a live spinner. */
  get liveCapable(): boolean {
    const { options } = this;
    if (options.events || options.quiet) return false;
    // A terminal of width 0 (a pty nobody sized: some CI runners, `script`, test harnesses)
    // cannot hold a spinner: ora divides by the width and loops forever clearing lines.
    const columns = options.stderr.columns;
    if (columns !== undefined && !(columns > 0)) return false;
    return options.live === true;
  }

  /**
   * Switch on live progress (a no-op where it is not allowed). Loads `ora` on demand so
   * short commands never pay for it.
   */
  async startLive(): Promise<void> {
    if (this.spinner || !this.liveCapable) return;
    const { default: ora } = await import('ora');
    this.spinner = ora({
      stream: this.options.stderr as NodeJS.WritableStream,
      isEnabled: true,
      discardStdin: false,
      color: this.options.color ? 'cyan' : false,
      text: '',
    }) as unknown as LiveSpinner;
    this.ticker = setInterval(() => this.renderActive(), 1000);
    this.ticker.unref();
  }

  /** Stop the spinner (idempotent); later progress prints as plain lines. */
  stopLive(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.spinner) {
      this.spinner.stop();
      this.spinner = undefined;
    }
    this.spinning = false;
    this.active.clear();
  }

  /**
   * Ask a yes/no question on stderr; the answer is read from stdin. Default: no. When `signal`
   * aborts (Ctrl-C at the prompt) it stops waiting and rejects with the signal's reason.
   */
  async confirm(question: string, signal?: AbortSignal): Promise<boolean> {
    this.stopLive();
    this.options.stderr.write(this.forPeople(`${question} [y/N] `));
    const input = this.options.stdin;
    if (!input) {
      this.options.stderr.write('\n');
      return false;
    }
    // node:readline loads on the first question, not at every start-up
    const { createInterface } = await import('node:readline');
    const rl = createInterface({ input, terminal: false });
    let onAbort: (() => void) | undefined;
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        rl.once('line', resolve);
        rl.once('close', () => resolve(''));
        if (!signal) return;
        onAbort = () => {
          this.options.stderr.write('\n');
          reject(signal.reason ?? new Error('aborted'));
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
      return /^(y|yes)$/i.test(answer.trim());
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      rl.close();
      // readline resumed the input; left flowing, stdin would keep the process alive.
      input.pause();
    }
  }

  get hasResult(): boolean {
    return this.resultWritten;
  }

  /** A result was printed and it is not a failure document (`ok: false`). */
  get succeeded(): boolean {
    return this.resultWritten && !this.resultFailed;
  }

  get machineOutput(): boolean {
    return this.options.output !== 'table';
  }

  /**
   * The command's result: printed once, on stdout. `compact` puts a JSON document on one line
   * (for results a script reads with `head -n1` while the command keeps running).
   */
  result(document: unknown, human: () => string, options: { compact?: boolean } = {}): void {
    if (this.resultWritten) throw new Error('Reporter.result called twice');
    this.resultWritten = true;
    this.resultFailed = isFailureDocument(document);
    this.stopLive();
    const { output, stdout } = this.options;
    if (output === 'json') stdout.write(`${options.compact ? JSON.stringify(document) : JSON.stringify(document, null, 2)}\n`);
    else if (output === 'yaml') stdout.write(yamlStringify(document));
    else {
      const text = this.forPeople(human());
      if (text !== '') stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
  }

  event(event: ProgressEvent): void {
    if (this.options.events) {
      this.options.stderr.write(`${JSON.stringify({ time: this.now().toISOString(), ...event })}\n`);
      return;
    }
    if (this.options.quiet && event.status !== 'failed') return;
    if (this.spinner) {
      this.liveEvent(event);
      return;
    }
    this.line(`${this.timestamp()} ${marker(event.status)} ${event.id}: ${event.message}`);
  }

  info(message: string): void {
    if (this.options.quiet) return;
    this.emitLog('info', message);
  }

  /** `warning: message` on stderr; nothing with --quiet. */
  warn(message: string): void {
    if (this.options.quiet) return;
    this.emitLog('warning', message);
  }

  /**
   * A located warning about a profile, already in the issue format every command prints
   * (`FILE:LINE:COL path: warning: message (hint)`, as validate lists it); nothing with --quiet.
   */
  warnIssue(formatted: string): void {
    if (this.options.quiet) return;
    this.emitLog('warning', formatted, false);
  }

  debug(message: string): void {
    if (this.options.debug) this.emitLog('debug', message);
  }

  /** An error for the user: message, then an indented hint. Always printed. */
  error(message: string, hint?: string): void {
    this.stopLive();
    if (this.options.events) {
      this.options.stderr.write(`${JSON.stringify({ time: this.now().toISOString(), level: 'error', message, hint })}\n`);
      return;
    }
    this.line(`${this.paint('red', 'error:')} ${message}`);
    if (hint) this.line(`  ${this.paint('dim', hint)}`);
  }

  /** Raw line on stderr (issue lists, plain progress). */
  line(raw: string): void {
    const text = this.forPeople(raw);
    if (this.spinner && this.spinning) {
      this.spinner.clear();
      this.options.stderr.write(`${text}\n`);
      this.spinner.render();
      return;
    }
    this.options.stderr.write(`${text}\n`);
  }

  paint(style: 'red' | 'yellow' | 'green' | 'dim' | 'bold', text: string): string {
    if (!this.options.color) return text;
    const codes = { red: [31, 39], yellow: [33, 39], green: [32, 39], dim: [2, 22], bold: [1, 22] }[style];
    return `${this.colourMark}${codes[0]}m${text}${this.colourMark}${codes[1]}m`;
  }

  /** Human text as written: control characters escaped, then the reporter's colour marks made real. */
  private forPeople(text: string): string {
    return escapeTerminal(text).split(this.colourMark).join('\u001b[');
  }

  private emitLog(level: 'info' | 'warning' | 'debug', message: string, labelled = true): void {
    if (this.options.events) {
      this.options.stderr.write(`${JSON.stringify({ time: this.now().toISOString(), level, message })}\n`);
      return;
    }
    const prefix = !labelled ? '' : level === 'warning' ? `${this.paint('yellow', 'warning:')} ` : level === 'debug' ? 'debug: ' : '';
    this.line(`${prefix}${message}`);
  }

  private liveEvent(event: ProgressEvent): void {
    if (event.status === 'running' || event.status === 'waiting') {
      const since = this.active.get(event.id)?.since ?? this.now().getTime();
      this.active.set(event.id, { message: event.message, since });
      this.renderActive();
      return;
    }
    const started = this.active.get(event.id)?.since;
    this.active.delete(event.id);
    const took = started === undefined || event.status === 'info' ? '' : ` ${this.paint('dim', `(${elapsed(this.now().getTime() - started)})`)}`;
    this.line(`${this.paint(event.status === 'failed' ? 'red' : event.status === 'done' ? 'green' : 'dim', marker(event.status))} ${event.id}: ${event.message}${took}`);
    this.renderActive();
  }

  private renderActive(): void {
    const spinner = this.spinner;
    if (!spinner) return;
    if (this.active.size === 0) {
      if (this.spinning) spinner.stop();
      this.spinning = false;
      return;
    }
    const now = this.now().getTime();
    spinner.text = this.forPeople([...this.active.entries()].map(([id, a]) => `${id}: ${a.message} ${this.paint('dim', elapsed(now - a.since))}`).join('\n  '));
    if (this.spinning) spinner.render();
    else spinner.start();
    this.spinning = true;
  }

  private now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  private timestamp(): string {
    return this.now().toISOString().slice(11, 19);
  }
}

function isFailureDocument(document: unknown): boolean {
  return typeof document === 'object' && document !== null && (document as { ok?: unknown }).ok === false;
}

function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
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
