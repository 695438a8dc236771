import * as core from '@actions/core';
import type { Env } from '../core/ci.js';
import { UsageError } from '../core/errors.js';
import { nonEmpty, parseBoolean, parseRequest, type FieldNamer, type ParsedRequest, type RawOptions } from '../core/request.js';
import { parseStoreOptions, type StoreOptions } from '../store/index.js';
import { ACTION_COMMANDS, INPUT_DEFAULTS, inputLabel, Inputs, type ActionCommand, type InputName } from './constants.js';

/** Every input as the step received it, with action.yml's default filled in where the input is empty. */
export type ActionInputs = Record<InputName, string>;

/** Everything the main step needs, parsed and validated once before any store is touched. */
export interface ActionSettings {
  command: ActionCommand;
  request: ParsedRequest;
  store: StoreOptions;
  /** Release the lock in the post step. */
  release: boolean;
  /** Fail the step when a check is denied. */
  failOnLocked: boolean;
}

export interface ParseInputsContext {
  env: Env;
  now: number;
  hostname: string;
}

/** The RawOptions keys (the CLI's long option names) whose input is named differently. */
const INPUT_FOR_OPTION: Readonly<Record<string, InputName>> = { link: Inputs.Links };

/** Messages from the shared parsers name the action's input: `input 'links'`, never `--link`. */
export const inputNamer: FieldNamer = (option) => inputLabel(INPUT_FOR_OPTION[option] ?? option);

/**
 * Reads every input once. An empty input means "not given" and takes action.yml's default, the same rule the
 * runner applies to inputs a workflow leaves out.
 */
export function readInputs(): ActionInputs {
  const inputs = {} as ActionInputs;
  for (const name of Object.values(Inputs)) {
    inputs[name] = core.getInput(name) || INPUT_DEFAULTS[name] || '';
  }
  return inputs;
}

/** Lines of a multi-line input, trimmed, blank lines dropped. */
function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function parseCommand(raw: string): ActionCommand {
  const text = raw.trim().toLowerCase();
  const known = (ACTION_COMMANDS as readonly string[]).includes(text);
  if (!known) {
    const label = inputLabel(Inputs.Command);
    throw new UsageError(label, `Invalid ${label} '${raw}': expected one of ${ACTION_COMMANDS.join(', ')}.`);
  }
  return text as ActionCommand;
}

/** The action's inputs as the RawOptions the CLI builds from its flags. */
export function toRawOptions(inputs: ActionInputs): RawOptions {
  const raw: RawOptions = {};
  const text: Array<[keyof RawOptions & string, InputName]> = [
    ['path', Inputs.Path],
    ['type', Inputs.Type],
    ['duration', Inputs.Duration],
    ['until', Inputs.Until],
    ['wait', Inputs.Wait],
    ['recursive', Inputs.Recursive],
    ['author', Inputs.Author],
    ['source', Inputs.Source],
    ['message', Inputs.Message],
  ];
  for (const [option, input] of text) {
    const value = nonEmpty(inputs[input]);
    if (value !== undefined) (raw as Record<string, string>)[option] = value;
  }
  // Allow takes one type per line or a comma-separated list; links take one name=url per line.
  const allow = lines(inputs[Inputs.Allow]);
  if (allow.length > 0) raw.allow = allow;
  const links = lines(inputs[Inputs.Links]);
  if (links.length > 0) raw.link = links;
  return raw;
}

/** Validates every input; throws a UsageError naming the input on the first bad one. */
export function parseInputs(inputs: ActionInputs, context: ParseInputsContext): ActionSettings {
  const command = parseCommand(inputs[Inputs.Command]);
  if (nonEmpty(inputs[Inputs.Path]) === undefined) {
    const label = inputLabel(Inputs.Path);
    throw new UsageError(label, `Missing ${label}: expected a lock path like apps/staging/auth-app.`);
  }
  const request = parseRequest(command, toRawOptions(inputs), {
    env: context.env,
    now: context.now,
    hostname: context.hostname,
    name: inputNamer,
  });
  const store = parseStoreOptions(
    {
      storage: inputs[Inputs.Storage],
      table: inputs[Inputs.Table],
      region: nonEmpty(inputs[Inputs.Region]),
      endpoint: nonEmpty(inputs[Inputs.Endpoint]),
    },
    { env: context.env, now: context.now, name: inputNamer },
  );
  return {
    command,
    request,
    store,
    release: parseBoolean(inputs[Inputs.Release], inputLabel(Inputs.Release), true),
    failOnLocked: parseBoolean(inputs[Inputs.FailOnLocked], inputLabel(Inputs.FailOnLocked), true),
  };
}
