import { UsageError } from './core/errors.js';
import { isActive, type Lock, type LockType } from './core/lock.js';
import { isoInstant } from './core/time.js';
import { ancestorsOf, pathAndAncestors } from './core/path.js';
import { activeBelow, blockingLocks, consultedPaths, forbiddingAncestors, isSameHolder } from './core/policy.js';
import type { LockStore } from './store/store.js';

/** Epoch seconds now; injected so tests and --now control time. */
export type Clock = () => number;

export interface CheckRequest {
  path: string;
  type: LockType;
  recursive: boolean;
}

export interface CheckResult {
  allowed: boolean;
  blocking: Lock[];
  consulted: string[];
}

/** Everything a new lock records, except its timestamps, which the service sets when it writes. */
export interface LockRequest {
  path: string;
  type: LockType;
  /** Exactly one of duration (seconds from the moment of locking) and until (epoch seconds). */
  duration?: number;
  until?: number;
  allow: LockType[];
  author: string;
  owner: string;
  source: string;
  links: Record<string, string>;
  message?: string;
  ci?: Lock['ci'];
}

export type LockResult =
  | { status: 'locked'; lock: Lock; refreshed: boolean; below: Lock[]; belowUnknown?: boolean }
  | { status: 'denied'; reason: 'held' | 'ancestor'; blocking: Lock[] };

export interface UnlockRequest {
  path: string;
  type: LockType;
  owner: string;
  force: boolean;
}

export type UnlockResult =
  | { status: 'unlocked'; lock: Lock; forced: boolean }
  | { status: 'not-locked'; path: string }
  | { status: 'denied'; reason: 'type' | 'owner'; holder: Lock };

export interface WaitOptions {
  /** Give up after this many seconds. */
  seconds: number;
  /** Called at least every `progressEvery` seconds while waiting, with what still blocks. */
  onProgress?: (blocking: Lock[], remainingSeconds: number) => void;
  progressEvery?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Milliseconds clock for the deadline; tests pass a fake one together with `sleep`. */
  nowMs?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The one place lock rules meet storage. Front ends parse input into requests and render the results. */
export class LockService {
  constructor(
    readonly store: LockStore,
    private readonly clock: Clock,
  ) {}

  now(): number {
    return this.clock();
  }

  async check(request: CheckRequest): Promise<CheckResult> {
    const consulted = consultedPaths(request.path, request.recursive);
    const stored = await this.store.getMany(consulted);
    const blocking = blockingLocks(stored, request.path, request.type, this.clock(), request.recursive);
    return { allowed: blocking.length === 0, blocking, consulted };
  }

  /**
   * Takes the lock, atomically: a conditional write decides between racing writers at one path, and a second,
   * consistent read of the ancestors after the write catches an ancestor lock created meanwhile (then the write
   * is rolled back). An ancestor written after that read is the later lock, and lists this one as below it.
   */
  async lock(request: LockRequest): Promise<LockResult> {
    const now = this.clock();
    const stored = await this.store.getMany(pathAndAncestors(request.path));
    const forbidding = forbiddingAncestors(stored, request.path, request.type, now);
    if (forbidding.length > 0) return { status: 'denied', reason: 'ancestor', blocking: forbidding };

    const current = stored.find((lock) => lock.path === request.path && isActive(lock, now));
    const refreshing = current !== undefined && isSameHolder(current, request);
    if (current !== undefined && !refreshing) return { status: 'denied', reason: 'held', blocking: [current] };

    const candidate = this.buildLock(request, now, refreshing ? current : undefined);
    if (candidate.expires_at <= now) {
      // Only reachable while waiting: the --until time passed before the path came free.
      throw new UsageError('--until', `The --until time ${isoInstant(candidate.expires_at)} passed while waiting for ${request.path}; nothing was locked.`);
    }
    const put = await this.store.putIfAvailable(candidate, now);
    if (!put.ok) return { status: 'denied', reason: 'held', blocking: [put.holder] };

    const rollBack = () => this.store.deleteIf(request.path, { owner: request.owner, type: request.type });
    const ancestors = ancestorsOf(request.path);
    if (ancestors.length > 0) {
      let lateForbidding: Lock[];
      try {
        const after = await this.store.getMany(ancestors);
        lateForbidding = forbiddingAncestors(after, request.path, request.type, this.clock());
      } catch (error) {
        // Unverified is not taken: undo the write, then report the store failure.
        await rollBack().catch(() => undefined);
        throw error;
      }
      if (lateForbidding.length > 0) {
        await rollBack();
        return { status: 'denied', reason: 'ancestor', blocking: lateForbidding };
      }
    }

    // The warning about locks below is advice: the lock is taken even when the listing fails.
    let below: Lock[] | undefined;
    try {
      below = activeBelow(await this.collect(request.path), request.path, this.clock());
    } catch {
      below = undefined;
    }
    return { status: 'locked', lock: put.lock, refreshed: refreshing, below: below ?? [], ...(below ? {} : { belowUnknown: true }) };
  }

  async unlock(request: UnlockRequest): Promise<UnlockResult> {
    const now = this.clock();
    const result = await this.store.deleteIf(request.path, {
      type: request.type,
      ...(request.force ? {} : { owner: request.owner }),
    });
    if (result.status === 'absent') return { status: 'not-locked', path: request.path };
    if (result.status === 'deleted') {
      // An expired record is cleaned up on the way, but there was no lock in force to release.
      if (!isActive(result.lock, now)) return { status: 'not-locked', path: request.path };
      return { status: 'unlocked', lock: result.lock, forced: request.force };
    }
    const holder = result.holder;
    if (!isActive(holder, now)) return { status: 'not-locked', path: request.path };
    return { status: 'denied', reason: holder.type !== request.type ? 'type' : 'owner', holder };
  }

  /** Active locks at and below `path` (all when undefined), sorted by path. */
  async list(path?: string): Promise<Lock[]> {
    const now = this.clock();
    return (await this.collect(path)).filter((lock) => isActive(lock, now));
  }

  /** Deletes the locks expired at now (at and below `path`); a lock renewed meanwhile is left alone. */
  async prune(path?: string): Promise<Lock[]> {
    const now = this.clock();
    const removed: Lock[] = [];
    for (const lock of await this.collect(path)) {
      if (isActive(lock, now)) continue;
      const result = await this.store.deleteIf(lock.path, { expiredAt: now });
      if (result.status === 'deleted') removed.push(result.lock);
    }
    return removed;
  }

  /**
   * Repeats `attempt` until it succeeds or `options.seconds` have passed, backing off with jitter.
   * Always ends: the last attempt happens at or before the deadline.
   */
  async retry<T>(
    attempt: () => Promise<T>,
    blockingOf: (result: T) => Lock[] | undefined,
    options: WaitOptions,
  ): Promise<T> {
    const sleep = options.sleep ?? defaultSleep;
    const random = options.random ?? Math.random;
    // Under the promised 30 s, leaving room for the attempt itself.
    const progressEvery = options.progressEvery ?? 25;
    const nowMs = options.nowMs ?? Date.now;
    const deadline = nowMs() + options.seconds * 1000;
    let lastProgress: number | undefined;
    let delay = 1000;
    for (;;) {
      const result = await attempt();
      const blocking = blockingOf(result);
      const now = nowMs();
      if (blocking === undefined || now >= deadline) return result;
      if (lastProgress === undefined || now - lastProgress >= progressEvery * 1000) {
        options.onProgress?.(blocking, (deadline - now) / 1000);
        lastProgress = now;
      }
      const jittered = delay * (0.7 + 0.6 * random());
      const untilProgress = (lastProgress ?? now) + progressEvery * 1000 - now;
      await sleep(Math.max(0, Math.min(jittered, deadline - now, untilProgress)));
      delay = Math.min(delay * 1.6, 15_000);
    }
  }

  private buildLock(request: LockRequest, now: number, current: Lock | undefined): Lock {
    let expires = request.until ?? now + (request.duration ?? 0);
    // A re-lock by the same holder extends, never shortens.
    if (current !== undefined) expires = Math.max(expires, current.expires_at);
    return {
      type: request.type,
      path: request.path,
      author: request.author,
      owner: request.owner,
      links: { ...request.links },
      source: request.source,
      allow: [...request.allow],
      ...(request.message ? { message: request.message } : {}),
      created_at: current?.created_at ?? now,
      updated_at: now,
      expires_at: expires,
      ...(request.ci ? { ci: { ...request.ci } } : {}),
    };
  }

  private async collect(path?: string): Promise<Lock[]> {
    const locks: Lock[] = [];
    for await (const lock of this.store.list(path)) locks.push(lock);
    return locks.sort((a, b) => a.path.localeCompare(b.path));
  }
}

/**
 * Wall-clock epoch seconds, or a clock that starts at `nowOverride` (--now) and advances in real time, so that
 * --wait still means something when the start time is pinned.
 */
export function systemClock(nowOverride?: number): Clock {
  if (nowOverride === undefined) return () => Math.floor(Date.now() / 1000);
  const startedMs = Date.now();
  return () => nowOverride + Math.floor((Date.now() - startedMs) / 1000);
}
