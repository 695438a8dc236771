import { UsageError } from '../core/errors.js';
import { COMMANDS, isCommand, type Command, type RawOptions } from '../core/request.js';
import type { RawStoreOptions } from '../store/index.js';
import { parseArgs } from 'node:util';

type OptionKind = 'text' | 'list' | 'boolean' | 'flag';
interface OptionSpec {
  kind: OptionKind;
  value?: string;
  short?: string;
  help: string;
}

/** Every CLI option, once: parsing, DEPLOY_LOCK_* variables and --help all come from this table. */
export const OPTIONS = {
  type: { kind: 'text', value: 'TYPE', help: 'lock type: automation, deploy, freeze, incident or maintenance' },
  duration: { kind: 'text', value: 'D', help: 'lock for an interval: 30m, 1h30m, 2d, PT30M or seconds' },
  until: { kind: 'text', value: 'U', help: 'lock until epoch seconds or an ISO date-time (2026-12-31T12:00, local unless Z/offset)' },
  wait: { kind: 'text', value: 'D', help: 'lock/check: keep trying for up to D (same forms as --duration)' },
  now: { kind: 'text', value: 'T', help: 'pretend the time is T (epoch seconds or ISO date-time); prune ahead' },
  recursive: { kind: 'boolean', help: 'check the ancestors too (default true for check); --recursive=false checks the leaf only' },
  force: { kind: 'boolean', help: "unlock: release somebody else's lock (recorded in the output)" },
  json: { kind: 'boolean', help: 'print JSON instead of text' },
  allow: { kind: 'list', value: 'TYPES', help: 'lock: check types still allowed while locked (repeat or comma-separate)' },
  author: { kind: 'text', value: 'NAME', help: 'who is locking (default: CI user, else $USER)' },
  owner: { kind: 'text', value: 'ID', help: 'who may unlock (default: the CI run/pipeline, else author@hostname)' },
  source: { kind: 'text', value: 'SRC', help: 'where the lock comes from (default: inferred per segment)' },
  link: { kind: 'list', value: 'NAME=URL', help: 'lock: a link to keep with the lock (repeatable)' },
  message: { kind: 'text', value: 'TEXT', help: 'lock: why' },
  'ci-project': { kind: 'text', value: 'P', help: 'CI project (default from the CI environment)' },
  'ci-ref': { kind: 'text', value: 'R', help: 'CI branch or tag' },
  'ci-commit': { kind: 'text', value: 'SHA', help: 'CI commit' },
  'ci-pipeline': { kind: 'text', value: 'ID', help: 'CI pipeline or run id' },
  'ci-job': { kind: 'text', value: 'ID', help: 'CI job id' },
  storage: { kind: 'text', value: 'KIND', help: 'memory, file or dynamodb (default: dynamodb when --table/--endpoint is set, else file)' },
  table: { kind: 'text', value: 'NAME', help: 'DynamoDB table (default locks)' },
  region: { kind: 'text', value: 'REGION', help: 'DynamoDB region (default from the AWS environment)' },
  endpoint: { kind: 'text', value: 'URL', help: 'DynamoDB endpoint, e.g. http://localhost:8000' },
  file: { kind: 'text', value: 'PATH', help: 'file store location (default $XDG_STATE_HOME/deploy-lock/locks.json)' },
  fake: { kind: 'list', value: 'PATH:JSON', help: 'memory store: seed a lock, e.g. apps:{"type":"freeze"} (repeatable)' },
  help: { kind: 'flag', short: 'h', help: 'show this help (also -h, deploy-lock help)' },
  version: { kind: 'flag', help: 'show the version' },
} satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTIONS;

/**
 * Options that only mean something to some commands. A DEPLOY_LOCK_* variable set for a whole pipeline (say
 * DEPLOY_LOCK_WAIT) must not break the commands it does not apply to, such as the release job's unlock; the same
 * option given as a flag is still checked by the command.
 */
const ENV_APPLIES_TO: Partial<Record<OptionName, readonly Command[]>> = {
  wait: ['lock', 'check'],
  recursive: ['check'],
  force: ['unlock'],
  duration: ['lock'],
  until: ['lock'],
};
const BOOLEAN_NAMES = Object.entries(OPTIONS)
  .filter(([, spec]) => spec.kind === 'boolean')
  .map(([name]) => name);

export function envName(option: string): string {
  return `DEPLOY_LOCK_${option.toUpperCase().replace(/-/g, '_')}`;
}

export interface CliArgs {
  command?: Command;
  help: boolean;
  version: boolean;
  json: boolean;
  options: RawOptions;
  store: RawStoreOptions;
}

/** `--json` and `--no-json` become `--json=true|false`, so booleans can also be given as `--recursive=false`. */
function normalizeBooleans(argv: string[]): string[] {
  return argv.map((token) => {
    for (const name of BOOLEAN_NAMES) {
      if (token === `--${name}`) return `--${name}=true`;
      if (token === `--no-${name}`) return `--${name}=false`;
    }
    return token;
  });
}

/** Splits an environment value into list entries: lines for links and fakes, commas too for allow. */
function splitEnvList(option: string, value: string): string[] {
  const separator = option === 'allow' ? /[\n,]/ : /\n/;
  return value.split(separator).map((entry) => entry.trim()).filter(Boolean);
}

export function parseCliArgs(argv: string[], env: Readonly<Record<string, string | undefined>>): CliArgs {
  const parseOptions = Object.fromEntries(
    Object.entries(OPTIONS).map(([name, spec]) => [
      name,
      spec.kind === 'flag'
        ? { type: 'boolean' as const, ...('short' in spec ? { short: spec.short } : {}) }
        : { type: 'string' as const, ...(spec.kind === 'list' ? { multiple: true } : {}) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: normalizeBooleans(argv), options: parseOptions, allowPositionals: true, strict: true });
  } catch (error) {
    throw cliParseError(error);
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const [commandText, pathText, ...extra] = parsed.positionals;
  // `deploy-lock help` is what people type first.
  const help = values.help === true || commandText === 'help';
  const version = values.version === true;

  let command: Command | undefined;
  if (commandText !== undefined && !help) {
    if (!isCommand(commandText)) {
      throw new UsageError('command', `Unknown command '${commandText}': expected one of ${COMMANDS.join(', ')}.`);
    }
    command = commandText;
  }

  // Flags win; DEPLOY_LOCK_<NAME> fills in what was not given. An empty variable counts as unset.
  const fromEnv = (name: string): string | undefined => {
    const applies = ENV_APPLIES_TO[name as OptionName];
    if (applies && (command === undefined || !applies.includes(command))) return undefined;
    const value = env[envName(name)];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const pick = (name: string): string | undefined => {
    const flag = values[name];
    return typeof flag === 'string' ? flag : fromEnv(name);
  };
  const pickList = (name: string): string[] | undefined => {
    const flag = values[name];
    if (Array.isArray(flag)) return flag;
    const value = fromEnv(name);
    return value === undefined ? undefined : splitEnvList(name, value);
  };
  if (extra.length > 0) {
    throw new UsageError('path', `Unexpected argument '${extra[0]}': ${command ?? 'a command'} takes one path (booleans are written --recursive=false).`);
  }

  const options: RawOptions = {};
  const path = pathText ?? fromEnv('path');
  if (path !== undefined) options.path = path;
  for (const name of ['type', 'duration', 'until', 'wait', 'now', 'recursive', 'force', 'author', 'owner', 'source', 'message', 'ci-project', 'ci-ref', 'ci-commit', 'ci-pipeline', 'ci-job'] as const) {
    const value = pick(name);
    if (value !== undefined) options[name] = value;
  }
  for (const name of ['allow', 'link'] as const) {
    const value = pickList(name);
    if (value !== undefined) options[name] = value;
  }
  const store: RawStoreOptions = {
    storage: pick('storage'),
    table: pick('table'),
    region: pick('region'),
    endpoint: pick('endpoint'),
    file: pick('file'),
    fake: pickList('fake'),
  };
  const jsonText = pick('json');
  let json = false;
  if (jsonText !== undefined) {
    if (!['true', 'false', ''].includes(jsonText.trim().toLowerCase())) {
      throw new UsageError('--json', `Invalid --json '${jsonText}': expected true or false.`);
    }
    json = jsonText.trim().toLowerCase() === 'true';
  }
  return { ...(command ? { command } : {}), help, version, json, options, store };
}

function cliParseError(error: unknown): UsageError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^']*)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return new UsageError(option || 'option', `Unknown option '${option}': run deploy-lock --help for the options.`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new UsageError(option || 'option', `Option '${option}' needs a value: run deploy-lock --help.`);
  }
  return new UsageError('option', `${message.split('\n')[0]}: run deploy-lock --help.`);
}

export function helpText(): string {
  const rows = Object.entries(OPTIONS).map(([name, spec]) => {
    const value = 'value' in spec ? `=${spec.value}` : '';
    return `  --${name}${value}`.padEnd(24) + ` ${spec.help}`;
  });
  return [
    'deploy-lock: hierarchical deploy locks (a lock on apps/staging covers everything below it)',
    '',
    'Usage:',
    '  deploy-lock check <path> --type TYPE [--recursive=false] [--wait D]',
    '  deploy-lock lock <path> --type TYPE (--duration D | --until U) [--allow TYPES] [--message TEXT] [--link NAME=URL]',
    '  deploy-lock unlock <path> --type TYPE [--force]',
    '  deploy-lock list [path] [--json]',
    '  deploy-lock prune [path] [--now T]',
    '  deploy-lock setup [--table NAME] [--region R] [--endpoint URL]   create the DynamoDB table, enable TTL',
    '',
    'Options:',
    ...rows,
    '',
    'Every option can also be set as DEPLOY_LOCK_<NAME> (e.g. DEPLOY_LOCK_TABLE, DEPLOY_LOCK_CI_PROJECT); flags win.',
    'Lists in variables: DEPLOY_LOCK_ALLOW comma-separated, DEPLOY_LOCK_LINK and DEPLOY_LOCK_FAKE one per line.',
    '',
    'Exit codes: 0 done or allowed, 1 denied or locked by someone else, 2 bad input, 3 storage failure.',
  ].join('\n');
}
