import type { ErrorBody } from './types.js';

/** A refusal by Parley: the contract's `{ error: { code, message } }`, with the HTTP status when it came over REST. */
export class ParleyError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly retryAfter: number | undefined;

  constructor(body: ErrorBody, status?: number) {
    super(body.message);
    this.name = 'ParleyError';
    this.code = body.code;
    this.status = status;
    this.retryAfter = body.retryAfter;
  }
}
