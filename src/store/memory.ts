import type { Lock } from '../core/lock.js';
import { isAtOrBelow } from '../core/path.js';
import {
  matchesDelete,
  mayOverwrite,
  type DeleteMatch,
  type DeleteResult,
  type LockStore,
  type PutResult,
} from './store.js';

/** In-process store for tests and --fake. Each method runs to completion without awaiting, so it is atomic. */
export class MemoryLockStore implements LockStore {
  readonly kind = 'memory' as const;
  private readonly locks = new Map<string, Lock>();

  constructor(seed: Lock[] = []) {
    for (const lock of seed) this.locks.set(lock.path, structuredClone(lock));
  }

  async putIfAvailable(lock: Lock, now: number): Promise<PutResult> {
    const existing = this.locks.get(lock.path);
    if (!mayOverwrite(existing, lock, now)) return { ok: false, holder: structuredClone(existing as Lock) };
    this.locks.set(lock.path, structuredClone(lock));
    return { ok: true, lock: structuredClone(lock) };
  }

  async getMany(paths: string[]): Promise<Lock[]> {
    return paths.flatMap((path) => {
      const lock = this.locks.get(path);
      return lock ? [structuredClone(lock)] : [];
    });
  }

  async deleteIf(path: string, match: DeleteMatch): Promise<DeleteResult> {
    const existing = this.locks.get(path);
    if (existing === undefined) return { status: 'absent' };
    if (!matchesDelete(existing, match)) return { status: 'mismatch', holder: structuredClone(existing) };
    this.locks.delete(path);
    return { status: 'deleted', lock: structuredClone(existing) };
  }

  async *list(prefix?: string): AsyncIterable<Lock> {
    const matching = [...this.locks.values()].filter((lock) => isAtOrBelow(lock.path, prefix));
    for (const lock of matching) yield structuredClone(lock);
  }

  async close(): Promise<void> {}
}
