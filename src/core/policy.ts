import { allows, isActive, type Lock, type LockType } from './lock.js';
import { isAtOrBelow, pathAndAncestors } from './path.js';

/** The paths a check consults: the path and its ancestors, or the leaf alone when not recursive. */
export function consultedPaths(path: string, recursive: boolean): string[] {
  return recursive ? pathAndAncestors(path) : [path];
}

/** Active locks among `locks` that stop `type` at `path`: those at the path or above it that do not allow it. */
export function blockingLocks(locks: Lock[], path: string, type: LockType, now: number, recursive = true): Lock[] {
  const consulted = new Set(consultedPaths(path, recursive));
  return locks
    .filter((lock) => consulted.has(lock.path) && isActive(lock, now) && !allows(lock, type))
    .sort((a, b) => a.path.length - b.path.length);
}

/** Ancestor locks (not the path itself) that forbid taking a lock of `type` at `path`. */
export function forbiddingAncestors(locks: Lock[], path: string, type: LockType, now: number): Lock[] {
  return blockingLocks(locks, path, type, now).filter((lock) => lock.path !== path);
}

/** Whether `candidate` may replace what is stored at its path: nothing active there, or the same holder re-locking. */
export function mayReplace(existing: Lock | undefined, candidate: Pick<Lock, 'owner' | 'type'>, now: number): boolean {
  if (existing === undefined || !isActive(existing, now)) return true;
  return isSameHolder(existing, candidate);
}

export function isSameHolder(lock: Pick<Lock, 'owner' | 'type'>, other: Pick<Lock, 'owner' | 'type'>): boolean {
  return lock.owner === other.owner && lock.type === other.type;
}

/** Active locks strictly below `path`, for the warning on a new ancestor lock. */
export function activeBelow(locks: Lock[], path: string, now: number): Lock[] {
  return locks.filter((lock) => lock.path !== path && isAtOrBelow(lock.path, path) && isActive(lock, now));
}
