import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as fakeCore from './fixtures/core.js';
import { checkRequest, lockRequest, ME, NOW, outcomeOf, storedLock, unlockRequest } from './fixtures/outcomes.js';

jest.unstable_mockModule('@actions/core', () => fakeCore);
const { outputsFor, setOutputs } = await import('../../src/action/outputs.js');
const { Outputs } = await import('../../src/action/constants.js');

beforeEach(() => fakeCore.resetCore());

describe('outputsFor', () => {
  it('a lock taken: locked and allowed, the lock as JSON, its expiry in ISO-8601, the friendly sentence', async () => {
    const outputs = outputsFor(await outcomeOf(lockRequest('apps/staging')));
    expect(outputs.locked).toBe('true');
    expect(outputs.allowed).toBe('true');
    expect(JSON.parse(outputs.lock)).toMatchObject({ path: 'apps/staging', owner: ME, expires_at: NOW + 600 });
    expect(outputs['expires-at']).toBe(new Date((NOW + 600) * 1000).toISOString().replace('.000Z', 'Z'));
    expect(outputs.blocking).toBe('[]');
    expect(outputs.message).toMatch(/^Locked apps\/staging for a deploy until \w{3} \d+ \w{3}, \d\d:\d\d$/);
  });

  it('a re-lock by the same run says it re-acquired', async () => {
    const mine = storedLock({ path: 'apps/staging', owner: ME });
    const outputs = outputsFor(await outcomeOf(lockRequest('apps/staging'), [mine]));
    expect(outputs.locked).toBe('true');
    expect(outputs.message).toContain('re-acquired');
  });

  it('a lock denied: not locked, the holder as lock and in blocking, the blocking sentence', async () => {
    const holder = storedLock({ path: 'apps', type: 'freeze', source: 'platform', message: 'holidays' });
    const outputs = outputsFor(await outcomeOf(lockRequest('apps/staging'), [holder]));
    expect(outputs.locked).toBe('false');
    expect(outputs.allowed).toBe('false');
    expect(JSON.parse(outputs.blocking)).toEqual([holder]);
    expect(JSON.parse(outputs.lock)).toEqual(holder);
    expect(outputs['expires-at']).toBe(new Date(holder.expires_at * 1000).toISOString().replace('.000Z', 'Z'));
    expect(outputs.message).toMatch(/^apps is locked until .+ by a release freeze in platform \(holidays\)$/);
  });

  it('a check blocked by an ancestor lists every blocking lock', async () => {
    const root = storedLock({ path: 'apps', type: 'automation' });
    const leaf = storedLock({ path: 'apps/staging', links: { job: 'https://ci.example.com/1' } });
    const outputs = outputsFor(await outcomeOf(checkRequest('apps/staging'), [root, leaf]));
    expect(outputs.allowed).toBe('false');
    expect(outputs.locked).toBe('false');
    expect(JSON.parse(outputs.blocking).map((lock: { path: string }) => lock.path)).toEqual(['apps', 'apps/staging']);
    expect(outputs.message.split('\n')).toEqual([
      expect.stringMatching(/^apps is locked until .+ by an automation run in elsewhere$/),
      expect.stringMatching(/^apps\/staging is locked until .+ by a deploy in elsewhere$/),
      '  job: https://ci.example.com/1',
    ]);
  });

  it('a check that passes: allowed, nothing in lock or blocking', async () => {
    const allowing = storedLock({ path: 'apps', type: 'incident', allow: ['deploy'] });
    const outputs = outputsFor(await outcomeOf(checkRequest('apps/staging'), [allowing]));
    expect(outputs).toMatchObject({ allowed: 'true', locked: 'false', lock: '', blocking: '[]', 'expires-at': '' });
    expect(outputs.message).toBe('Nothing blocks a deploy at apps/staging');
  });

  it('unlock: released, nothing there, or somebody else’s', async () => {
    const mine = storedLock({ path: 'apps/x', owner: ME });
    const released = outputsFor(await outcomeOf(unlockRequest('apps/x'), [mine]));
    expect(released.allowed).toBe('true');
    expect(JSON.parse(released.lock)).toEqual(mine);
    expect(released.message).toMatch(/^Unlocked apps\/x/);

    const nothing = outputsFor(await outcomeOf(unlockRequest('apps/x')));
    expect(nothing).toMatchObject({ allowed: 'true', lock: '' });
    expect(nothing.message).toBe('apps/x is not locked; nothing to unlock');

    const theirs = storedLock({ path: 'apps/x' });
    const denied = outputsFor(await outcomeOf(unlockRequest('apps/x'), [theirs]));
    expect(denied.allowed).toBe('false');
    expect(JSON.parse(denied.blocking)).toEqual([theirs]);
    expect(denied.message).toContain(`held by ${theirs.owner}, not by this run`);
  });

  it('list and prune put their locks in the locks output', async () => {
    const active = storedLock({ path: 'apps/a' });
    const expired = storedLock({ path: 'apps/b', expires_at: NOW - 1 });
    const listed = outputsFor(await outcomeOf({ command: 'list', path: 'apps' }, [active, expired]));
    expect(JSON.parse(listed.locks)).toEqual([active]);
    expect(listed.message).toBe('1 active lock at and below apps');
    const pruned = outputsFor(await outcomeOf({ command: 'prune', path: 'apps' }, [active, expired]));
    expect(JSON.parse(pruned.locks)).toEqual([expired]);
    expect(pruned.message).toBe('Pruned 1 expired lock at and below apps');
  });
});

describe('setOutputs', () => {
  it('sets every declared output through core.setOutput', async () => {
    setOutputs(await outcomeOf(checkRequest('apps')));
    const names = fakeCore.setOutput.mock.calls.map(([name]) => name);
    expect(names.sort()).toEqual(Object.values(Outputs).sort());
  });
});
