import { friendlyType, type Lock } from '../core/lock.js';
import { blockingSentence, describeBlocking, lockedSentence, unlockedSentence } from '../core/messages.js';
import { formatInstant, formatInterval, isoInstant } from '../core/time.js';
import type { Outcome } from '../run.js';

/** The text a person reads for each outcome. */
export function renderText(outcome: Outcome): string {
  switch (outcome.command) {
    case 'check': {
      const { request, result } = outcome;
      if (result.allowed) {
        const scope = request.recursive ? `${request.path} or above it` : request.path;
        return `Allowed: no lock at ${scope} stops ${friendlyType(request.type)}.`;
      }
      return result.blocking.map((lock) => describeBlocking(lock)).join('\n');
    }
    case 'lock': {
      const { request, result } = outcome;
      if (result.status === 'denied') {
        const lines = [`Could not lock ${request.path} for ${friendlyType(request.type)}:`];
        return [...lines, ...result.blocking.map((lock) => describeBlocking(lock))].join('\n');
      }
      const lines = [lockedSentence(result.lock) + (result.refreshed ? ' (renewed: this run already held it)' : '')];
      if (result.belowUnknown) lines.push(`Warning: could not list the locks below ${request.path}; the lock is taken.`);
      if (result.below.length > 0) {
        lines.push(`Warning: ${result.below.length} active lock(s) below ${request.path} stay in force:`);
        lines.push(...result.below.map((lock) => `  ${blockingSentence(lock)}`));
      }
      return lines.join('\n');
    }
    case 'unlock': {
      const { request, result } = outcome;
      if (result.status === 'unlocked') return unlockedSentence(result.lock, result.forced ? request.owner : undefined);
      if (result.status === 'not-locked') return `${request.path} has no active lock; nothing to unlock.`;
      const holder = result.holder;
      if (result.reason === 'type') {
        return `Cannot unlock ${request.path}: it holds ${friendlyType(holder.type)}, not ${friendlyType(request.type)} (--type must match).`;
      }
      return `Cannot unlock ${request.path}: ${blockingSentence(holder)}, held by ${holder.owner}; use --force to release somebody else's lock.`;
    }
    case 'list':
      return outcome.locks.length === 0
        ? `No active locks${outcome.path ? ` at or below ${outcome.path}` : ''}.`
        : lockTable(outcome.locks);
    case 'prune':
      return outcome.removed.length === 0
        ? `Nothing to prune${outcome.path ? ` at or below ${outcome.path}` : ''}.`
        : outcome.removed
            .map((lock) => `Pruned ${lock.path} (${friendlyType(lock.type)} until ${formatInstant(lock.expires_at)})`)
            .join('\n');
  }
}

/** The JSON printed with --json: the same facts, for scripts. */
export function renderJson(outcome: Outcome): unknown {
  switch (outcome.command) {
    case 'check':
      return { allowed: outcome.result.allowed, path: outcome.request.path, type: outcome.request.type, blocking: outcome.result.blocking, message: renderText(outcome) };
    case 'lock': {
      const { result } = outcome;
      return result.status === 'locked'
        ? { locked: true, lock: result.lock, refreshed: result.refreshed, below: result.below, message: lockedSentence(result.lock) }
        : { locked: false, reason: result.reason, blocking: result.blocking, message: result.blocking.map((lock) => blockingSentence(lock)).join('; ') };
    }
    case 'unlock': {
      const { result } = outcome;
      return { unlocked: result.status === 'unlocked', status: result.status, ...('lock' in result ? { lock: result.lock, forced: result.forced } : {}), ...('holder' in result ? { reason: result.reason, holder: result.holder } : {}), message: renderText(outcome) };
    }
    case 'list':
      return outcome.locks;
    case 'prune':
      return { removed: outcome.removed };
  }
}

export function lockTable(locks: Lock[]): string {
  const header = ['PATH', 'TYPE', 'EXPIRES (UTC)', 'AUTHOR', 'OWNER', 'SOURCE', 'ALLOW', 'MESSAGE'];
  const rows = locks.map((lock) => [
    lock.path,
    lock.type,
    isoInstant(lock.expires_at),
    lock.author,
    lock.owner,
    lock.source,
    lock.allow.join(',') || '-',
    lock.message ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

/** The line printed while --wait keeps trying. */
export function waitingLine(blocking: Lock[], remainingSeconds: number): string {
  const first = blocking[0];
  const holder = first ? `${blockingSentence(first)} (held by ${first.owner})` : 'still blocked';
  return `Waiting: ${holder}; giving up in ${formatInterval(remainingSeconds)}.`;
}
