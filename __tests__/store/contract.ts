import { describe, expect, it, beforeEach, afterEach } from '@jest/globals';
import type { Lock, LockType } from '../../src/core/lock.js';
import type { LockStore } from '../../src/store/store.js';

export const NOW = 1_800_000_000;

export function makeLock(path: string, overrides: Partial<Lock> = {}): Lock {
  return {
    type: 'deploy',
    path,
    author: 'alice',
    owner: 'owner-a',
    links: { job: 'https://ci.example.com/jobs/1' },
    source: path,
    allow: [],
    created_at: NOW - 10,
    updated_at: NOW - 10,
    expires_at: NOW + 3600,
    ...overrides,
  };
}

export interface ContractHarness {
  /** A fresh, empty store. `pageSize` asks the adapter to page its listing that small, where it pages. */
  open(options: { pageSize: number }): Promise<LockStore>;
}

async function all(store: LockStore, prefix?: string): Promise<Lock[]> {
  const locks: Lock[] = [];
  for await (const lock of store.list(prefix)) locks.push(lock);
  return locks.sort((a, b) => a.path.localeCompare(b.path));
}

/** The behaviour every LockStore adapter must have. Run once per adapter. */
export function lockStoreContract(name: string, harness: ContractHarness): void {
  describe(`LockStore contract: ${name}`, () => {
    let store: LockStore;
    beforeEach(async () => {
      store = await harness.open({ pageSize: 2 });
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates a lock when the path is free and reads it back unchanged', async () => {
      const lock = makeLock('apps/staging', { ci: { project: 'g/p', ref: 'main', commit: 'abc', pipeline: '7', job: '9' }, message: 'why', allow: ['automation'] });
      const put = await store.putIfAvailable(lock, NOW);
      expect(put).toEqual({ ok: true, lock });
      expect(await store.getMany(['apps/staging'])).toEqual([lock]);
    });

    it('refuses a second holder while the lock is active and returns the holder', async () => {
      await store.putIfAvailable(makeLock('apps'), NOW);
      const put = await store.putIfAvailable(makeLock('apps', { owner: 'owner-b', author: 'bob' }), NOW);
      expect(put.ok).toBe(false);
      expect(put.ok ? undefined : put.holder.owner).toBe('owner-a');
      expect((await store.getMany(['apps']))[0]?.author).toBe('alice');
    });

    it('refuses the same owner asking for another type', async () => {
      await store.putIfAvailable(makeLock('apps'), NOW);
      const put = await store.putIfAvailable(makeLock('apps', { type: 'freeze' }), NOW);
      expect(put.ok).toBe(false);
    });

    it('lets the same owner and type overwrite (re-lock)', async () => {
      await store.putIfAvailable(makeLock('apps'), NOW);
      const renewed = makeLock('apps', { expires_at: NOW + 7200, updated_at: NOW });
      expect((await store.putIfAvailable(renewed, NOW)).ok).toBe(true);
      expect((await store.getMany(['apps']))[0]?.expires_at).toBe(NOW + 7200);
    });

    it('lets anyone take a path whose lock has expired (expires_at <= now)', async () => {
      await store.putIfAvailable(makeLock('apps', { expires_at: NOW }), NOW - 100);
      const put = await store.putIfAvailable(makeLock('apps', { owner: 'owner-b' }), NOW);
      expect(put.ok).toBe(true);
      expect((await store.getMany(['apps']))[0]?.owner).toBe('owner-b');
    });

    it('reads many paths at once, leaving out absent ones, expired records included', async () => {
      await store.putIfAvailable(makeLock('apps'), NOW);
      await store.putIfAvailable(makeLock('apps/staging/a', { expires_at: NOW - 1 }), NOW - 100);
      const found = await store.getMany(['apps', 'apps/staging', 'apps/staging/a']);
      expect(found.map((lock) => lock.path).sort()).toEqual(['apps', 'apps/staging/a']);
      expect(await store.getMany([])).toEqual([]);
    });

    it('deletes only on a matching owner and type, reporting the holder otherwise', async () => {
      await store.putIfAvailable(makeLock('apps'), NOW);
      const wrongOwner = await store.deleteIf('apps', { type: 'deploy', owner: 'owner-b' });
      expect(wrongOwner.status).toBe('mismatch');
      const wrongType = await store.deleteIf('apps', { type: 'freeze' as LockType, owner: 'owner-a' });
      expect(wrongType).toEqual({ status: 'mismatch', holder: expect.objectContaining({ owner: 'owner-a' }) });
      expect(await store.getMany(['apps'])).toHaveLength(1);
      const deleted = await store.deleteIf('apps', { type: 'deploy', owner: 'owner-a' });
      expect(deleted.status).toBe('deleted');
      expect(await store.getMany(['apps'])).toEqual([]);
      expect(await store.deleteIf('apps', { type: 'deploy' })).toEqual({ status: 'absent' });
    });

    it('deletes by expiry only when the record has expired at the given time', async () => {
      await store.putIfAvailable(makeLock('apps', { expires_at: NOW + 10 }), NOW);
      expect((await store.deleteIf('apps', { expiredAt: NOW })).status).toBe('mismatch');
      expect((await store.deleteIf('apps', { expiredAt: NOW + 10 })).status).toBe('deleted');
    });

    it('lists at and below a prefix on segment boundaries, across pages', async () => {
      const paths = ['apps', 'apps/staging', 'apps/staging/a', 'apps/staging/b', 'apps/st', 'apps/stagingx', 'other', 'apps/staging/a/x'];
      for (const path of paths) await store.putIfAvailable(makeLock(path), NOW);
      expect((await all(store, 'apps/staging')).map((lock) => lock.path)).toEqual([
        'apps/staging',
        'apps/staging/a',
        'apps/staging/a/x',
        'apps/staging/b',
      ]);
      expect(await all(store)).toHaveLength(paths.length);
      expect(await all(store, 'nothing')).toEqual([]);
    });

    it('lets exactly one of many concurrent writers win a path', async () => {
      const contenders = Array.from({ length: 20 }, (_, index) => makeLock('race/one', { owner: `owner-${index}` }));
      const results = await Promise.all(contenders.map((lock) => store.putIfAvailable(lock, NOW)));
      const winners = results.filter((result) => result.ok);
      expect(winners).toHaveLength(1);
      const stored = await store.getMany(['race/one']);
      expect(stored[0]?.owner).toBe(winners[0]?.ok ? winners[0].lock.owner : 'none');
    });

    it('lets exactly one of many concurrent deletes of one lock report it deleted', async () => {
      await store.putIfAvailable(makeLock('race/two'), NOW);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.deleteIf('race/two', { type: 'deploy', owner: 'owner-a' })),
      );
      expect(results.filter((result) => result.status === 'deleted')).toHaveLength(1);
    });
  });
}
