/**
 * Every name the action shares with action.yml and with its own post step, in one place. The contract test
 * (__tests__/action/action-yml.test.ts) holds action.yml to these names and defaults.
 */

/** Input names as action.yml declares them (kebab-case). */
export const Inputs = {
  Command: 'command',
  Path: 'path',
  Type: 'type',
  Duration: 'duration',
  Until: 'until',
  Allow: 'allow',
  Author: 'author',
  Source: 'source',
  Links: 'links',
  Message: 'message',
  Wait: 'wait',
  Recursive: 'recursive',
  Release: 'release',
  Storage: 'storage',
  Table: 'table',
  Region: 'region',
  Endpoint: 'endpoint',
  FailOnLocked: 'fail-on-locked',
} as const;
export type InputName = (typeof Inputs)[keyof typeof Inputs];

/** Defaults as action.yml declares them; inputs not listed have no default (empty). */
export const INPUT_DEFAULTS: Readonly<Partial<Record<InputName, string>>> = {
  [Inputs.Command]: 'lock',
  [Inputs.Type]: 'deploy',
  [Inputs.Release]: 'true',
  [Inputs.Storage]: 'dynamodb',
  [Inputs.Table]: 'locks',
  [Inputs.FailOnLocked]: 'true',
};

/** Inputs action.yml marks `required: true`. */
export const REQUIRED_INPUTS: readonly InputName[] = [Inputs.Path];

/** The commands the action runs (`setup` is table administration, left to the CLI). */
export const ACTION_COMMANDS = ['lock', 'check', 'unlock', 'list', 'prune'] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

export const Outputs = {
  Locked: 'locked',
  Allowed: 'allowed',
  Lock: 'lock',
  Blocking: 'blocking',
  Locks: 'locks',
  ExpiresAt: 'expires-at',
  Message: 'message',
} as const;
export type OutputName = (typeof Outputs)[keyof typeof Outputs];

/** State the main step leaves for the post step (the runner hands it back as STATE_<name>). */
export const States = {
  /** JSON of ReleaseState: set only when main took a lock that post must release. */
  Release: 'release',
  /** Why post has nothing to do, when main finished without a lock to release. */
  NothingToRelease: 'nothing-to-release',
} as const;

/** How the action names a field in messages: `input 'fail-on-locked'`. */
export function inputLabel(name: string): string {
  return `input '${name}'`;
}
