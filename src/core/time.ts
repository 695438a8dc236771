import { DateTime, Duration } from 'luxon';
import { UsageError } from './errors.js';

/** Epoch seconds: every stored and compared time in deploy-lock. */
export type EpochSeconds = number;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const HUMAN_INTERVAL = /^(\d+[smhdw])+$/;
const HUMAN_PART = /(\d+)([smhdw])/g;
const DIGITS = /^\d+$/;
// Anything that starts like a calendar date: 2026-12-31, 2026-12-31T12:00, 20261231T1200.
const LOOKS_LIKE_DATE = /^\d{4}-?\d{2}-?\d{2}/;
// Epoch seconds past this are year 5138: almost certainly milliseconds.
const MAX_EPOCH_SECONDS = 99_999_999_999;
/** Ten years: longer is a typo or a permanent lock, and deploy-lock locks always end. */
export const MAX_LOCK_SECONDS = 10 * 366 * 86400;

export const DURATION_FORMS = "an interval like 30m, 1h30m or 2d, an ISO-8601 duration like PT30M, or whole seconds";
export const UNTIL_FORMS =
  'epoch seconds or an ISO-8601 date-time like 2026-12-31T12:00 (local time unless Z or an offset is given)';

/** Parses an interval into whole seconds (> 0). */
export function parseDuration(raw: string, field = '--duration'): number {
  const text = raw.trim().toLowerCase();
  const reject = (why: string): never => {
    throw new UsageError(field, `Invalid ${field} '${raw}': ${why}; expected ${DURATION_FORMS}.`);
  };
  if (text === '') reject('empty');
  let seconds: number | undefined;
  if (DIGITS.test(text)) {
    seconds = Number(text);
  } else if (HUMAN_INTERVAL.test(text)) {
    seconds = 0;
    for (const [, amount, unit] of text.matchAll(HUMAN_PART)) {
      seconds += Number(amount) * (UNIT_SECONDS[unit as string] ?? 0);
    }
  } else if (text.startsWith('p')) {
    const iso = Duration.fromISO(raw.trim().toUpperCase());
    if (!iso.isValid) reject('not a valid ISO-8601 duration');
    seconds = Math.round(iso.as('seconds'));
  } else if (LOOKS_LIKE_DATE.test(text)) {
    reject('that is a date; use --until for an absolute time');
  } else {
    reject('not an interval');
  }
  if (seconds === undefined || seconds <= 0) reject('must be longer than zero');
  if (!Number.isSafeInteger(seconds) || (seconds as number) > MAX_LOCK_SECONDS) reject('longer than ten years');
  return seconds as number;
}

/** Parses an absolute time into epoch seconds. Intervals are refused, not guessed. */
export function parseInstant(raw: string, field: string): EpochSeconds {
  const text = raw.trim();
  const reject = (why: string): never => {
    throw new UsageError(field, `Invalid ${field} '${raw}': ${why}; expected ${UNTIL_FORMS}.`);
  };
  if (text === '') reject('empty');
  if (DIGITS.test(text)) {
    const seconds = Number(text);
    if (seconds > MAX_EPOCH_SECONDS) reject('too large for epoch seconds (milliseconds?)');
    return seconds;
  }
  if (HUMAN_INTERVAL.test(text.toLowerCase()) || /^p/i.test(text)) {
    reject('that is an interval, not an absolute time');
  }
  // `2026-12-31 12:00` is how people (and `date`) write it: read the space as ISO's T.
  const parsed = DateTime.fromISO(text.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2'), { setZone: true });
  if (!parsed.isValid) reject('not a date-time');
  return Math.floor(parsed.toSeconds());
}

/** The expiry of a new lock from exactly one of duration and until; until must be in the future. */
export function parseExpiry(
  options: { duration?: string | undefined; until?: string | undefined },
  now: EpochSeconds,
  names: { duration: string; until: string } = { duration: '--duration', until: '--until' },
): { duration: number } | { until: EpochSeconds } {
  const { duration, until } = options;
  if (duration !== undefined && until !== undefined) {
    throw new UsageError(names.duration, `Give either ${names.duration} or ${names.until}, not both.`);
  }
  if (duration !== undefined) return { duration: parseDuration(duration, names.duration) };
  if (until !== undefined) {
    const expiry = parseInstant(until, names.until);
    if (expiry <= now) {
      throw new UsageError(names.until, `Invalid ${names.until} '${until}': ${isoInstant(expiry)} is in the past.`);
    }
    if (expiry - now > MAX_LOCK_SECONDS) {
      throw new UsageError(names.until, `Invalid ${names.until} '${until}': more than ten years away.`);
    }
    return { until: expiry };
  }
  throw new UsageError(
    names.duration,
    `A lock needs ${names.duration} (${DURATION_FORMS}) or ${names.until} (${UNTIL_FORMS}).`,
  );
}

/** The friendly time in messages: `Sat 31 Dec, 12:00`, in the local zone. */
export function formatInstant(seconds: EpochSeconds, zone?: string): string {
  const time = DateTime.fromSeconds(seconds, zone === undefined ? {} : { zone });
  return time.toFormat('ccc d LLL, HH:mm');
}

/** ISO-8601 in UTC, for JSON outputs. */
export function isoInstant(seconds: EpochSeconds): string {
  return DateTime.fromSeconds(seconds, { zone: 'utc' }).toISO({ suppressMilliseconds: true }) ?? String(seconds);
}

/** Human interval for progress lines: 1h 5m, 30s. */
export function formatInterval(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  const parts = [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', rest || whole === 0 ? `${rest}s` : ''];
  return parts.filter(Boolean).join(' ');
}
