import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cli } from '../helpers/cli.js';
import { persistentStores } from './stores.js';
import { VERSION } from '../../src/version.js';
import { OPTIONS } from '../../src/cli/options.js';

const jobA = { GITLAB_CI: 'true', CI_PROJECT_PATH: 'group/shop', CI_PIPELINE_ID: '100', CI_JOB_ID: '1', GITLAB_USER_EMAIL: 'a@example.com', CI_COMMIT_REF_SLUG: 'main', CI_COMMIT_SHA: 'abc', CI_JOB_URL: 'https://gitlab.example.com/group/shop/-/jobs/1' };
const jobB = { ...jobA, CI_PIPELINE_ID: '200', CI_JOB_ID: '2', GITLAB_USER_EMAIL: 'b@example.com' };

describe.each(persistentStores)('commands on the $name store', (store) => {
  it('lock → check → unlock, with owners from CI', async () => {
    const flags = await store.create();
    const locked = await cli(['lock', 'Apps/Staging/', '--type', 'deploy', '--duration', '30m', '--message', 'release 7', '--json', ...flags], jobA);
    expect(locked.code).toBe(0);
    const { lock } = JSON.parse(locked.stdout);
    expect(lock).toMatchObject({
      path: 'apps/staging',
      type: 'deploy',
      owner: 'gitlab:group/shop/pipelines/100',
      author: 'a@example.com',
      source: 'apps/staging/group/shop/main',
      message: 'release 7',
      ci: { project: 'group/shop', ref: 'main', commit: 'abc', pipeline: '100', job: '1' },
      links: { job: jobA.CI_JOB_URL },
    });
    expect(lock.expires_at - lock.created_at).toBe(1800);

    const denied = await cli(['lock', 'apps/staging', '--type', 'deploy', '--duration', '5m', ...flags], jobB);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toContain('Could not lock apps/staging for a deploy:\napps/staging is locked until');
    expect(denied.stdout).toContain(`  job: ${jobA.CI_JOB_URL}`);

    const otherOwner = await cli(['unlock', 'apps/staging', '--type', 'deploy', ...flags], jobB);
    expect(otherOwner.code).toBe(1);
    expect(otherOwner.stdout).toContain("held by gitlab:group/shop/pipelines/100; use --force to release somebody else's lock");
    const wrongType = await cli(['unlock', 'apps/staging', '--type', 'freeze', ...flags], jobA);
    expect(wrongType).toMatchObject({ code: 1, stdout: 'Cannot unlock apps/staging: it holds a deploy, not a release freeze (--type must match).\n' });

    const retried = await cli(['lock', 'apps/staging', '--type', 'deploy', '--duration', '30m', ...flags], { ...jobA, CI_JOB_ID: '3' });
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('(renewed: this run already held it)');

    const released = await cli(['unlock', 'APPS/staging', '--type', 'deploy', ...flags], jobA);
    expect(released).toMatchObject({ code: 0, stdout: 'Unlocked apps/staging (a deploy held by gitlab:group/shop/pipelines/100)\n' });
    const again = await cli(['unlock', 'apps/staging', '--type', 'deploy', ...flags], jobA);
    expect(again).toMatchObject({ code: 0, stdout: 'apps/staging has no active lock; nothing to unlock.\n' });
    expect((await cli(['check', 'apps/staging', '--type', 'deploy', ...flags])).code).toBe(0);
  });

  it('--force releases somebody else’s lock and says so', async () => {
    const flags = await store.create();
    await cli(['lock', 'apps', '--type', 'freeze', '--duration', '1h', ...flags], jobA);
    const forced = await cli(['unlock', 'apps', '--type', 'freeze', '--force', ...flags], jobB);
    expect(forced).toMatchObject({ code: 0, stdout: 'Unlocked apps (a release freeze held by gitlab:group/shop/pipelines/100) with --force by gitlab:group/shop/pipelines/200\n' });
  });

  it('an ancestor lock is denied for a forbidden type and warns about locks below', async () => {
    const flags = await store.create();
    await cli(['lock', 'apps/staging/a', '--type', 'deploy', '--duration', '1h', ...flags], jobA);
    const freeze = await cli(['lock', 'apps', '--type', 'freeze', '--allow', 'automation', '--duration', '1h', ...flags], jobB);
    expect(freeze.code).toBe(0);
    expect(freeze.stdout).toContain('Warning: 1 active lock(s) below apps stay in force:\n  apps/staging/a is locked until');
    const leaf = await cli(['lock', 'apps/prod', '--type', 'deploy', '--duration', '1h', ...flags], jobA);
    expect(leaf.code).toBe(1);
    expect(leaf.stdout).toContain('apps is locked until');
    expect((await cli(['lock', 'apps/prod', '--type', 'automation', '--duration', '1h', ...flags], jobA)).code).toBe(0);
  });

  it('lists at and below a path on segment boundaries, as a table or JSON', async () => {
    const flags = await store.create();
    for (const path of ['apps/staging', 'apps/staging/a', 'apps/stagingx', 'other']) {
      expect((await cli(['lock', path, '--type', 'maintenance', '--allow', 'maintenance', '--duration', '1h', ...flags])).code).toBe(0);
    }
    const json = await cli(['list', 'apps/staging', '--json', ...flags]);
    expect(JSON.parse(json.stdout).map((lock: { path: string }) => lock.path)).toEqual(['apps/staging', 'apps/staging/a']);
    const table = await cli(['list', ...flags]);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PATH\s+TYPE\s+EXPIRES \(UTC\)\s+AUTHOR\s+OWNER\s+SOURCE\s+ALLOW\s+MESSAGE$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['apps/staging', 'apps/staging/a', 'apps/stagingx', 'other']);
    expect((await cli(['list', 'nothing', ...flags])).stdout).toBe('No active locks at or below nothing.\n');
  });

  it('prunes what has expired by --now, at and below a path', async () => {
    const flags = await store.create();
    await cli(['lock', 'apps/a', '--type', 'deploy', '--duration', '10m', ...flags]);
    await cli(['lock', 'apps/b', '--type', 'deploy', '--duration', '2h', ...flags]);
    await cli(['lock', 'other', '--type', 'deploy', '--duration', '10m', ...flags]);
    const ahead = new Date(Date.now() + 3600_000).toISOString();
    expect((await cli(['prune', ...flags])).stdout).toBe('Nothing to prune.\n');
    const pruned = await cli(['prune', 'apps', '--now', ahead, ...flags]);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/^Pruned apps\/a \(a deploy until .+\)\n$/);
    const remaining = JSON.parse((await cli(['list', '--json', ...flags])).stdout);
    expect(remaining.map((lock: { path: string }) => lock.path)).toEqual(['apps/b', 'other']);
  });

  it('--wait gives up after the wait with the holder, and prints progress', async () => {
    const flags = await store.create();
    await cli(['lock', 'apps', '--type', 'deploy', '--duration', '1h', ...flags], jobA);
    const waited = await cli(['lock', 'apps', '--type', 'deploy', '--duration', '1h', '--wait', '2s', ...flags], jobB);
    expect(waited.code).toBe(1);
    expect(waited.stderr).toMatch(/^Waiting: apps is locked until .+ \(held by gitlab:group\/shop\/pipelines\/100\); giving up in \ds\.\n/);
  });
});

describe('options from the environment', () => {
  it('reads DEPLOY_LOCK_* variables, and flags win', async () => {
    const [, file] = await persistentStores[0]!.create();
    const env = { DEPLOY_LOCK_FILE: file, DEPLOY_LOCK_TYPE: 'freeze', DEPLOY_LOCK_DURATION: '1h', DEPLOY_LOCK_ALLOW: 'automation,deploy', DEPLOY_LOCK_LINK: 'a=https://a.example.com\nb=https://b.example.com', DEPLOY_LOCK_CI_PROJECT: 'p/q', DEPLOY_LOCK_PATH: 'apps' };
    const locked = await cli(['lock', '--json'], env);
    expect(locked.code).toBe(0);
    expect(JSON.parse(locked.stdout).lock).toMatchObject({ path: 'apps', type: 'freeze', allow: ['automation', 'deploy'], links: { a: 'https://a.example.com', b: 'https://b.example.com' }, ci: { project: 'p/q' }, owner: 'tester@test-host' });
    const flagWins = await cli(['lock', 'apps/x', '--type', 'automation', '--json'], env);
    expect(JSON.parse(flagWins.stdout).lock).toMatchObject({ path: 'apps/x', type: 'automation' });
  });
});

describe('storage failures exit 3 with one line', () => {
  it('a missing DynamoDB table', async () => {
    const result = await cli(['check', 'apps', '--type', 'deploy', '--endpoint', process.env.DEPLOY_LOCK_TEST_ENDPOINT!, '--table', 'no-such-table']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^deploy-lock: storage error: DynamoDB table 'no-such-table' not found .*deploy-lock setup --table no-such-table.*\n$/);
  });

  it('an unreachable endpoint', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const result = await cli(['check', 'apps', '--type', 'deploy', '--endpoint', `http://127.0.0.1:${port}`]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(new RegExp(`^deploy-lock: storage error: cannot reach DynamoDB at http://127.0.0.1:${port}.*\\n$`));
  });

  it('a corrupt lock file is reported with its path and left alone', async () => {
    const [, file] = await persistentStores[0]!.create();
    await cli(['lock', 'apps', '--type', 'deploy', '--duration', '1h', '--file', file!]);
    writeFileSync(file!, '{"version":1,"locks":');
    const result = await cli(['lock', 'apps/x', '--type', 'automation', '--duration', '1h', '--file', file!]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(file!);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(readFileSync(file!, 'utf8')).toBe('{"version":1,"locks":');
  });
});

describe('help and version', () => {
  it('--help documents every option and exits 0', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const option of Object.keys(OPTIONS)) expect(help.stdout).toContain(`--${option}`);
    for (const command of ['check', 'lock', 'unlock', 'list', 'prune', 'setup']) expect(help.stdout).toContain(`deploy-lock ${command}`);
  });

  it('no command prints help on stderr and exits 2', async () => {
    const result = await cli([]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('deploy-lock check <path>');
  });

  it.each([['-h'], ['help'], ['help', 'lock']])('%s prints help and exits 0', async (...args) => {
    const result = await cli(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('deploy-lock lock <path>');
  });

  it('check --json carries the sentence a person would read', async () => {
    const result = await cli(['check', 'apps/x', '--type', 'deploy', '--json', '--fake', 'apps:{"type":"freeze","source":"ops"}']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ allowed: false, path: 'apps/x', type: 'deploy', message: expect.stringMatching(/^apps is locked until .* by a release freeze in ops$/) });
  });

  it('--version matches package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
    expect((await cli(['--version'])).stdout).toBe(`${pkg.version}\n`);
  });
});
