import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../core/ci.js';
import { UsageError } from '../core/errors.js';
import type { Lock } from '../core/lock.js';
import { normalizePath } from '../core/path.js';
import { cliFlag, isHttpUrl, nonEmpty, parseAllow, parseLinks, parseType } from '../core/request.js';
import { MemoryLockStore } from './memory.js';
import { STORAGE_KINDS, type LockStore, type StorageKind } from './store.js';

export interface StoreOptions {
  storage: StorageKind;
  /** DynamoDB */
  table: string;
  region?: string;
  endpoint?: string;
  /** file store location */
  file: string;
  /** memory store seed (--fake) */
  seed?: Lock[];
}

export const DEFAULT_TABLE = 'locks';

/** The file store's default home: $XDG_STATE_HOME/deploy-lock/locks.json, else ~/.local/state/deploy-lock/locks.json. */
export function defaultLockFile(env: Env): string {
  const stateHome = env.XDG_STATE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.local', 'state');
  return join(stateHome, 'deploy-lock', 'locks.json');
}

export function parseStorageKind(raw: string, field: string): StorageKind {
  const text = raw.trim().toLowerCase();
  // The original tool called it "dynamo"; keep that spelling working.
  const kind = text === 'dynamo' ? 'dynamodb' : text;
  if (!(STORAGE_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(field, `Invalid ${field} '${raw}': expected one of ${STORAGE_KINDS.join(', ')}.`);
  }
  return kind as StorageKind;
}

export function parseTable(raw: string | undefined, field: string): string {
  if (raw === undefined) return DEFAULT_TABLE;
  const table = raw.trim();
  // DynamoDB's own rule for table names.
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(table)) {
    throw new UsageError(field, `Invalid ${field} '${raw}': expected a DynamoDB table name (3-255 of a-z, A-Z, 0-9, '_', '-', '.').`);
  }
  return table;
}

/** Opens the configured store; the DynamoDB client is loaded only when it is used, to keep start-up fast. */
export async function openStore(options: StoreOptions): Promise<LockStore> {
  switch (options.storage) {
    case 'memory':
      return new MemoryLockStore(options.seed ?? []);
    case 'file': {
      const { FileLockStore } = await import('./file.js');
      return new FileLockStore({ file: options.file });
    }
    case 'dynamodb': {
      const { DynamoLockStore } = await import('./dynamo.js');
      return new DynamoLockStore({
        table: options.table,
        ...(options.region ? { region: options.region } : {}),
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      });
    }
  }
}

/** Storage settings as text, from flags, DEPLOY_LOCK_* variables or action inputs. */
export interface RawStoreOptions {
  storage?: string | undefined;
  table?: string | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
  file?: string | undefined;
  fake?: string[] | undefined;
}

/**
 * Picks and validates the store. Without --storage, a configured table, region or endpoint means DynamoDB, --fake means
 * memory, and anything else the embedded file store, so the CLI works on a fresh machine.
 */
export function parseStoreOptions(
  raw: RawStoreOptions,
  context: { env: Env; now: number; name?: (option: string) => string },
): StoreOptions {
  const name = context.name ?? cliFlag;
  const fakes = raw.fake ?? [];
  let storage: StorageKind;
  if (nonEmpty(raw.storage)) storage = parseStorageKind(raw.storage as string, name('storage'));
  else if (fakes.length > 0) storage = 'memory';
  else if (nonEmpty(raw.table) || nonEmpty(raw.endpoint) || nonEmpty(raw.region)) storage = 'dynamodb';
  else storage = 'file';

  if (fakes.length > 0 && storage !== 'memory') {
    throw new UsageError(name('fake'), `${name('fake')} only seeds the memory store; it cannot be used with ${name('storage')} ${storage}.`);
  }
  if (raw.table !== undefined && raw.table.trim() === '') {
    throw new UsageError(name('table'), `Invalid ${name('table')}: empty; expected a DynamoDB table name like locks.`);
  }
  const endpoint = nonEmpty(raw.endpoint);
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    throw new UsageError(name('endpoint'), `Invalid ${name('endpoint')} '${endpoint}': expected an http(s) URL like http://localhost:8000.`);
  }
  const region = nonEmpty(raw.region);
  return {
    storage,
    table: parseTable(nonEmpty(raw.table), name('table')),
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    file: nonEmpty(raw.file) ?? defaultLockFile(context.env),
    seed: fakes.map((entry) => parseFake(entry, context.now, name('fake'))),
  };
}

/**
 * `--fake path:{json}` seeds one lock into the memory store. The JSON may give any lock field; the rest get
 * harmless defaults (type deploy, expiring in an hour).
 */
export function parseFake(entry: string, now: number, field: string): Lock {
  const accepted = `expected path:{json}, like apps/staging:{"type":"automation","allow":["deploy"]}`;
  const split = entry.indexOf(':');
  if (split <= 0) throw new UsageError(field, `Invalid ${field} '${entry}': ${accepted}.`);
  const path = normalizePath(entry.slice(0, split), field);
  let data: unknown;
  try {
    data = JSON.parse(entry.slice(split + 1));
  } catch {
    throw new UsageError(field, `Invalid ${field} '${entry}': the part after ':' is not JSON; ${accepted}.`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(field, `Invalid ${field} '${entry}': the JSON must be an object; ${accepted}.`);
  }
  const fields = data as Record<string, unknown>;
  const known = ['type', 'author', 'owner', 'links', 'source', 'allow', 'message', 'created_at', 'updated_at', 'expires_at', 'ci'];
  const unknown = Object.keys(fields).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(field, `Invalid ${field} '${entry}': unknown field "${unknown[0]}"; expected any of ${known.join(', ')}.`);
  }
  const text = (key: string, fallback: string): string => {
    const value = fields[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'string') throw new UsageError(field, `Invalid ${field} '${entry}': "${key}" must be a string.`);
    return value;
  };
  const seconds = (key: string, fallback: number): number => {
    const value = fields[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new UsageError(field, `Invalid ${field} '${entry}': "${key}" must be epoch seconds.`);
    }
    return value;
  };
  const type = parseType(text('type', 'deploy'), `${field} type`);
  const allowValue = fields.allow ?? [];
  if (!Array.isArray(allowValue) || allowValue.some((item) => typeof item !== 'string')) {
    throw new UsageError(field, `Invalid ${field} '${entry}': "allow" must be a list of lock types.`);
  }
  const linksValue = fields.links ?? {};
  if (typeof linksValue !== 'object' || linksValue === null || Array.isArray(linksValue)) {
    throw new UsageError(field, `Invalid ${field} '${entry}': "links" must be an object of name → url.`);
  }
  const message = text('message', '');
  let ci: Lock['ci'];
  if (fields.ci !== undefined) {
    const value = fields.ci as Record<string, unknown>;
    const keys = ['project', 'ref', 'commit', 'pipeline', 'job'] as const;
    if (typeof value !== 'object' || value === null || keys.some((key) => value[key] !== undefined && typeof value[key] !== 'string')) {
      throw new UsageError(field, `Invalid ${field} '${entry}': "ci" must be an object of project, ref, commit, pipeline, job strings.`);
    }
    ci = { project: '', ref: '', commit: '', pipeline: '', job: '' };
    for (const key of keys) if (typeof value[key] === 'string') ci[key] = value[key] as string;
  }
  const lock: Lock = {
    type,
    path,
    author: text('author', 'fake'),
    owner: text('owner', 'fake'),
    links: parseLinks(
      Object.entries(linksValue).map(([key, url]) => `${key}=${String(url)}`),
      field,
    ),
    source: text('source', path),
    allow: parseAllow(allowValue as string[], `${field} allow`),
    ...(message ? { message } : {}),
    created_at: seconds('created_at', now),
    updated_at: seconds('updated_at', now),
    expires_at: seconds('expires_at', now + 3600),
    ...(ci ? { ci } : {}),
  };
  return lock;
}
