import { inferCi, inferSource, type Env } from './ci.js';
import { UsageError } from './errors.js';
import { isLockType, LOCK_TYPES, type LockType } from './lock.js';
import { normalizePath } from './path.js';
import { parseDuration, parseExpiry, parseInstant } from './time.js';
import type { CheckRequest, LockRequest, UnlockRequest } from '../service.js';

export const COMMANDS = ['check', 'lock', 'unlock', 'list', 'prune', 'setup'] as const;
export type Command = (typeof COMMANDS)[number];

/**
 * Option values as text, exactly as a front end received them (CLI flags, DEPLOY_LOCK_* variables, action
 * inputs). Keys are the CLI's long option names. Lists are already split into entries.
 */
export interface RawOptions {
  path?: string;
  type?: string;
  duration?: string;
  until?: string;
  wait?: string;
  now?: string;
  recursive?: string;
  force?: string;
  allow?: string[];
  author?: string;
  owner?: string;
  source?: string;
  link?: string[];
  message?: string;
  'ci-project'?: string;
  'ci-ref'?: string;
  'ci-commit'?: string;
  'ci-pipeline'?: string;
  'ci-job'?: string;
}

/** How a front end names a field in messages: `--type` on the CLI, `type` input in the action. */
export type FieldNamer = (option: string) => string;
/** The CLI's names: the positional path is `<path>`, everything else its flag. */
export const cliFlag: FieldNamer = (option) => (option === 'path' ? '<path>' : `--${option}`);

export interface ParseContext {
  env: Env;
  now: number;
  hostname: string;
  name?: FieldNamer;
}

export interface ParsedRequest {
  command: Command;
  path?: string;
  check?: CheckRequest;
  lock?: LockRequest;
  unlock?: UnlockRequest;
  /** Seconds to keep retrying a denied lock or check. */
  waitSeconds?: number;
}

export function isCommand(value: string): value is Command {
  return (COMMANDS as readonly string[]).includes(value);
}

/** Strict booleans: true/false only (YAML-style), so a typo is an error rather than a silent false. */
export function parseBoolean(raw: string | undefined, field: string, fallback: boolean): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const text = raw.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new UsageError(field, `Invalid ${field} '${raw}': expected true or false.`);
}

export function parseType(raw: string | undefined, field: string): LockType {
  if (raw === undefined || raw.trim() === '') {
    throw new UsageError(field, `Missing ${field}: expected one of ${LOCK_TYPES.join(', ')}.`);
  }
  const text = raw.trim().toLowerCase();
  if (!isLockType(text)) {
    throw new UsageError(field, `Invalid ${field} '${raw}': expected one of ${LOCK_TYPES.join(', ')}.`);
  }
  return text;
}

/** Allow lists arrive repeated or comma-separated: `--allow automation,deploy`. */
export function parseAllow(entries: string[] | undefined, field: string): LockType[] {
  const types = (entries ?? []).flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter(Boolean);
  return [...new Set(types.map((entry) => parseType(entry, field)))];
}

export function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** `name=url` pairs; the url must be http(s). */
export function parseLinks(entries: string[] | undefined, field: string): Record<string, string> {
  const links: Record<string, string> = {};
  for (const entry of entries ?? []) {
    const text = entry.trim();
    if (text === '') continue;
    const split = text.indexOf('=');
    const name = split > 0 ? text.slice(0, split).trim() : '';
    const url = split > 0 ? text.slice(split + 1).trim() : '';
    if (!/^[\w.-]+$/.test(name) || !isHttpUrl(url)) {
      throw new UsageError(field, `Invalid ${field} '${entry}': expected name=url with an http(s) url, like job=https://ci.example.com/jobs/1.`);
    }
    links[name] = url;
  }
  return links;
}

/** The trimmed text, or undefined when there is none: an empty flag, variable or input means "not given". */
export function nonEmpty(raw: string | undefined): string | undefined {
  const text = raw?.trim();
  return text ? text : undefined;
}

/** `--now` as epoch seconds or an ISO date-time; undefined when not given. */
export function parseNow(raw: string | undefined, name: FieldNamer = cliFlag): number | undefined {
  const text = nonEmpty(raw);
  return text === undefined ? undefined : parseInstant(text, name('now'));
}

/**
 * Turns raw options into the typed request the service runs. Every check happens here, before any store is
 * touched, so bad input never writes anything.
 */
export function parseRequest(command: Command, raw: RawOptions, context: ParseContext): ParsedRequest {
  const name = context.name ?? cliFlag;
  if (raw.path !== undefined && raw.path.trim() === '') {
    // An empty path is a mistake (an unset variable), never "everything": that would be the whole store.
    throw new UsageError(name('path'), `Invalid ${name('path')} '': expected slash-separated segments like apps/staging; leave it out to mean everything.`);
  }
  const rawPath = nonEmpty(raw.path);
  const needsPath = command === 'check' || command === 'lock' || command === 'unlock';
  if (needsPath && rawPath === undefined) {
    throw new UsageError(name('path'), `Missing ${name('path')}: ${command} needs a lock path like apps/staging.`);
  }
  const path = rawPath === undefined ? undefined : normalizePath(rawPath, name('path'));
  const waitText = nonEmpty(raw.wait);
  // --wait 0 means "do not wait", the same as leaving it out.
  const waitSeconds = waitText === undefined || waitText === '0' ? undefined : parseDuration(waitText, name('wait'));
  if (waitSeconds !== undefined && command !== 'lock' && command !== 'check') {
    throw new UsageError(name('wait'), `${name('wait')} only applies to lock and check.`);
  }
  const result: ParsedRequest = { command, ...(path ? { path } : {}), ...(waitSeconds ? { waitSeconds } : {}) };

  if (command === 'check' && path) {
    const type = parseType(raw.type, name('type'));
    result.check = { path, type, recursive: parseBoolean(raw.recursive, name('recursive'), true) };
  }

  if (command === 'lock' && path) {
    const type = parseType(raw.type, name('type'));
    if (parseBoolean(raw.recursive, name('recursive'), false)) {
      throw new UsageError(name('recursive'), `${name('recursive')} is not supported for lock: a lock covers everything below its path already.`);
    }
    const expiry = parseExpiry(
      { duration: nonEmpty(raw.duration), until: nonEmpty(raw.until) },
      context.now,
      { duration: name('duration'), until: name('until') },
    );
    if ('until' in expiry && waitSeconds !== undefined && context.now + waitSeconds >= expiry.until) {
      throw new UsageError(name('wait'), `${name('wait')} ${waitText} would outlast ${name('until')}: the lock could be taken after it has already expired.`);
    }
    const allow = parseAllow(raw.allow, name('allow'));
    const links = parseLinks(raw.link, name('link'));
    const ci = inferCi(
      context.env,
      {
        author: nonEmpty(raw.author),
        owner: nonEmpty(raw.owner),
        project: nonEmpty(raw['ci-project']),
        ref: nonEmpty(raw['ci-ref']),
        commit: nonEmpty(raw['ci-commit']),
        pipeline: nonEmpty(raw['ci-pipeline']),
        job: nonEmpty(raw['ci-job']),
      },
      context.hostname,
    );
    const message = nonEmpty(raw.message);
    result.lock = {
      path,
      type,
      ...expiry,
      allow,
      author: ci.author ?? 'unknown',
      owner: ci.owner ?? `${ci.author}@${context.hostname}`,
      source: nonEmpty(raw.source) ?? inferSource(path, context.env, ci.ci),
      // Explicit links win over the CI run's own.
      links: { ...ci.links, ...links },
      ...(message ? { message } : {}),
      ...(ci.ci ? { ci: ci.ci } : {}),
    };
  }

  if (command === 'unlock' && path) {
    const type = parseType(raw.type, name('type'));
    const ci = inferCi(context.env, { author: nonEmpty(raw.author), owner: nonEmpty(raw.owner) }, context.hostname);
    result.unlock = {
      path,
      type,
      owner: ci.owner ?? `${ci.author}@${context.hostname}`,
      force: parseBoolean(raw.force, name('force'), false),
    };
  }
  return result;
}
