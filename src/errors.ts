/**
 * The project's error classes. `exitCodeFor` in this file is the one mapping from an error to
 * an exit code; src/main.ts is the one place that applies it (it renders the error and returns
 * the code, which src/cli.ts hands to the process).
 */

import type { Issue } from './profile/issues.js';

export const ExitCode = {
  ok: 0,
  bug: 1,
  /** `diff --exit-code`: the cloud differs from the profile (like `git diff --exit-code`). */
  differs: 1,
  userError: 2,
  cloudError: 3,
  operationFailed: 4,
  timeout: 5,
  connectionFailed: 6,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base for every error we expect; anything else reaching the top level is a bug. */
export abstract class Ackl2Error extends Error {
  abstract readonly exitCode: ExitCode;
  /** One-line advice printed after the message (how to fix, resume or clean up). */
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/** Bad profile, bad flag, missing file, missing credentials: fix the input and rerun. */
export class UserError extends Ackl2Error {
  readonly exitCode = ExitCode.userError;
}

/** A profile that failed validation (or online preflight): carries every issue found. */
export class ValidationFailed extends UserError {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[], message?: string) {
    const errors = issues.filter((i) => i.severity === 'error').length;
    super(message ?? `${errors} error${errors === 1 ? '' : 's'} in the profile`);
    this.issues = issues;
  }
}

/** A non-retryable answer from the cloud API (4xx user errors, or retries exhausted). */
export class CloudError extends Ackl2Error {
  readonly exitCode = ExitCode.cloudError;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly statusCode: number | undefined;
  readonly action: string | undefined;

  constructor(fields: {
    code: string;
    message: string;
    requestId?: string | undefined;
    statusCode?: number | undefined;
    action?: string | undefined;
    hint?: string | undefined;
    cause?: unknown;
  }) {
    super(fields.message, { hint: fields.hint, cause: fields.cause });
    this.code = fields.code;
    this.requestId = fields.requestId;
    this.statusCode = fields.statusCode;
    this.action = fields.action;
  }
}

/** Instances refused before anything was sent (join): each with its reason, for people and for machines. */
export class InstancesRejected extends UserError {
  readonly rejected: readonly { instanceId: string; reason: string; hint?: string | undefined }[];
  constructor(message: string, rejected: InstancesRejected['rejected'], options: { hint?: string | undefined } = {}) {
    super(message, options);
    this.rejected = rejected;
  }
}

/**
 * No answer from the API: the connection was refused, reset or timed out. Not a refusal by
 * the cloud, so it has its own exit code. `outcome` says what that means for the request:
 * `not-sent` (it never reached the server), `read` (a read: nothing changed), `unknown` (a
 * change was sent and its answer lost: it may or may not have happened).
 */
export class ConnectionFailed extends Ackl2Error {
  readonly exitCode = ExitCode.connectionFailed;
  readonly code: string;
  readonly action: string | undefined;
  readonly outcome: 'not-sent' | 'read' | 'unknown';

  constructor(fields: { code: string; message: string; action?: string | undefined; outcome: ConnectionFailed['outcome']; hint?: string | undefined; cause?: unknown }) {
    super(fields.message, { hint: fields.hint, cause: fields.cause });
    this.code = fields.code;
    this.action = fields.action;
    this.outcome = fields.outcome;
  }
}

/** A cloud task (cluster creation, pool scaling, attach) ended in failure. */
export class OperationFailed extends Ackl2Error {
  readonly exitCode = ExitCode.operationFailed;
  readonly operationId: string;
  readonly taskId: string | undefined;
  readonly stage: string | undefined;

  constructor(fields: {
    operationId: string;
    message: string;
    taskId?: string | undefined;
    stage?: string | undefined;
    hint?: string | undefined;
    cause?: unknown;
  }) {
    super(fields.message, { hint: fields.hint, cause: fields.cause });
    this.operationId = fields.operationId;
    this.taskId = fields.taskId;
    this.stage = fields.stage;
  }
}

export class TimeoutError extends Ackl2Error {
  readonly exitCode = ExitCode.timeout;
}

export class Interrupted extends Ackl2Error {
  readonly exitCode = ExitCode.interrupted;
}

/** `diff --exit-code` found differences (exit 1, like `git diff --exit-code`); the diff is already printed. */
export class DifferencesFound extends Ackl2Error {
  readonly exitCode = ExitCode.differs;
}

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof Ackl2Error) return error.exitCode;
  return ExitCode.bug;
}

/** An error as machines read it: the `error` member of every failed `--output json` document. */
export function describeError(error: unknown): Record<string, unknown> {
  const described: Record<string, unknown> = {
    type: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    exitCode: exitCodeFor(error),
  };
  if (error instanceof Ackl2Error && error.hint) described.hint = error.hint;
  if (error instanceof CloudError) Object.assign(described, { code: error.code, requestId: error.requestId });
  if (error instanceof ConnectionFailed) Object.assign(described, { code: error.code, action: error.action, outcome: error.outcome });
  if (error instanceof OperationFailed) Object.assign(described, { operation: error.operationId, taskId: error.taskId, stage: error.stage });
  if (error instanceof ValidationFailed) described.issues = error.issues;
  if (error instanceof InstancesRejected) described.rejected = error.rejected;
  return described;
}

/** Some profiles of a fleet run failed: the exit code is the worst of theirs (each one's error is in the result). */
export class FleetFailed extends Ackl2Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    options: { hint?: string | undefined } = {},
  ) {
    super(message, options);
  }
}
