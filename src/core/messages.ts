import { friendlyType, type Lock } from './lock.js';
import { formatInstant } from './time.js';

/** `Locked apps/acceptance/a for a deploy until Sat 31 Dec, 12:00` */
export function lockedSentence(lock: Lock, zone?: string): string {
  return `Locked ${lock.path} for ${friendlyType(lock.type)} until ${formatInstant(lock.expires_at, zone)}`;
}

/** `apps/acceptance is locked until Sat 31 Dec, 12:00 by an automation run in testing/staging` */
export function blockingSentence(lock: Lock, zone?: string): string {
  const source = lock.source ? ` in ${lock.source}` : '';
  const why = lock.message ? ` (${lock.message})` : '';
  return `${lock.path} is locked until ${formatInstant(lock.expires_at, zone)} by ${friendlyType(lock.type)}${source}${why}`;
}

/** Indented `name: url` lines, one per link, sorted for stable output. */
export function linkLines(lock: Lock): string[] {
  return Object.entries(lock.links)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, url]) => `  ${name}: ${url}`);
}

/** The blocking sentence followed by its links, as printed by check and a refused lock. */
export function describeBlocking(lock: Lock, zone?: string): string {
  return [blockingSentence(lock, zone), ...linkLines(lock)].join('\n');
}

/** `forcedBy` names who released somebody else's lock, so the log says who overrode whom. */
export function unlockedSentence(lock: Lock, forcedBy?: string): string {
  const forced = forcedBy !== undefined && forcedBy !== lock.owner ? ` with --force by ${forcedBy}` : '';
  return `Unlocked ${lock.path} (${friendlyType(lock.type)} held by ${lock.owner})${forced}`;
}
