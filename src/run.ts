import { EXIT_DENIED, EXIT_OK } from './core/errors.js';
import type { Lock } from './core/lock.js';
import type { ParsedRequest } from './core/request.js';
import type {
  CheckRequest,
  CheckResult,
  LockRequest,
  LockResult,
  LockService,
  UnlockRequest,
  UnlockResult,
  WaitOptions,
} from './service.js';

/** What a command did, for any front end to render. */
export type Outcome =
  | { command: 'check'; request: CheckRequest; result: CheckResult }
  | { command: 'lock'; request: LockRequest; result: LockResult }
  | { command: 'unlock'; request: UnlockRequest; result: UnlockResult }
  | { command: 'list'; path?: string; locks: Lock[] }
  | { command: 'prune'; path?: string; removed: Lock[] };

export interface ExecuteHooks {
  /** Progress while --wait keeps retrying: what still blocks and how long is left. */
  onWait?: WaitOptions['onProgress'];
  sleep?: WaitOptions['sleep'];
}

/** Runs a parsed request through the service; `setup` is store administration and handled by the front end. */
export async function execute(parsed: ParsedRequest, service: LockService, hooks: ExecuteHooks = {}): Promise<Outcome> {
  const wait = <T>(attempt: () => Promise<T>, blockingOf: (result: T) => Lock[] | undefined): Promise<T> =>
    parsed.waitSeconds === undefined
      ? attempt()
      : service.retry(attempt, blockingOf, {
          seconds: parsed.waitSeconds,
          ...(hooks.onWait ? { onProgress: hooks.onWait } : {}),
          ...(hooks.sleep ? { sleep: hooks.sleep } : {}),
        });

  if (parsed.check) {
    const request = parsed.check;
    const result = await wait(
      () => service.check(request),
      (found) => (found.allowed ? undefined : found.blocking),
    );
    return { command: 'check', request, result };
  }
  if (parsed.lock) {
    const request = parsed.lock;
    const result = await wait(
      () => service.lock(request),
      (found) => (found.status === 'locked' ? undefined : found.blocking),
    );
    return { command: 'lock', request, result };
  }
  if (parsed.unlock) {
    const request = parsed.unlock;
    return { command: 'unlock', request, result: await service.unlock(request) };
  }
  if (parsed.command === 'list') {
    return { command: 'list', ...(parsed.path ? { path: parsed.path } : {}), locks: await service.list(parsed.path) };
  }
  if (parsed.command === 'prune') {
    return { command: 'prune', ...(parsed.path ? { path: parsed.path } : {}), removed: await service.prune(parsed.path) };
  }
  throw new Error(`execute cannot run '${parsed.command}'`);
}

/** 0 when the command did what was asked (an unlock of a free path included), 1 when denied or lost. */
export function outcomeExitCode(outcome: Outcome): number {
  switch (outcome.command) {
    case 'check':
      return outcome.result.allowed ? EXIT_OK : EXIT_DENIED;
    case 'lock':
      return outcome.result.status === 'locked' ? EXIT_OK : EXIT_DENIED;
    case 'unlock':
      return outcome.result.status === 'denied' ? EXIT_DENIED : EXIT_OK;
    default:
      return EXIT_OK;
  }
}
