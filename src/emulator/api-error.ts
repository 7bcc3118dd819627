/**
 * An error answer of the emulated API: the cloud's code, message and HTTP status. Errors of
 * the POP gateway in front of every product (signatures, flow control, unknown APIs) are
 * rendered POP style, `{RequestId,HostId,Code,Message,Recommend}`, whichever service was
 * called, as the cloud does; the services' own errors in each service's style (ACK
 * `{code,message,requestId}`, ECS like the gateway). See renderError in server.ts.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra headers for the answer (e.g. x-acs-retry-after on throttling). */
    readonly headers: Record<string, string> = {},
    /** Answered by the POP gateway before the service saw the request. */
    readonly gateway = false,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An answer of the POP gateway (rendered POP style for every service). */
export const gatewayError = (status: number, code: string, message: string, headers: Record<string, string> = {}): ApiError => new ApiError(status, code, message, headers, true);

/** Codes shared by both services (the POP gateway's own answers). */
export const gatewayErrors = {
  throttled: () => gatewayError(400, 'Throttling.User', 'Request was denied due to user flow control.', { 'x-acs-retry-after': '1000' }),
  unavailable: () => gatewayError(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'),
  unknownAction: (what: string) => gatewayError(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method. (${what})`),
  invalidVersion: (version: string) => gatewayError(400, 'InvalidVersion', `Specified parameter Version is not valid. (${version})`),
  tooLarge: (limit: number) => gatewayError(413, 'RequestEntityTooLarge', `The request body is larger than ${limit} bytes.`, { connection: 'close' }),
  badRequest: (detail: string) => gatewayError(400, 'InvalidParameter', `The request is malformed. (${detail})`),
  internal: (detail: string) => gatewayError(500, 'InternalError', `The request processing has failed due to some unknown error. (${detail})`),
};
