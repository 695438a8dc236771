import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as fakeCore from './fixtures/core.js';

jest.unstable_mockModule('@actions/core', () => fakeCore);
const { parseInputs, readInputs, inputNamer } = await import('../../src/action/inputs.js');
const { INPUT_DEFAULTS, Inputs } = await import('../../src/action/constants.js');
const { UsageError } = await import('../../src/core/errors.js');

const NOW = 1_900_000_000;
const githubEnv = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'deploy',
  GITHUB_SHA: 'abc123',
  GITHUB_REF_NAME: 'main',
  GITHUB_ACTOR: 'octocat',
  GITHUB_SERVER_URL: 'https://github.com',
};
const context = { env: githubEnv, now: NOW, hostname: 'runner-1' };

function given(values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) fakeCore.inputs.set(name, value);
  return parseInputs(readInputs(), context);
}

function usageErrorOf(values: Record<string, string>): InstanceType<typeof UsageError> {
  try {
    given(values);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

beforeEach(() => fakeCore.resetCore());

describe('readInputs', () => {
  it('fills action.yml defaults for empty inputs and reads each input by its kebab-case name', () => {
    fakeCore.inputs.set('path', 'apps/x');
    fakeCore.inputs.set('fail-on-locked', 'false');
    const read = readInputs();
    for (const [name, value] of Object.entries(INPUT_DEFAULTS)) {
      if (name !== 'fail-on-locked') expect(read[name as keyof typeof read]).toBe(value);
    }
    expect(read['fail-on-locked']).toBe('false');
    expect(read.path).toBe('apps/x');
    expect(read.duration).toBe('');
    const asked = new Set(fakeCore.getInput.mock.calls.map(([name]) => name));
    expect(asked).toEqual(new Set(Object.values(Inputs)));
  });
});

describe('parseInputs: inputs to the typed request', () => {
  it('builds the lock request the CLI would, owned by the workflow run', () => {
    const settings = given({ path: ' Apps/Staging/Auth-App/ ', duration: '30m', message: 'release 1.2' });
    expect(settings.command).toBe('lock');
    expect(settings.release).toBe(true);
    expect(settings.failOnLocked).toBe(true);
    expect(settings.request.lock).toMatchObject({
      path: 'apps/staging/auth-app',
      type: 'deploy',
      duration: 1800,
      allow: [],
      author: 'octocat',
      owner: 'github:acme/shop/runs/4242',
      message: 'release 1.2',
      ci: { project: 'acme/shop', ref: 'main', commit: 'abc123', pipeline: '4242', job: 'deploy' },
      links: { run: 'https://github.com/acme/shop/actions/runs/4242' },
    });
    expect(settings.store).toMatchObject({ storage: 'dynamodb', table: 'locks' });
  });

  it('keeps the same owner on a re-run attempt of the same run, and a different one for another run', () => {
    const first = parseInputs({ ...readInputsWith({ path: 'apps/x', duration: '1h' }) }, context);
    const rerun = parseInputs(readInputsWith({ path: 'apps/x', duration: '1h' }), {
      ...context,
      env: { ...githubEnv, GITHUB_RUN_ATTEMPT: '2' },
    });
    const otherRun = parseInputs(readInputsWith({ path: 'apps/x', duration: '1h' }), {
      ...context,
      env: { ...githubEnv, GITHUB_RUN_ID: '4243' },
    });
    expect(rerun.request.lock?.owner).toBe(first.request.lock?.owner);
    expect(otherRun.request.lock?.owner).not.toBe(first.request.lock?.owner);
  });

  it('takes links one name=url per line and allow types by line or comma', () => {
    const settings = given({
      path: 'apps',
      type: 'freeze',
      until: '2031-01-01T00:00Z',
      links: 'ticket=https://tracker.example.com/T-1\n\n  docs=https://docs.example.com/freeze  \n',
      allow: 'automation, incident\nmaintenance',
    });
    expect(settings.request.lock?.until).toBe(Date.parse('2031-01-01T00:00Z') / 1000);
    expect(settings.request.lock?.links).toEqual({
      run: 'https://github.com/acme/shop/actions/runs/4242',
      ticket: 'https://tracker.example.com/T-1',
      docs: 'https://docs.example.com/freeze',
    });
    expect(settings.request.lock?.allow).toEqual(['automation', 'incident', 'maintenance']);
  });

  it('builds a check with recursive, wait and the store settings', () => {
    const settings = given({
      command: 'check',
      path: 'apps/staging',
      recursive: 'false',
      wait: '2m',
      'fail-on-locked': 'false',
      storage: 'dynamodb',
      table: 'team-locks',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:8000',
    });
    expect(settings.request.check).toEqual({ path: 'apps/staging', type: 'deploy', recursive: false });
    expect(settings.request.waitSeconds).toBe(120);
    expect(settings.failOnLocked).toBe(false);
    expect(settings.store).toMatchObject({
      storage: 'dynamodb',
      table: 'team-locks',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:8000',
    });
  });

  it('runs unlock as the workflow run, never forced', () => {
    const settings = given({ command: 'unlock', path: 'apps/x', release: 'false' });
    expect(settings.request.unlock).toEqual({
      path: 'apps/x',
      type: 'deploy',
      owner: 'github:acme/shop/runs/4242',
      force: false,
    });
    expect(settings.release).toBe(false);
  });

  it('accepts list and prune with the path as the prefix', () => {
    expect(given({ command: 'list', path: 'Apps' }).request).toMatchObject({ command: 'list', path: 'apps' });
    fakeCore.resetCore();
    expect(given({ command: 'PRUNE', path: 'apps' }).request).toMatchObject({ command: 'prune', path: 'apps' });
  });
});

describe('parseInputs: bad input names the input and what it accepts', () => {
  const cases: Array<[string, Record<string, string>, string, RegExp]> = [
    ['unknown command', { command: 'grab', path: 'apps' }, 'command', /expected one of lock, check, unlock, list, prune/],
    ['setup is CLI-only', { command: 'setup', path: 'apps' }, 'command', /expected one of/],
    ['missing path', { duration: '1h' }, 'path', /Missing input 'path'/],
    ['bad path', { path: 'apps/../etc', duration: '1h' }, 'path', /'\.' and '\.\.' segments/],
    ['unknown type', { path: 'apps', type: 'party', duration: '1h' }, 'type', /expected one of automation, deploy/],
    ['bad duration', { path: 'apps', duration: 'soon' }, 'duration', /expected an interval like 30m/],
    ['neither duration nor until', { path: 'apps' }, 'duration', /needs input 'duration'.*or input 'until'/],
    ['both duration and until', { path: 'apps', duration: '1h', until: '2030-01-01T00:00Z' }, 'duration', /either input 'duration' or input 'until'/],
    ['until in the past', { path: 'apps', until: '2001-01-01T00:00Z' }, 'until', /in the past/],
    ['bad link', { path: 'apps', duration: '1h', links: 'ticket' }, 'links', /expected name=url/],
    ['bad allow', { path: 'apps', duration: '1h', allow: 'deploy,party' }, 'allow', /expected one of/],
    ['bad wait', { path: 'apps', duration: '1h', wait: 'forever' }, 'wait', /Invalid input 'wait'/],
    ['non-boolean release', { path: 'apps', duration: '1h', release: 'yes' }, 'release', /expected true or false/],
    ['non-boolean fail-on-locked', { command: 'check', path: 'apps', 'fail-on-locked': 'no' }, 'fail-on-locked', /expected true or false/],
    ['non-boolean recursive', { command: 'check', path: 'apps', recursive: '1' }, 'recursive', /expected true or false/],
    ['unknown storage', { path: 'apps', duration: '1h', storage: 'redis' }, 'storage', /expected one of memory, file, dynamodb/],
    ['bad table', { path: 'apps', duration: '1h', table: 'a b' }, 'table', /expected a DynamoDB table name/],
    ['bad endpoint', { path: 'apps', duration: '1h', endpoint: 'localhost:8000' }, 'endpoint', /expected an http\(s\) URL/],
  ];
  it.each(cases)('%s', (_name, values, input, accepted) => {
    const error = usageErrorOf(values);
    expect(error.field).toBe(`input '${input}'`);
    expect(error.message).toContain(`input '${input}'`);
    expect(error.message).toMatch(accepted);
    expect(error.message).not.toContain('--');
  });

  it('names inputs that differ from the CLI option (links for --link)', () => {
    expect(inputNamer('link')).toBe("input 'links'");
    expect(inputNamer('fail-on-locked')).toBe("input 'fail-on-locked'");
  });
});

function readInputsWith(values: Record<string, string>) {
  fakeCore.resetCore();
  for (const [name, value] of Object.entries(values)) fakeCore.inputs.set(name, value);
  return readInputs();
}
