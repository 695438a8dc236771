import { describe, expect, it } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import { persistentStores } from './stores.js';

// The seed README's scenarios, through the CLI, on every store.
const scenarios = [
  { name: 'an automation lock on apps denies a deploy check below it', lock: ['--type', 'automation'], check: 'deploy', allowed: false },
  { name: 'an incident lock allowing deploy allows a deploy check', lock: ['--type', 'incident', '--allow', 'deploy'], check: 'deploy', allowed: true },
  { name: 'a deploy lock on apps denies a deploy check of apps/bar', lock: ['--type', 'deploy'], check: 'deploy', allowed: false },
  { name: 'a freeze allowing automation allows automation', lock: ['--type', 'freeze', '--allow', 'automation'], check: 'automation', allowed: true },
  { name: 'a freeze allowing automation denies a deploy', lock: ['--type', 'freeze', '--allow', 'automation'], check: 'deploy', allowed: false },
];

describe.each(persistentStores)('seed scenarios on the $name store', (store) => {
  it.each(scenarios)('$name', async ({ lock, check, allowed }) => {
    const flags = await store.create();
    const locked = await cli(['lock', 'apps', ...lock, '--duration', '1h', ...flags]);
    expect(locked).toMatchObject({ code: 0, stderr: '' });
    expect(locked.stdout).toMatch(/^Locked apps for an? [a-z ]+ until \w{3} \d{1,2} \w{3}, \d{2}:\d{2}\n$/);
    const checked = await cli(['check', 'apps/foo/bar', '--type', check, ...flags]);
    expect(checked.code).toBe(allowed ? 0 : 1);
    if (!allowed) expect(checked.stdout).toMatch(/^apps is locked until \w{3} \d{1,2} \w{3}, \d{2}:\d{2} by an? [a-z ]+ in apps\n$/);
  });
});

describe('seed scenarios on the memory store (--fake)', () => {
  it.each(scenarios)('$name', async ({ lock, check, allowed }) => {
    const type = lock[1];
    const allow = lock[2] === '--allow' ? [lock[3]] : [];
    const fake = `apps:${JSON.stringify({ type, allow, source: 'testing/staging', expires_at: 1_798_718_400 })}`;
    const checked = await cli(['check', 'apps/foo', '--type', check, '--fake', fake, '--now', '2026-12-31T10:00Z']);
    expect(checked.code).toBe(allowed ? 0 : 1);
    if (!allowed) expect(checked.stdout).toContain('apps is locked until Thu 31 Dec, 12:00 by');
    if (!allowed) expect(checked.stdout).toContain('in testing/staging');
  });

  it('prints the example sentence of the seed exactly', async () => {
    const fake = 'apps/acceptance:{"type":"automation","source":"testing/staging","expires_at":1672488000,"links":{"job":"https://ci.example.com/j/1"}}';
    const checked = await cli(['check', 'apps/acceptance/a', '--type', 'deploy', '--fake', fake, '--now', '1672400000']);
    expect(checked).toEqual({
      code: 1,
      stdout: 'apps/acceptance is locked until Sat 31 Dec, 12:00 by an automation run in testing/staging\n  job: https://ci.example.com/j/1\n',
      stderr: '',
    });
  });
});
