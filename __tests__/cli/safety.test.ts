import { describe, expect, it } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import { persistentStores } from './stores.js';
import { parseStoreOptions } from '../../src/store/index.js';

const fileStore = persistentStores[0]!;
const listJson = async (flags: string[]) => (await cli(['list', '--json', ...flags])).stdout;

// What a tired operator can get wrong, and how the CLI refuses it without writing anything.
describe('guards found in review', () => {
  it('--now cannot make lock take over, or unlock release, a lock still in force on a shared store', async () => {
    const flags = await fileStore.create();
    expect((await cli(['lock', 'apps', '--type', 'incident', '--duration', '2h', '--owner', 'alice', ...flags])).code).toBe(0);
    const before = await listJson(flags);
    const later = new Date(Date.now() + 3 * 3600_000).toISOString();
    const takeover = await cli(['lock', 'apps', '--type', 'deploy', '--duration', '1h', '--owner', 'bob', '--now', later, ...flags]);
    expect(takeover).toMatchObject({ code: 2, stdout: '' });
    expect(takeover.stderr).toMatch(/^deploy-lock: --now cannot be used with lock on the file store/);
    const release = await cli(['unlock', 'apps', '--type', 'incident', '--owner', 'bob', '--now', later, ...flags]);
    expect(release.code).toBe(2);
    expect(await listJson(flags)).toBe(before);
    // Read-only commands still take it: what will block a deploy in three hours?
    expect((await cli(['check', 'apps/x', '--type', 'deploy', '--now', later, ...flags])).code).toBe(0);
  });

  it('--now still works with lock on the memory store, with a note that it is not kept', async () => {
    const result = await cli(['lock', 'apps', '--type', 'deploy', '--duration', '1h', '--now', '2030-01-01T00:00Z', '--storage', 'memory']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Locked apps for a deploy until Tue 1 Jan, 01:00\n');
    expect(result.stderr).toBe('Note: the memory store lasts only as long as this command; use --storage file or dynamodb to keep locks.\n');
  });

  it('--wait may not outlast --until', async () => {
    const until = new Date(Date.now() + 60_000).toISOString();
    const result = await cli(['lock', 'apps', '--type', 'deploy', '--until', until, '--wait', '5m', '--storage', 'memory']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('deploy-lock: --wait 5m would outlast --until: the lock could be taken after it has already expired.\n');
  });

  it('pipeline-wide DEPLOY_LOCK_* variables do not break commands they do not apply to', async () => {
    const flags = await fileStore.create();
    const env = { DEPLOY_LOCK_WAIT: '1m', DEPLOY_LOCK_RECURSIVE: 'false', DEPLOY_LOCK_FORCE: 'true', DEPLOY_LOCK_DURATION: '1h' };
    expect((await cli(['lock', 'apps', '--type', 'deploy', '--owner', 'a', ...flags], env)).code).toBe(0);
    expect((await cli(['list', ...flags], env)).code).toBe(0);
    // DEPLOY_LOCK_FORCE applies to unlock: b may release a's lock only because the pipeline said so.
    expect((await cli(['unlock', 'apps', '--type', 'deploy', '--owner', 'b', ...flags], env)).stdout).toContain('with --force by b');
    // The same options as flags are still checked against the command.
    expect((await cli(['unlock', 'apps', '--type', 'deploy', '--wait', '1m', ...flags])).code).toBe(2);
  });

  it('an empty DEPLOY_LOCK_* variable counts as unset', async () => {
    const flags = await fileStore.create();
    const result = await cli(['lock', 'apps', '--type', 'deploy', '--duration', '1h', ...flags], { DEPLOY_LOCK_TABLE: '', DEPLOY_LOCK_STORAGE: ' ', DEPLOY_LOCK_MESSAGE: '' });
    expect(result.code).toBe(0);
    expect(JSON.parse(await listJson(flags))).toHaveLength(1);
  });

  it.each(['list', 'prune'])('an empty path given to %s is an error, never "everything"', async (command) => {
    const flags = await fileStore.create();
    await cli(['lock', 'apps', '--type', 'deploy', '--duration', '1h', ...flags]);
    const before = await listJson(flags);
    const result = await cli([command, '', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^deploy-lock: Invalid <path> '': expected slash-separated segments/);
    expect(await listJson(flags)).toBe(before);
  });

  it.each([
    ['--duration', '9999999999d', "Invalid --duration '9999999999d': longer than ten years"],
    ['--duration', '99999999999999999999', "Invalid --duration '99999999999999999999': longer than ten years"],
    ['--until', '4000-01-01T00:00Z', "Invalid --until '4000-01-01T00:00Z': more than ten years away."],
  ])('%s %s is refused as a permanent lock', async (flag, value, message) => {
    const result = await cli(['lock', 'apps', '--type', 'deploy', flag, value, '--storage', 'memory']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('--region alone means DynamoDB, not a local file nobody else sees', () => {
    expect(parseStoreOptions({ region: 'eu-west-1' }, { env: {}, now: 0 }).storage).toBe('dynamodb');
    expect(parseStoreOptions({}, { env: {}, now: 0 }).storage).toBe('file');
  });

  it.each(['check', 'unlock', 'list', 'prune'])('a bad path is refused by %s too', async (command) => {
    const result = await cli([command, 'apps/../x', '--type', 'deploy', '--storage', 'memory']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("deploy-lock: Invalid <path> 'apps/../x': '.' and '..' segments are not allowed.\n");
  });

  it('--wait 0 means do not wait', async () => {
    const result = await cli(['check', 'apps', '--type', 'deploy', '--wait', '0', '--fake', 'apps:{}']);
    expect(result).toMatchObject({ code: 1, stderr: '' });
  });

  it('--fake refuses unknown fields and keeps ci data', async () => {
    const typo = await cli(['check', 'apps', '--type', 'deploy', '--fake', 'apps:{"allows":["deploy"]}']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown field "allows"');
    const withCi = await cli(['list', '--json', '--fake', 'apps:{"ci":{"project":"g/p","job":"7"}}']);
    expect(JSON.parse(withCi.stdout)[0].ci).toEqual({ project: 'g/p', ref: '', commit: '', pipeline: '', job: '7' });
  });

  it('outside CI the owner is the login, so --author does not change who may unlock', async () => {
    const flags = await fileStore.create();
    expect((await cli(['lock', 'apps', '--type', 'deploy', '--duration', '1h', '--author', 'Alice (IC)', ...flags])).code).toBe(0);
    const released = await cli(['unlock', 'apps', '--type', 'deploy', ...flags]);
    expect(released).toMatchObject({ code: 0, stdout: 'Unlocked apps (a deploy held by tester@test-host)\n' });
  });
});
