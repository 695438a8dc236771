import * as core from '@actions/core';
import { friendlyType, type Lock } from '../core/lock.js';
import { describeBlocking, lockedSentence, unlockedSentence } from '../core/messages.js';
import { isoInstant } from '../core/time.js';
import type { Outcome } from '../run.js';
import { Outputs, type OutputName } from './constants.js';

/** The locks that stopped the command: blocking a check or a lock, or holding a path the step could not unlock. */
export function blockingOf(outcome: Outcome): Lock[] {
  if (outcome.command === 'check') return outcome.result.blocking;
  if (outcome.command === 'lock' && outcome.result.status === 'denied') return outcome.result.blocking;
  if (outcome.command === 'unlock' && outcome.result.status === 'denied') return [outcome.result.holder];
  return [];
}

/** The one lock the `lock` output describes: the lock taken or released, else the first one in the way. */
export function mainLockOf(outcome: Outcome): Lock | undefined {
  if (outcome.command === 'lock' && outcome.result.status === 'locked') return outcome.result.lock;
  if (outcome.command === 'unlock' && outcome.result.status === 'unlocked') return outcome.result.lock;
  return blockingOf(outcome)[0];
}

/** Whether the command got what it asked for: the check passed, the lock was taken, the unlock was permitted. */
export function isAllowed(outcome: Outcome): boolean {
  switch (outcome.command) {
    case 'check':
      return outcome.result.allowed;
    case 'lock':
      return outcome.result.status === 'locked';
    case 'unlock':
      return outcome.result.status !== 'denied';
    default:
      return true;
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The friendly sentence for the `message` output, the log and, when denied, the failure. */
export function messageFor(outcome: Outcome): string {
  const blocking = blockingOf(outcome);
  switch (outcome.command) {
    case 'lock': {
      if (outcome.result.status === 'denied') return blocking.map((lock) => describeBlocking(lock)).join('\n');
      const sentence = lockedSentence(outcome.result.lock);
      return outcome.result.refreshed ? `${sentence} (this run already held it; re-acquired)` : sentence;
    }
    case 'check':
      if (outcome.result.allowed) {
        return `Nothing blocks ${friendlyType(outcome.request.type)} at ${outcome.request.path}`;
      }
      return blocking.map((lock) => describeBlocking(lock)).join('\n');
    case 'unlock': {
      const result = outcome.result;
      if (result.status === 'unlocked') return unlockedSentence(result.lock, result.forced ? outcome.request.owner : undefined);
      if (result.status === 'not-locked') return `${result.path} is not locked; nothing to unlock`;
      const why =
        result.reason === 'type'
          ? `it is held for ${friendlyType(result.holder.type)}, not ${friendlyType(outcome.request.type)}`
          : `it is held by ${result.holder.owner}, not by this run`;
      return `Cannot unlock ${result.holder.path}: ${why}.\n${describeBlocking(result.holder)}`;
    }
    case 'list':
      return `${plural(outcome.locks.length, 'active lock')} at and below ${outcome.path ?? 'the root'}`;
    case 'prune':
      return `Pruned ${plural(outcome.removed.length, 'expired lock')} at and below ${outcome.path ?? 'the root'}`;
  }
}

/** Every output, for every command, so later steps never read an unset output. */
export function outputsFor(outcome: Outcome): Record<OutputName, string> {
  const lock = mainLockOf(outcome);
  const listed = outcome.command === 'list' ? outcome.locks : outcome.command === 'prune' ? outcome.removed : [];
  return {
    [Outputs.Locked]: String(outcome.command === 'lock' && outcome.result.status === 'locked'),
    [Outputs.Allowed]: String(isAllowed(outcome)),
    [Outputs.Lock]: lock ? JSON.stringify(lock) : '',
    [Outputs.Blocking]: JSON.stringify(blockingOf(outcome)),
    [Outputs.Locks]: JSON.stringify(listed),
    [Outputs.ExpiresAt]: lock ? isoInstant(lock.expires_at) : '',
    [Outputs.Message]: messageFor(outcome),
  };
}

export function setOutputs(outcome: Outcome): void {
  for (const [name, value] of Object.entries(outputsFor(outcome))) core.setOutput(name, value);
}
