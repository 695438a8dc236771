// The main and post steps end to end in-process: @actions/core faked, one memory store shared by both steps
// (the runner-harness test does the same with the real bundles, separate processes and dynalite).
import { afterAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Lock } from '../../src/core/lock.js';
import type { StoreOptions } from '../../src/store/index.js';
import { MemoryLockStore } from '../../src/store/memory.js';
import * as fakeCore from './fixtures/core.js';
import { storedLock } from './fixtures/outcomes.js';

const realStoreIndex = await import('../../src/store/index.js');
let shared = new MemoryLockStore();
let storeFailure: Error | undefined;
const openStore = jest.fn(async (_options: StoreOptions) => {
  if (storeFailure) throw storeFailure;
  return shared;
});
jest.unstable_mockModule('@actions/core', () => fakeCore);
jest.unstable_mockModule('../../src/store/index.js', () => ({ ...realStoreIndex, openStore }));
const main = await import('../../src/action/main.js');
const post = await import('../../src/action/post.js');
const { States } = await import('../../src/action/constants.js');

const RUN_A = { GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '100', GITHUB_RUN_ATTEMPT: '1' };
const savedEnv = { ...process.env };

function asJob(env: Record<string, string>, inputs: Record<string, string>): void {
  fakeCore.resetCore();
  process.env = { ...savedEnv, GITHUB_ACTIONS: 'true', GITHUB_ACTOR: 'octocat', GITHUB_JOB: 'deploy', ...env };
  for (const [name, value] of Object.entries(inputs)) fakeCore.inputs.set(name, value);
}

/** Hands the main step's saved state to the post step, as the runner does with STATE_* variables. */
function carryStateToPost(): void {
  const saved = fakeCore.stateSaved();
  fakeCore.resetCore();
  for (const [name, value] of Object.entries(saved)) fakeCore.state.set(name, value);
}

async function storedPaths(): Promise<Lock[]> {
  const locks: Lock[] = [];
  for await (const lock of shared.list()) locks.push(lock);
  return locks;
}

afterAll(() => {
  process.env = savedEnv;
});

beforeEach(() => {
  shared = new MemoryLockStore();
  storeFailure = undefined;
  openStore.mockClear();
});

describe('main step', () => {
  it('takes the lock, sets outputs, saves only path, type, owner and store settings for post', async () => {
    asJob(RUN_A, { path: 'apps/staging', duration: '30m', storage: 'memory' });
    await main.run();
    expect(fakeCore.setFailed).not.toHaveBeenCalled();
    expect(fakeCore.outputsSet()).toMatchObject({ locked: 'true', allowed: 'true' });
    const state = JSON.parse(fakeCore.stateSaved()[States.Release] ?? '{}');
    expect(state).toEqual({ path: 'apps/staging', type: 'deploy', owner: 'github:acme/shop/runs/100', storage: 'memory' });
    expect(await storedPaths()).toMatchObject([{ path: 'apps/staging', owner: 'github:acme/shop/runs/100' }]);
    expect(fakeCore.summary.written).toBe(1);
  });

  it('saves the DynamoDB settings the post step needs to reach the same table', async () => {
    asJob(RUN_A, { path: 'apps', duration: '1h', table: 'team-locks', region: 'eu-west-1', endpoint: 'http://127.0.0.1:9' });
    await main.run();
    expect(JSON.parse(fakeCore.stateSaved()[States.Release] ?? '{}')).toEqual({
      path: 'apps',
      type: 'deploy',
      owner: 'github:acme/shop/runs/100',
      storage: 'dynamodb',
      table: 'team-locks',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9',
    });
  });

  it('denied: fails with the friendly sentence, annotates, still sets outputs, leaves nothing to release', async () => {
    const holder = storedLock({ path: 'apps', type: 'freeze', source: 'platform' });
    shared = new MemoryLockStore([holder]);
    asJob(RUN_A, { path: 'apps/staging', duration: '30m', storage: 'memory' });
    await main.run();
    const failure = String(fakeCore.setFailed.mock.calls[0]?.[0]);
    expect(failure).toMatch(/^apps is locked until .+ by a release freeze in platform$/);
    expect(fakeCore.error).toHaveBeenCalledWith(failure, { title: 'apps is locked' });
    expect(fakeCore.outputsSet()).toMatchObject({ locked: 'false', allowed: 'false' });
    expect(fakeCore.stateSaved()[States.Release]).toBeUndefined();
    expect(fakeCore.stateSaved()[States.NothingToRelease]).toBe('the lock was not acquired');
    expect(fakeCore.summary.headings).toEqual(['deploy-lock: Could not lock apps/staging']);
  });

  it('check with fail-on-locked false passes with allowed=false', async () => {
    shared = new MemoryLockStore([storedLock({ path: 'apps' })]);
    asJob(RUN_A, { command: 'check', path: 'apps/x', 'fail-on-locked': 'false', storage: 'memory' });
    await main.run();
    expect(fakeCore.setFailed).not.toHaveBeenCalled();
    expect(fakeCore.notice).toHaveBeenCalledTimes(1);
    expect(fakeCore.outputsSet()).toMatchObject({ allowed: 'false' });
  });

  it('check with the default fail-on-locked fails the step', async () => {
    shared = new MemoryLockStore([storedLock({ path: 'apps' })]);
    asJob(RUN_A, { command: 'check', path: 'apps/x', storage: 'memory' });
    await main.run();
    expect(fakeCore.setFailed).toHaveBeenCalledTimes(1);
    expect(fakeCore.outputsSet()).toMatchObject({ allowed: 'false' });
  });

  it('release false keeps the lock past the job and says why post does nothing', async () => {
    asJob(RUN_A, { path: 'apps', duration: '1h', release: 'false', storage: 'memory' });
    await main.run();
    expect(fakeCore.stateSaved()[States.Release]).toBeUndefined();
    expect(fakeCore.stateSaved()[States.NothingToRelease]).toMatch(/release is false/);
  });

  it('bad input: fails naming the input, opens no store, sets no output or state, writes no summary', async () => {
    asJob(RUN_A, { path: 'apps', duration: '1h', 'fail-on-locked': 'maybe', storage: 'memory' });
    await main.run();
    expect(fakeCore.setFailed).toHaveBeenCalledWith("Invalid input 'fail-on-locked' 'maybe': expected true or false.");
    expect(openStore).not.toHaveBeenCalled();
    expect(fakeCore.setOutput).not.toHaveBeenCalled();
    expect(fakeCore.saveState).not.toHaveBeenCalled();
    expect(fakeCore.summary.written).toBe(0);
    expect(await storedPaths()).toEqual([]);
  });

  it('a store failure fails the step with one line', async () => {
    storeFailure = new Error('Requested resource not found: Table: locks not found\n    at stack');
    asJob(RUN_A, { path: 'apps', duration: '1h' });
    await main.run();
    expect(fakeCore.setFailed).toHaveBeenCalledWith('Requested resource not found: Table: locks not found');
  });
});

describe('post step', () => {
  it('releases the lock main took', async () => {
    asJob(RUN_A, { path: 'apps/staging', duration: '30m', storage: 'memory' });
    await main.run();
    carryStateToPost();
    await post.run();
    expect(await storedPaths()).toEqual([]);
    expect(fakeCore.info).toHaveBeenCalledWith(expect.stringMatching(/^Released apps\/staging/));
    expect(fakeCore.warning).not.toHaveBeenCalled();
    expect(fakeCore.setFailed).not.toHaveBeenCalled();
  });

  it('a re-run attempt re-acquires the same lock and its post releases it', async () => {
    asJob(RUN_A, { path: 'apps/staging', duration: '30m', storage: 'memory' });
    await main.run();
    const [first] = await storedPaths();
    asJob({ ...RUN_A, GITHUB_RUN_ATTEMPT: '2' }, { path: 'apps/staging', duration: '30m', storage: 'memory' });
    await main.run();
    expect(fakeCore.setFailed).not.toHaveBeenCalled();
    expect(fakeCore.outputsSet().locked).toBe('true');
    expect((await storedPaths())[0]?.created_at).toBe(first?.created_at);
    carryStateToPost();
    await post.run();
    expect(await storedPaths()).toEqual([]);
  });

  it('after a denied main, releases nothing and the holder keeps its lock', async () => {
    const holder = storedLock({ path: 'apps/staging' });
    shared = new MemoryLockStore([holder]);
    asJob(RUN_A, { path: 'apps/staging', duration: '30m', storage: 'memory' });
    await main.run();
    carryStateToPost();
    await post.run();
    expect(await storedPaths()).toEqual([holder]);
    expect(openStore).toHaveBeenCalledTimes(1);
    expect(fakeCore.info).toHaveBeenCalledWith('Nothing to release: the lock was not acquired.');
  });

  it('with no state at all (main failed or was cancelled) does nothing and says so', async () => {
    asJob(RUN_A, {});
    await post.run();
    expect(openStore).not.toHaveBeenCalled();
    expect(fakeCore.info).toHaveBeenCalledWith(expect.stringMatching(/^Nothing to release: the main step took no lock/));
  });

  it('never releases a lock someone else took after ours expired; warns instead', async () => {
    const theirs = storedLock({ path: 'apps' });
    shared = new MemoryLockStore([theirs]);
    asJob(RUN_A, {});
    fakeCore.state.set(States.Release, JSON.stringify({ path: 'apps', type: 'deploy', owner: 'github:acme/shop/runs/100', storage: 'memory' }));
    await post.run();
    expect(await storedPaths()).toEqual([theirs]);
    expect(fakeCore.warning).toHaveBeenCalledWith(expect.stringMatching(/^Did not release apps: it is now held by someone else/));
    expect(fakeCore.setFailed).not.toHaveBeenCalled();
  });

  it('turns its own failures into warnings, never a failed job', async () => {
    asJob(RUN_A, {});
    fakeCore.state.set(States.Release, JSON.stringify({ path: 'apps', type: 'deploy', owner: 'x', storage: 'dynamodb', table: 'locks' }));
    storeFailure = new Error('connect ECONNREFUSED 127.0.0.1:9');
    await post.run();
    expect(fakeCore.warning).toHaveBeenCalledWith(
      'Could not release the lock: connect ECONNREFUSED 127.0.0.1:9. It stays until it expires or is unlocked.',
    );
    fakeCore.warning.mockClear();
    fakeCore.state.set(States.Release, '{"path":"apps"');
    await post.run();
    expect(fakeCore.warning).toHaveBeenCalledWith(expect.stringMatching(/saved state is not JSON/));
    expect(fakeCore.setFailed).not.toHaveBeenCalled();
  });
});
