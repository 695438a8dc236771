import { UsageError } from './errors.js';

export const MAX_PATH_LENGTH = 512;
const SEGMENT = /^[a-z0-9._-]+$/;

/**
 * The one normalisation every entry point uses, so `Apps/Staging/` and `apps/staging` are one lock:
 * trimmed, lowercased, empty segments (leading, trailing, doubled slashes) dropped.
 */
export function normalizePath(raw: string, field = 'path'): string {
  const segments = raw.trim().toLowerCase().split('/').filter((segment) => segment !== '');
  const path = segments.join('/');
  if (path === '') {
    throw new UsageError(field, `Invalid ${field} '${raw}': expected slash-separated segments like apps/staging/auth-app.`);
  }
  if (path.length > MAX_PATH_LENGTH) {
    throw new UsageError(field, `Invalid ${field}: longer than ${MAX_PATH_LENGTH} characters.`);
  }
  for (const segment of segments) {
    if (segment === '.' || segment === '..') {
      throw new UsageError(field, `Invalid ${field} '${raw}': '.' and '..' segments are not allowed.`);
    }
    if (!SEGMENT.test(segment)) {
      throw new UsageError(
        field,
        `Invalid ${field} '${raw}': segment '${segment}' may only hold a-z, 0-9, '.', '_' and '-'.`,
      );
    }
  }
  return path;
}

export function pathSegments(path: string): string[] {
  return path.split('/');
}

/** The path itself and every ancestor, root first: a/b/c → [a, a/b, a/b/c]. */
export function pathAndAncestors(path: string): string[] {
  const segments = pathSegments(path);
  return segments.map((_, index) => segments.slice(0, index + 1).join('/'));
}

/** Ancestors only, root first. */
export function ancestorsOf(path: string): string[] {
  return pathAndAncestors(path).slice(0, -1);
}

/** True when `path` is `prefix` or lies below it on a segment boundary (apps/st is not under apps/staging). */
export function isAtOrBelow(path: string, prefix: string | undefined): boolean {
  if (prefix === undefined) return true;
  return path === prefix || path.startsWith(`${prefix}/`);
}
