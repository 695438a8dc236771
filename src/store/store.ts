import type { Lock, LockType } from '../core/lock.js';

export type StorageKind = 'memory' | 'file' | 'dynamodb';
export const STORAGE_KINDS: readonly StorageKind[] = ['memory', 'file', 'dynamodb'];

export type PutResult = { ok: true; lock: Lock } | { ok: false; holder: Lock };

/** Conditions for a delete; every field given must hold for the record to go. */
export interface DeleteMatch {
  type?: LockType;
  owner?: string;
  /** Only delete when the record has expired at this time (prune). */
  expiredAt?: number;
}

export type DeleteResult =
  | { status: 'deleted'; lock: Lock }
  | { status: 'absent' }
  | { status: 'mismatch'; holder: Lock };

/**
 * The storage port. Every adapter passes the shared contract suite (__tests__/store/contract.ts).
 * Adapters store and return records as they are; expiry policy lives in the service, except where a
 * conditional write needs it (putIfAvailable, deleteIf with expiredAt), which must be atomic in the backend.
 */
export interface LockStore {
  readonly kind: StorageKind;

  /**
   * Atomically writes `lock` at `lock.path` when nothing is stored there, the stored lock has expired
   * at `now` (expires_at <= now), or it has the same owner and type (a re-lock). Otherwise returns the holder.
   */
  putIfAvailable(lock: Lock, now: number): Promise<PutResult>;

  /** Strongly consistent read of exactly these paths; absent paths are left out, expired records included. */
  getMany(paths: string[]): Promise<Lock[]>;

  /** Atomically deletes the record at `path` when it matches; reports what was there otherwise. */
  deleteIf(path: string, match: DeleteMatch): Promise<DeleteResult>;

  /** Every stored record at or below `prefix` (everything when undefined), all pages, expired included. */
  list(prefix?: string): AsyncIterable<Lock>;

  close(): Promise<void>;
}

/** The shared matching rule for deleteIf, for adapters that evaluate it themselves. */
export function matchesDelete(lock: Lock, match: DeleteMatch): boolean {
  if (match.type !== undefined && lock.type !== match.type) return false;
  if (match.owner !== undefined && lock.owner !== match.owner) return false;
  if (match.expiredAt !== undefined && lock.expires_at > match.expiredAt) return false;
  return true;
}

/** The shared rule for putIfAvailable, for adapters that evaluate it themselves. */
export function mayOverwrite(existing: Lock | undefined, candidate: Lock, now: number): boolean {
  if (existing === undefined || existing.expires_at <= now) return true;
  return existing.owner === candidate.owner && existing.type === candidate.type;
}
