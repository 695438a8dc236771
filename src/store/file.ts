import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { StoreError } from '../core/errors.js';
import { isLockType, type Lock } from '../core/lock.js';
import { isAtOrBelow } from '../core/path.js';
import {
  matchesDelete,
  mayOverwrite,
  type DeleteMatch,
  type DeleteResult,
  type LockStore,
  type PutResult,
} from './store.js';

/*
 * The file store: one JSON document, `{ "version": 1, "locks": { "<path>": Lock } }`.
 *
 * Writers (putIfAvailable, deleteIf) read, modify and write the document while holding an exclusive
 * lock file `<file>.lock`, created with O_EXCL ('wx') and holding { pid, hostname, token, acquired_at }.
 * The document is replaced by writing a temp file in the same directory, fsyncing it and renaming it over
 * the document, so readers (getMany, list) always see a whole document and need no lock.
 *
 * Stale lock files (the holder crashed) are removed under a removal claim, so that two processes that
 * both find the same stale lock file cannot both remove it and then both believe they hold the lock:
 *
 * 1. A lock file is identified by its token (or, if its holder died before writing it, by inode and mtime).
 *    Removing the lock file with identity X requires first creating `<file>.lock.removing-X` with O_EXCL.
 *    Only one process can hold that claim at a time; the others back off and retry.
 * 2. The claim holder checks that the lock file is still X, renames it to a unique grave name and checks
 *    that what it renamed is X. While anyone holds the claim for X, nobody else can remove X (its own
 *    holder also releases under the same claim, see release()), and nothing can replace X (O_EXCL fails
 *    while X exists), so the check and the rename see the same file. If the grave is not X after all (only
 *    possible when a claim holder stalled so long that its own claim was judged stale and removed) it is
 *    linked back without overwriting anything.
 * 3. Removing a stale lock file never grants the lock: every remover goes back to competing with O_EXCL,
 *    which exactly one process wins.
 * 4. After X is gone the claim is deleted; a late process that then creates a claim for X finds X gone and
 *    does nothing, since tokens are never reused. A claim left by a crashed remover blocks only the removal
 *    of X: it is itself stale by the same rules and removed the same way. Once X is gone such a claim guards
 *    nothing, so the next writer sweeps it up with crashed writers' temp files (see removeLeftovers).
 *
 * A holder also re-checks its token just before renaming the new document into place, so a holder that
 * stalled past staleAfterMs and lost its lock fails instead of overwriting the next holder's write.
 */

const DOCUMENT_VERSION = 1;
const DEFAULT_LOCK_TIMEOUT_MS = 10_000;
const DEFAULT_STALE_AFTER_MS = 30_000;
/**
 * A lock or claim file without a record: its creator writes the record right after creating it, so one that
 * stays empty this long was left by a process killed in between (a killed process's pid is not recorded,
 * so without this limit such a file would block everyone for staleAfterMs).
 */
const UNWRITTEN_STALE_AFTER_MS = 5_000;
const FIRST_BACKOFF_MS = 2;
const MAX_BACKOFF_MS = 100;
/** How many levels of crashed removers to clean up after (see 4. above). */
const MAX_REMOVAL_DEPTH = 1;

export interface FileLockStoreOptions {
  file: string;
  /** Accepted for parity with paged stores; the document is always read whole, as one consistent snapshot. */
  pageSize?: number;
  /** How long a writer waits for the lock file before failing with a StoreError. */
  lockTimeoutMs?: number;
  /** A lock file older than this is treated as left behind by a crashed process. */
  staleAfterMs?: number;
}

/** The exclusive lock file that guards writes to `file`. */
export function lockFilePath(file: string): string {
  return `${file}.lock`;
}

/** The claim a process must hold to remove the lock-like file `target` whose identity is `identity`. */
export function removalClaimPath(target: string, identity: string): string {
  return `${target}.removing-${identity}`;
}

/** What a lock file or claim file records about its holder. */
interface HolderRecord {
  pid: number;
  hostname: string;
  token: string;
  acquired_at: string;
}

/** Our hold on the lock file, and the check a writer calls just before it commits. */
interface HeldLockFile {
  token: string;
  assertStillHeld(): Promise<void>;
}

/** A lock or claim file as found on disk. Fields are missing when its creator died before writing them. */
interface Inspected {
  identity: string;
  ageMs: number;
  pid?: number;
  hostname?: string;
  token?: string;
}

export class FileLockStore implements LockStore {
  readonly kind = 'file' as const;
  private readonly file: string;
  private readonly lockFile: string;
  private readonly lockTimeoutMs: number;
  private readonly staleAfterMs: number;

  constructor(options: FileLockStoreOptions) {
    this.file = options.file;
    this.lockFile = lockFilePath(options.file);
    this.lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  }

  async putIfAvailable(lock: Lock, now: number): Promise<PutResult> {
    return this.underLockFile(async (held) => {
      const locks = await this.readDocument();
      const existing = locks.get(lock.path);
      if (!mayOverwrite(existing, lock, now)) return { ok: false, holder: existing as Lock };
      locks.set(lock.path, structuredClone(lock));
      await this.writeDocument(locks, held);
      return { ok: true, lock: structuredClone(lock) };
    });
  }

  async getMany(paths: string[]): Promise<Lock[]> {
    if (paths.length === 0) return [];
    const locks = await this.readDocument();
    return paths.flatMap((path) => {
      const lock = locks.get(path);
      return lock ? [lock] : [];
    });
  }

  async deleteIf(path: string, match: DeleteMatch): Promise<DeleteResult> {
    return this.underLockFile(async (held) => {
      const locks = await this.readDocument();
      const existing = locks.get(path);
      if (existing === undefined) return { status: 'absent' };
      if (!matchesDelete(existing, match)) return { status: 'mismatch', holder: existing };
      locks.delete(path);
      await this.writeDocument(locks, held);
      return { status: 'deleted', lock: existing };
    });
  }

  async *list(prefix?: string): AsyncIterable<Lock> {
    const locks = await this.readDocument();
    const matching = [...locks.values()]
      .filter((lock) => isAtOrBelow(lock.path, prefix))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    yield* matching;
  }

  async close(): Promise<void> {}

  // ---- the document ----

  /** The stored locks by path; a missing document is an empty store. Each call returns fresh objects. */
  private async readDocument(): Promise<Map<string, Lock>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return new Map();
      throw fsFailure('read deploy-lock file', this.file, error);
    }
    return parseDocument(text, this.file);
  }

  /** Replaces the document atomically: temp file in the same directory, fsync, rename, fsync the directory. */
  private async writeDocument(locks: Map<string, Lock>, held: HeldLockFile): Promise<void> {
    const sorted = [...locks.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // Object.fromEntries defines own properties, so even a path like `__proto__` is stored as data.
    const text = `${JSON.stringify({ version: DOCUMENT_VERSION, locks: Object.fromEntries(sorted) }, null, 2)}\n`;
    const temp = join(dirname(this.file), `.${basename(this.file)}.${process.pid}.${randomToken()}.tmp`);
    await this.removeLeftovers(held.token);
    let renamed = false;
    try {
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await held.assertStillHeld();
      await rename(temp, this.file);
      renamed = true;
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw fsFailure('write deploy-lock file', this.file, error);
    } finally {
      if (!renamed) await unlink(temp).catch(() => undefined);
    }
    await syncDirectory(dirname(this.file));
  }

  /**
   * Deletes what crashed processes left behind. Call only while holding the lock file (with `token`):
   * - temp files: only a holder writes one, so any other belongs to a writer that died or lost the lock
   *   (its rename then fails and it reports an error, writing nothing);
   * - graves: garbage as soon as they exist;
   * - removal claims for any lock file but ours: the lock file they guard is gone for good.
   */
  private async removeLeftovers(token: string): Promise<void> {
    const base = escapeRegExp(basename(this.file));
    const leftover = new RegExp(
      `^(\\.${base}\\.\\d+\\.[0-9a-f]{32}\\.tmp|${base}\\.lock(\\..*)?\\.[0-9a-f]{32}\\.stale|${base}\\.lock\\.removing-.*)$`,
    );
    const ownClaim = basename(removalClaimPath(this.lockFile, token));
    const names = await readdir(dirname(this.file)).catch(() => []);
    const garbage = names.filter((name) => leftover.test(name) && !name.startsWith(ownClaim));
    await Promise.all(garbage.map((name) => unlinkIfPresent(join(dirname(this.file), name)).catch(() => undefined)));
  }

  // ---- the lock file ----

  /** Runs `work` while holding the lock file. */
  private async underLockFile<T>(work: (held: HeldLockFile) => Promise<T>): Promise<T> {
    const token = await this.acquire();
    const assertStillHeld = async (): Promise<void> => {
      const current = await inspect(this.lockFile);
      if (current?.token !== token) {
        throw new StoreError(
          `Lost the lock file ${this.lockFile} while writing (held longer than ${this.staleAfterMs} ms); nothing was written.`,
        );
      }
    };
    let result: T;
    try {
      result = await work({ token, assertStillHeld });
    } catch (error) {
      // The original failure matters more than a failed release.
      await this.release(token).catch(() => undefined);
      throw error;
    }
    await this.release(token);
    return result;
  }

  private async acquire(): Promise<string> {
    try {
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw fsFailure('create the directory for', this.file, error);
    }
    const token = randomToken();
    const deadline = Date.now() + this.lockTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      if (await createExclusive(this.lockFile, token)) return token;
      const holder = await inspect(this.lockFile);
      // Released in the meantime: try again at once.
      if (holder === undefined) continue;
      if (this.isStale(holder) && (await this.removeStale(this.lockFile, holder, 0))) continue;
      if (Date.now() >= deadline) throw this.timeout(holder);
      await sleep(backoffMs(attempt));
    }
  }

  /** Deletes our lock file, under the same removal claim a stealer would need (see the comment at the top). */
  private async release(token: string): Promise<void> {
    const claim = removalClaimPath(this.lockFile, token);
    const claimToken = randomToken();
    // Someone judged our lock stale and is removing it: it is theirs to delete.
    if (!(await createExclusive(claim, claimToken))) return;
    try {
      const current = await inspect(this.lockFile);
      if (current?.token === token) await unlinkIfPresent(this.lockFile);
    } catch (error) {
      throw fsFailure('release lock file', this.lockFile, error);
    } finally {
      await removeOwnClaim(claim, claimToken);
    }
  }

  /**
   * Removes `target` if it still is the stale file `seen`. Returns true when `seen` is gone (by us or
   * already), false when someone else is dealing with it or it turned out to be something else.
   */
  private async removeStale(target: string, seen: Inspected, depth: number): Promise<boolean> {
    const claim = removalClaimPath(target, seen.identity);
    const claimToken = randomToken();
    if (!(await createExclusive(claim, claimToken))) {
      if (depth < MAX_REMOVAL_DEPTH) {
        const remover = await inspect(claim);
        if (remover !== undefined && this.isStale(remover)) await this.removeStale(claim, remover, depth + 1);
      }
      return false;
    }
    const grave = `${target}.${randomToken()}.stale`;
    try {
      const current = await inspect(target);
      if (current === undefined) return true;
      if (current.identity !== seen.identity) return false;
      try {
        await rename(target, grave);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return true;
        throw error;
      }
      const moved = await inspect(grave);
      if (moved?.identity === seen.identity) return true;
      // Not the file we judged stale: put it back, never over a newer lock file.
      await link(grave, target).catch(() => undefined);
      return false;
    } catch (error) {
      throw fsFailure('remove stale lock file', target, error);
    } finally {
      await unlinkIfPresent(grave).catch(() => undefined);
      await removeOwnClaim(claim, claimToken);
    }
  }

  /**
   * Left behind by a crashed process: its pid is gone from this host, or it is older than staleAfterMs
   * (or than UNWRITTEN_STALE_AFTER_MS when its creator never wrote its record).
   */
  private isStale(holder: Inspected): boolean {
    if (holder.pid === undefined) return holder.ageMs > Math.min(this.staleAfterMs, UNWRITTEN_STALE_AFTER_MS);
    if (holder.hostname === hostname() && !isProcessAlive(holder.pid)) return true;
    return holder.ageMs > this.staleAfterMs;
  }

  private timeout(holder: Inspected): StoreError {
    const who =
      holder.pid !== undefined ? ` (held by pid ${holder.pid} on ${holder.hostname ?? 'an unknown host'})` : '';
    return new StoreError(
      `Timed out after ${this.lockTimeoutMs} ms waiting for the lock file ${this.lockFile}${who}; if no deploy-lock process is running, delete it.`,
    );
  }
}

// ---- helpers ----

/** Creates `path` with O_EXCL holding a holder record. False when it already exists. */
async function createExclusive(path: string, token: string): Promise<boolean> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw fsFailure('create lock file', path, error);
  }
  const record: HolderRecord = { pid: process.pid, hostname: hostname(), token, acquired_at: new Date().toISOString() };
  try {
    await handle.writeFile(`${JSON.stringify(record)}\n`, 'utf8');
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlinkIfPresent(path).catch(() => undefined);
    throw fsFailure('write lock file', path, error);
  }
  await handle.close();
  return true;
}

/** Reads a lock or claim file through one handle, so its age and contents describe the same file. */
async function inspect(path: string): Promise<Inspected | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw fsFailure('read lock file', path, error);
  }
  try {
    const stats = await handle.stat();
    const record = parseHolderRecord(await handle.readFile('utf8'));
    return {
      // A file whose creator died before writing its record has no token; its inode and mtime stand in.
      identity: record?.token ?? `i${stats.ino}-m${Math.floor(stats.mtimeMs)}`,
      ageMs: Date.now() - stats.mtimeMs,
      ...(record ? { pid: record.pid, hostname: record.hostname, token: record.token } : {}),
    };
  } catch (error) {
    throw fsFailure('read lock file', path, error);
  } finally {
    await handle.close();
  }
}

function parseHolderRecord(text: string): HolderRecord | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value)) return undefined;
    const { pid, hostname: host, token, acquired_at } = value;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof token !== 'string') return undefined;
    // Tokens end up in file names, so accept only what we write.
    if (!/^[0-9a-f]{32}$/.test(token)) return undefined;
    return { pid, hostname: host, token, acquired_at: typeof acquired_at === 'string' ? acquired_at : '' };
  } catch {
    return undefined;
  }
}

/** Deletes a claim we created, unless it is no longer ours (we stalled and someone removed it). */
async function removeOwnClaim(claim: string, claimToken: string): Promise<void> {
  const current = await inspect(claim).catch(() => undefined);
  if (current?.token === claimToken) await unlinkIfPresent(claim).catch(() => undefined);
}

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return errorCode(error) !== 'ESRCH';
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

/** Makes the rename durable. Some platforms (Windows) cannot open or fsync a directory; that is fine. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF' && code !== 'ENOTSUP') {
      throw fsFailure('sync the directory of', directory, error);
    }
  } finally {
    await handle?.close();
  }
}

function parseDocument(text: string, file: string): Map<string, Lock> {
  const invalid = (why: string): StoreError =>
    new StoreError(`${file} is not a valid deploy-lock file (${why}); fix or remove it. It will not be overwritten.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isRecord(value)) throw invalid('expected a JSON object');
  if (value.version !== DOCUMENT_VERSION) {
    throw invalid(`expected "version": ${DOCUMENT_VERSION}, found ${JSON.stringify(value.version) ?? 'none'}`);
  }
  if (!isRecord(value.locks)) throw invalid('expected "locks" to be an object of path to lock');
  const locks = new Map<string, Lock>();
  for (const [path, lock] of Object.entries(value.locks)) {
    const problem = lockProblem(path, lock);
    if (problem) throw invalid(`lock "${path}": ${problem}`);
    locks.set(path, lock as Lock);
  }
  return locks;
}

/** Why `value` is not a stored lock for `path`, or undefined when it is one. */
function lockProblem(path: string, value: unknown): string | undefined {
  if (!isRecord(value)) return 'expected an object';
  if (value.path !== path) return 'its "path" does not match its key';
  if (typeof value.type !== 'string' || !isLockType(value.type)) return 'unknown "type"';
  for (const field of ['author', 'owner', 'source'] as const) {
    if (typeof value[field] !== 'string') return `expected "${field}" to be a string`;
  }
  for (const field of ['created_at', 'updated_at', 'expires_at'] as const) {
    if (typeof value[field] !== 'number' || !Number.isFinite(value[field])) return `expected "${field}" to be epoch seconds`;
  }
  if (!isRecord(value.links) || !Object.values(value.links).every((url) => typeof url === 'string')) {
    return 'expected "links" to map names to urls';
  }
  if (!Array.isArray(value.allow) || !value.allow.every((type) => typeof type === 'string' && isLockType(type))) {
    return 'expected "allow" to be a list of lock types';
  }
  if (value.message !== undefined && typeof value.message !== 'string') return 'expected "message" to be a string';
  if (value.ci !== undefined && !isRecord(value.ci)) return 'expected "ci" to be an object';
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One line naming the path and the cause, e.g. `Cannot write deploy-lock file /x: permission denied (EACCES)`. */
function fsFailure(action: string, path: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = errorCode(error);
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on device',
    EROFS: 'read-only file system',
    ENOTDIR: 'a parent of it is not a directory',
    EISDIR: 'it is a directory',
    EEXIST: 'a file is in the way',
  };
  const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  const cause = code && known[code] ? `${known[code]} (${code})` : firstLine;
  return new StoreError(`Cannot ${action} ${path}: ${cause}`, { cause: error });
}

function errorCode(error: unknown): string | undefined {
  return isRecord(error) && typeof error.code === 'string' ? error.code : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function randomToken(): string {
  return randomBytes(16).toString('hex');
}

/** Exponential backoff with full jitter, so processes that collided do not collide again in step. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
