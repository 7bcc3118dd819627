/**
 * An error answer of the emulated API: the cloud's code, message and HTTP status. Each
 * service renders it in its own style (ACK `{code,message,requestId}`, ECS
 * `{Code,Message,RequestId,HostId,Recommend}`).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra headers for the answer (e.g. x-acs-retry-after on throttling). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Codes shared by both services (the POP gateway's own answers). */
export const gatewayErrors = {
  throttled: () => new ApiError(400, 'Throttling.User', 'Request was denied due to user flow control.', { 'x-acs-retry-after': '1000' }),
  unavailable: () => new ApiError(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'),
  unknownAction: (what: string) => new ApiError(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method. (${what})`),
  internal: (detail: string) => new ApiError(500, 'InternalError', `The request processing has failed due to some unknown error. (${detail})`),
};
