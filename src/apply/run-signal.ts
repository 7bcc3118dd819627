/**
 * One signal for everything a long command does: aborted on Ctrl-C / SIGTERM (the
 * command's own signal) or when `--timeout` runs out, with a reason telling which, so the
 * command can answer with Interrupted (130) or TimeoutError (5) and the resume command.
 */

export type StopReason = { kind: 'interrupted'; signal: string } | { kind: 'timeout'; afterMs: number };

const STOP = Symbol('ackl2.stop');

export class RunSignal {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(parent: AbortSignal) {
    const onParent = () => this.stop({ kind: 'interrupted', signal: typeof parent.reason === 'string' ? parent.reason : 'SIGINT' });
    if (parent.aborted) onParent();
    else parent.addEventListener('abort', onParent, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Start the `--timeout` clock (call when the waiting work begins). */
  startTimeout(ms: number): void {
    this.clearTimeout();
    this.timer = setTimeout(() => this.stop({ kind: 'timeout', afterMs: ms }), ms);
    this.timer.unref();
  }

  clearTimeout(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Why the run stopped, or undefined while it goes on. */
  get reason(): StopReason | undefined {
    const reason: unknown = this.controller.signal.reason;
    if (this.controller.signal.aborted && reason !== null && typeof reason === 'object' && STOP in reason) return (reason as { [STOP]: StopReason })[STOP];
    return undefined;
  }

  private stop(reason: StopReason): void {
    if (this.controller.signal.aborted) return;
    this.clearTimeout();
    const error = new Error(reason.kind === 'timeout' ? 'timed out' : 'interrupted');
    Object.defineProperty(error, STOP, { value: reason });
    this.controller.abort(error);
  }
}
