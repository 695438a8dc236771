import { describe, expect, it } from '@jest/globals';
import { cli } from '../helpers/cli.js';
import { persistentStores } from './stores.js';

/** Every bad input: exit 2, one line naming the flag and what it accepts, and the store untouched. */
const badInputs: { name: string; args: string[]; message: RegExp }[] = [
  { name: 'unknown command', args: ['grab', 'apps/x'], message: /^Unknown command 'grab': expected one of check, lock, unlock, list, prune, setup\.$/ },
  { name: 'unknown type', args: ['lock', 'apps/x', '--type', 'party', '--duration', '1h'], message: /^Invalid --type 'party': expected one of automation, deploy, freeze, incident, maintenance\.$/ },
  { name: 'missing type', args: ['lock', 'apps/x', '--duration', '1h'], message: /^Missing --type: expected one of automation, deploy/ },
  { name: 'unknown type in --allow', args: ['lock', 'apps/x', '--type', 'freeze', '--allow', 'deploys', '--duration', '1h'], message: /^Invalid --allow 'deploys': expected one of automation/ },
  { name: 'unknown flag', args: ['lock', 'apps/x', '--type', 'deploy', '--duraton', '1h'], message: /^Unknown option '--duraton': run deploy-lock --help for the options\.$/ },
  { name: 'bad path', args: ['lock', 'apps/../prod', '--type', 'deploy', '--duration', '1h'], message: /^Invalid <path> 'apps\/\.\.\/prod': '\.' and '\.\.' segments are not allowed\.$/ },
  { name: 'bad path characters', args: ['lock', 'apps/$(id)', '--type', 'deploy', '--duration', '1h'], message: /^Invalid <path> 'apps\/\$\(id\)': segment '\$\(id\)' may only hold/ },
  { name: 'missing path', args: ['lock', '--type', 'deploy', '--duration', '1h'], message: /^Missing <path>: lock needs a lock path/ },
  { name: 'bad duration', args: ['lock', 'apps/x', '--type', 'deploy', '--duration', 'soon'], message: /^Invalid --duration 'soon': not an interval; expected an interval like 30m/ },
  { name: 'date as duration', args: ['lock', 'apps/x', '--type', 'deploy', '--duration', '2030-01-01T00:00'], message: /^Invalid --duration '2030-01-01T00:00': that is a date; use --until/ },
  { name: 'bad until', args: ['lock', 'apps/x', '--type', 'deploy', '--until', 'tomorrow'], message: /^Invalid --until 'tomorrow': not a date-time; expected epoch seconds or an ISO-8601 date-time/ },
  { name: 'interval as until', args: ['lock', 'apps/x', '--type', 'deploy', '--until', '30m'], message: /^Invalid --until '30m': that is an interval, not an absolute time/ },
  { name: 'until in the past', args: ['lock', 'apps/x', '--type', 'deploy', '--until', '2020-01-01T00:00Z'], message: /^Invalid --until '2020-01-01T00:00Z': 2020-01-01T00:00:00Z is in the past\.$/ },
  { name: 'both duration and until', args: ['lock', 'apps/x', '--type', 'deploy', '--duration', '1h', '--until', '2099-01-01T00:00Z'], message: /^Give either --duration or --until, not both\.$/ },
  { name: 'neither duration nor until', args: ['lock', 'apps/x', '--type', 'deploy'], message: /^A lock needs --duration \(.+\) or --until \(.+\)\.$/ },
  { name: 'malformed --link', args: ['lock', 'apps/x', '--type', 'deploy', '--duration', '1h', '--link', 'job'], message: /^Invalid --link 'job': expected name=url with an http\(s\) url/ },
  { name: 'non-http --link', args: ['lock', 'apps/x', '--type', 'deploy', '--duration', '1h', '--link', 'x=javascript:alert(1)'], message: /^Invalid --link 'x=javascript:alert\(1\)'/ },
  { name: 'bad boolean', args: ['check', 'apps/x', '--type', 'deploy', '--recursive=maybe'], message: /^Invalid --recursive 'maybe': expected true or false\.$/ },
  { name: 'bad --wait', args: ['lock', 'apps/x', '--type', 'deploy', '--duration', '1h', '--wait', 'forever'], message: /^Invalid --wait 'forever'/ },
  { name: 'bad --now', args: ['lock', 'apps/x', '--type', 'deploy', '--duration', '1h', '--now', 'later'], message: /^Invalid --now 'later': not a date-time/ },
  { name: 'extra argument', args: ['lock', 'apps/x', 'false', '--type', 'deploy', '--duration', '1h'], message: /^Unexpected argument 'false'/ },
  { name: 'missing option value', args: ['lock', 'apps/x', '--type'], message: /^Option '--type' needs a value/ },
];

const storeFlagInputs: { name: string; args: string[]; message: RegExp }[] = [
  { name: 'malformed --fake (no colon)', args: ['check', 'apps/x', '--type', 'deploy', '--fake', 'apps'], message: /^Invalid --fake 'apps': expected path:\{json\}/ },
  { name: 'malformed --fake (bad JSON)', args: ['check', 'apps/x', '--type', 'deploy', '--fake', 'apps:{type:'], message: /^Invalid --fake 'apps:\{type:': the part after ':' is not JSON/ },
  { name: 'malformed --fake (bad type)', args: ['check', 'apps/x', '--type', 'deploy', '--fake', 'apps:{"type":"nap"}'], message: /^Invalid --fake type 'nap': expected one of/ },
  { name: 'unknown --storage', args: ['lock', 'apps/x', '--type', 'deploy', '--duration', '1h', '--storage', 'redis'], message: /^Invalid --storage 'redis': expected one of memory, file, dynamodb\.$/ },
  { name: 'empty --table', args: ['lock', 'apps/x', '--type', 'deploy', '--duration', '1h', '--storage', 'dynamodb', '--table', ''], message: /^Invalid --table: empty; expected a DynamoDB table name like locks\.$/ },
  { name: 'bad --endpoint', args: ['lock', 'apps/x', '--type', 'deploy', '--duration', '1h', '--endpoint', 'localhost:8000'], message: /^Invalid --endpoint 'localhost:8000': expected an http\(s\) URL/ },
];

describe.each(persistentStores)('bad input on the $name store', (store) => {
  it.each(badInputs)('$name: exit 2, one line, nothing written', async ({ args, message }) => {
    const flags = await store.create();
    expect((await cli(['lock', 'apps/existing', '--type', 'freeze', '--duration', '1h', ...flags])).code).toBe(0);
    const before = await cli(['list', '--json', ...flags]);

    const result = await cli([...args, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const [line, ...rest] = result.stderr.trimEnd().split('\n');
    expect(rest).toEqual([]);
    expect(line?.replace(/^deploy-lock: /, '')).toMatch(message);

    const after = await cli(['list', '--json', ...flags]);
    expect(after.stdout).toBe(before.stdout);
    expect(JSON.parse(after.stdout)).toHaveLength(1);
  });
});

describe('bad storage flags', () => {
  it.each(storeFlagInputs)('$name: exit 2 with one line naming the flag, nothing written', async ({ args, message }) => {
    const flags = await persistentStores[0]!.create();
    expect((await cli(['lock', 'apps/existing', '--type', 'freeze', '--duration', '1h', ...flags])).code).toBe(0);
    const before = (await cli(['list', '--json', ...flags])).stdout;
    const result = await cli([...args, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr.replace(/^deploy-lock: /, '').trimEnd()).toMatch(message);
    expect((await cli(['list', '--json', ...flags])).stdout).toBe(before);
  });

  it('an empty --table writes nothing to the file store either', async () => {
    const [, file] = await persistentStores[0]!.create();
    const result = await cli(['lock', 'apps/x', '--type', 'deploy', '--duration', '1h', '--table', '', '--file', file!]);
    expect(result.code).toBe(2);
    expect((await cli(['list', '--json', '--file', file!])).stdout.trim()).toBe('[]');
  });

  it('--fake cannot seed a persistent store', async () => {
    const result = await cli(['check', 'apps', '--type', 'deploy', '--fake', 'apps:{}', '--storage', 'file']);
    expect(result).toMatchObject({ code: 2, stderr: 'deploy-lock: --fake only seeds the memory store; it cannot be used with --storage file.\n' });
  });
});
