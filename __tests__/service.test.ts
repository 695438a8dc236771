import { describe, expect, it } from '@jest/globals';
import type { Lock, LockType } from '../src/core/lock.js';
import { LockService, type LockRequest } from '../src/service.js';
import { MemoryLockStore } from '../src/store/memory.js';
import type { LockStore } from '../src/store/store.js';

const NOW = 1_800_000_000;

function request(path: string, overrides: Partial<LockRequest> = {}): LockRequest {
  return { path, type: 'deploy', duration: 600, allow: [], author: 'alice', owner: 'run-1', source: path, links: {}, ...overrides };
}

function service(store: LockStore = new MemoryLockStore(), now = () => NOW) {
  return new LockService(store, now);
}

describe('LockService.lock', () => {
  it('locks a free path with timestamps from the clock', async () => {
    const result = await service().lock(request('apps/staging', { message: 'release 42' }));
    expect(result).toEqual({
      status: 'locked',
      refreshed: false,
      below: [],
      lock: expect.objectContaining({ path: 'apps/staging', created_at: NOW, updated_at: NOW, expires_at: NOW + 600, owner: 'run-1', message: 'release 42' }),
    });
  });

  it('honours an absolute until', async () => {
    const result = await service().lock(request('apps', { duration: undefined, until: NOW + 99 }));
    expect(result.status === 'locked' && result.lock.expires_at).toBe(NOW + 99);
  });

  it('refuses a second owner and names the holder', async () => {
    const locks = service();
    await locks.lock(request('apps'));
    const second = await locks.lock(request('apps', { owner: 'run-2' }));
    expect(second).toEqual({ status: 'denied', reason: 'held', blocking: [expect.objectContaining({ owner: 'run-1' })] });
  });

  it('re-locking by the same owner is idempotent and extends, never shortens', async () => {
    let now = NOW;
    const locks = service(new MemoryLockStore(), () => now);
    await locks.lock(request('apps', { duration: 600 }));
    now += 300;
    const again = await locks.lock(request('apps', { duration: 600 }));
    expect(again).toMatchObject({ status: 'locked', refreshed: true, lock: { created_at: NOW, updated_at: NOW + 300, expires_at: NOW + 900 } });
    const shorter = await locks.lock(request('apps', { duration: 60 }));
    expect(shorter.status === 'locked' && shorter.lock.expires_at).toBe(NOW + 900);
  });

  it('takes over an expired lock of somebody else', async () => {
    let now = NOW;
    const locks = service(new MemoryLockStore(), () => now);
    await locks.lock(request('apps', { duration: 60 }));
    now += 60;
    const result = await locks.lock(request('apps', { owner: 'run-2' }));
    expect(result).toMatchObject({ status: 'locked', refreshed: false, lock: { owner: 'run-2', created_at: NOW + 60 } });
  });

  it('is denied by an active ancestor that does not allow its type', async () => {
    const locks = service();
    await locks.lock(request('apps', { type: 'freeze', owner: 'ops', allow: ['automation'] }));
    expect(await locks.lock(request('apps/staging/a'))).toMatchObject({ status: 'denied', reason: 'ancestor', blocking: [{ path: 'apps', type: 'freeze' }] });
    expect(await locks.lock(request('apps/staging/a', { type: 'automation' }))).toMatchObject({ status: 'locked' });
  });

  it('a new ancestor lock is not blocked by locks below it, but lists them', async () => {
    const locks = service();
    await locks.lock(request('apps/staging/a'));
    await locks.lock(request('apps/prod', { owner: 'run-3' }));
    const result = await locks.lock(request('apps/staging', { type: 'freeze', owner: 'ops' }));
    expect(result).toMatchObject({ status: 'locked', below: [{ path: 'apps/staging/a' }] });
  });

  it('rolls its write back when a forbidding ancestor appears between its write and its check', async () => {
    const inner = new MemoryLockStore();
    let reads = 0;
    // The freeze lands after the leaf's first ancestor read and write: the second read must catch it.
    const interleaving: LockStore = Object.assign(Object.create(inner) as LockStore, {
      getMany: async (paths: string[]) => {
        reads += 1;
        if (reads === 2) {
          await inner.putIfAvailable(
            { type: 'freeze', path: 'apps', author: 'ops', owner: 'ops', links: {}, source: 'apps', allow: [], created_at: NOW, updated_at: NOW, expires_at: NOW + 600 },
            NOW,
          );
        }
        return inner.getMany(paths);
      },
    });
    const result = await service(interleaving).lock(request('apps/staging'));
    expect(result).toMatchObject({ status: 'denied', reason: 'ancestor', blocking: [{ path: 'apps' }] });
    expect(await inner.getMany(['apps/staging'])).toEqual([]);
    expect(await inner.getMany(['apps'])).toHaveLength(1);
  });
});

describe('LockService.check', () => {
  const seeded = (locks: Partial<Lock>[]) =>
    new MemoryLockStore(
      locks.map((lock) => ({ type: 'deploy' as LockType, path: 'apps', author: 'a', owner: 'o', links: {}, source: 's', allow: [], created_at: NOW, updated_at: NOW, expires_at: NOW + 60, ...lock })),
    );

  it.each([
    ['an automation lock denies a deploy below it', { type: 'automation' as LockType }, 'deploy', false],
    ['an incident lock allowing deploy allows it', { type: 'incident' as LockType, allow: ['deploy' as LockType] }, 'deploy', true],
    ['a deploy lock denies another deploy below it', { type: 'deploy' as LockType }, 'deploy', false],
    ['a freeze allowing automation allows automation', { type: 'freeze' as LockType, allow: ['automation' as LockType] }, 'automation', true],
    ['a freeze allowing automation still denies deploy', { type: 'freeze' as LockType, allow: ['automation' as LockType] }, 'deploy', false],
    ['an expired lock denies nothing', { type: 'freeze' as LockType, expires_at: NOW }, 'deploy', true],
  ])('%s', async (_, lock, type, allowed) => {
    const result = await service(seeded([lock])).check({ path: 'apps/foo', type: type as LockType, recursive: true });
    expect(result.allowed).toBe(allowed);
    expect(result.blocking).toHaveLength(allowed ? 0 : 1);
  });

  it('consults every ancestor, or the leaf only when not recursive', async () => {
    const locks = service(seeded([{ path: 'apps/staging' }]));
    expect(await locks.check({ path: 'apps/staging/a/auth-app', type: 'deploy', recursive: true })).toMatchObject({
      allowed: false,
      consulted: ['apps', 'apps/staging', 'apps/staging/a', 'apps/staging/a/auth-app'],
    });
    expect(await locks.check({ path: 'apps/staging/a/auth-app', type: 'deploy', recursive: false })).toMatchObject({ allowed: true, consulted: ['apps/staging/a/auth-app'] });
  });
});

describe('LockService.unlock, list and prune', () => {
  it('releases only with matching type and owner, unless forced', async () => {
    const locks = service();
    await locks.lock(request('apps'));
    expect(await locks.unlock({ path: 'apps', type: 'freeze', owner: 'run-1', force: false })).toMatchObject({ status: 'denied', reason: 'type' });
    expect(await locks.unlock({ path: 'apps', type: 'deploy', owner: 'run-2', force: false })).toMatchObject({ status: 'denied', reason: 'owner' });
    expect(await locks.unlock({ path: 'apps', type: 'freeze', owner: 'run-2', force: true })).toMatchObject({ status: 'denied', reason: 'type' });
    expect(await locks.unlock({ path: 'apps', type: 'deploy', owner: 'run-2', force: true })).toMatchObject({ status: 'unlocked', forced: true });
    expect(await locks.unlock({ path: 'apps', type: 'deploy', owner: 'run-1', force: false })).toEqual({ status: 'not-locked', path: 'apps' });
  });

  it('reports an expired lock as nothing to unlock', async () => {
    let now = NOW;
    const locks = service(new MemoryLockStore(), () => now);
    await locks.lock(request('apps', { duration: 10 }));
    now += 10;
    expect(await locks.unlock({ path: 'apps', type: 'deploy', owner: 'someone-else', force: false })).toEqual({ status: 'not-locked', path: 'apps' });
  });

  it('lists active locks at and below a path, and prunes what has expired by then', async () => {
    let now = NOW;
    const locks = service(new MemoryLockStore(), () => now);
    await locks.lock(request('apps/staging', { duration: 10, type: 'automation', allow: ['deploy'] }));
    await locks.lock(request('apps/staging/a', { duration: 100 }));
    await locks.lock(request('apps/stagingx', { duration: 10 }));
    expect((await locks.list('apps/staging')).map((lock) => lock.path)).toEqual(['apps/staging', 'apps/staging/a']);
    now += 50;
    expect((await locks.list()).map((lock) => lock.path)).toEqual(['apps/staging/a']);
    expect((await locks.prune('apps/staging')).map((lock) => lock.path)).toEqual(['apps/staging']);
    expect((await locks.prune()).map((lock) => lock.path)).toEqual(['apps/stagingx']);
    expect(await locks.prune()).toEqual([]);
  });
});

describe('LockService.retry', () => {
  /** A fake clock that sleeping advances, so waits of minutes run in microseconds. */
  function fakeTime() {
    let nowMs = 0;
    return { nowMs: () => nowMs, sleep: async (ms: number) => void (nowMs += ms), advance: (ms: number) => (nowMs += ms) };
  }

  it('retries with growing, jittered delays until it succeeds', async () => {
    const time = fakeTime();
    const sleeps: number[] = [];
    let attempts = 0;
    const result = await service().retry(
      async () => ++attempts,
      (count) => (count < 4 ? [] : undefined),
      { seconds: 3600, nowMs: time.nowMs, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    );
    expect(result).toBe(4);
    expect(sleeps).toEqual([1000, 1600, 2560]);
  });

  it('reports progress at once and then less than 30 s apart, whatever the jitter', async () => {
    for (const random of [() => 0, () => 0.999]) {
      const time = fakeTime();
      const progress: number[] = [];
      await service().retry(async () => time.advance(300), () => [], {
        seconds: 600,
        nowMs: time.nowMs,
        sleep: time.sleep,
        random,
        onProgress: () => progress.push(time.nowMs()),
      });
      expect(progress[0]).toBe(300);
      const gaps = progress.slice(1).map((at, index) => at - progress[index]!);
      expect(gaps.length).toBeGreaterThan(15);
      expect(Math.max(...gaps)).toBeLessThan(30_000);
    }
  });

  it('always ends: the last attempt is at the deadline, not after it', async () => {
    const time = fakeTime();
    const attemptsAt: number[] = [];
    await service().retry(async () => attemptsAt.push(time.nowMs()), () => [], { seconds: 120, nowMs: time.nowMs, sleep: time.sleep });
    expect(attemptsAt.at(-1)).toBe(120_000);
    expect(attemptsAt.every((at) => at <= 120_000)).toBe(true);
  });

  it('gives up with a usage error when --until passes while waiting, locking nothing', async () => {
    let now = NOW;
    const store = new MemoryLockStore();
    const locks = service(store, () => now);
    await locks.lock(request('apps', { owner: 'holder', duration: 60 }));
    // The holder's lock ran out after the waiter's own end time: the path is free, but too late.
    now += 100;
    await expect(locks.lock(request('apps', { owner: 'waiter', duration: undefined, until: NOW + 50 }))).rejects.toThrow(
      'passed while waiting for apps; nothing was locked',
    );
    expect((await store.getMany(['apps']))[0]?.owner).toBe('holder');
  });
});

describe('LockService.lock when the store fails after the write', () => {
  const failing = (inner: MemoryLockStore, failOn: 'getMany-second' | 'list'): LockStore => {
    let reads = 0;
    return Object.assign(Object.create(inner) as LockStore, {
      getMany: async (paths: string[]) => {
        reads += 1;
        if (failOn === 'getMany-second' && reads === 2) throw new Error('network down');
        return inner.getMany(paths);
      },
      list: (prefix?: string) => {
        if (failOn === 'list') throw new Error('scan throttled');
        return inner.list(prefix);
      },
    });
  };

  it('rolls the write back when the ancestors cannot be verified', async () => {
    const inner = new MemoryLockStore();
    await expect(service(failing(inner, 'getMany-second')).lock(request('apps/staging'))).rejects.toThrow('network down');
    expect(await inner.getMany(['apps/staging'])).toEqual([]);
  });

  it('keeps the lock when only the listing of locks below fails, and says it could not list them', async () => {
    const inner = new MemoryLockStore();
    const result = await service(failing(inner, 'list')).lock(request('apps/staging'));
    expect(result).toMatchObject({ status: 'locked', below: [], belowUnknown: true });
    expect(await inner.getMany(['apps/staging'])).toHaveLength(1);
  });
});
