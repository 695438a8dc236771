/**
 * One error vocabulary for every front end:
 * usage (bad input: exit 2 / HTTP 400), store (backend failure: exit 3 / HTTP 503).
 * Denials and lost races are results, not errors (exit 1 / HTTP 423).
 */

export const EXIT_OK = 0;
export const EXIT_DENIED = 1;
export const EXIT_USAGE = 2;
export const EXIT_STORE = 3;

/** Bad input. `field` names the flag or input, so the message can say what is accepted. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The store could not be read or written; `cause` keeps the backend's own error. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A one-line description of anything thrown, for logs and annotations (never a stack trace). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  if (typeof error === 'string') return error.split('\n')[0] ?? error;
  return String(error);
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT_USAGE;
  return EXIT_STORE;
}
