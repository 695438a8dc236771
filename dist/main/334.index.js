export const id = 334;
export const ids = [334];
export const modules = {

/***/ 1334:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FileLockStore: () => (/* binding */ FileLockStore)
/* harmony export */ });
/* unused harmony exports lockFilePath, removalClaimPath */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2807);
/* harmony import */ var _core_lock_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8947);
/* harmony import */ var _core_path_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3059);
/* harmony import */ var _store_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4899);








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
/** The exclusive lock file that guards writes to `file`. */
function lockFilePath(file) {
    return `${file}.lock`;
}
/** The claim a process must hold to remove the lock-like file `target` whose identity is `identity`. */
function removalClaimPath(target, identity) {
    return `${target}.removing-${identity}`;
}
class FileLockStore {
    kind = 'file';
    file;
    lockFile;
    lockTimeoutMs;
    staleAfterMs;
    constructor(options) {
        this.file = options.file;
        this.lockFile = lockFilePath(options.file);
        this.lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
        this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    }
    async putIfAvailable(lock, now) {
        return this.underLockFile(async (held) => {
            const locks = await this.readDocument();
            const existing = locks.get(lock.path);
            if (!(0,_store_js__WEBPACK_IMPORTED_MODULE_7__/* .mayOverwrite */ .HW)(existing, lock, now))
                return { ok: false, holder: existing };
            locks.set(lock.path, structuredClone(lock));
            await this.writeDocument(locks, held);
            return { ok: true, lock: structuredClone(lock) };
        });
    }
    async getMany(paths) {
        if (paths.length === 0)
            return [];
        const locks = await this.readDocument();
        return paths.flatMap((path) => {
            const lock = locks.get(path);
            return lock ? [lock] : [];
        });
    }
    async deleteIf(path, match) {
        return this.underLockFile(async (held) => {
            const locks = await this.readDocument();
            const existing = locks.get(path);
            if (existing === undefined)
                return { status: 'absent' };
            if (!(0,_store_js__WEBPACK_IMPORTED_MODULE_7__/* .matchesDelete */ .$b)(existing, match))
                return { status: 'mismatch', holder: existing };
            locks.delete(path);
            await this.writeDocument(locks, held);
            return { status: 'deleted', lock: existing };
        });
    }
    async *list(prefix) {
        const locks = await this.readDocument();
        const matching = [...locks.values()]
            .filter((lock) => (0,_core_path_js__WEBPACK_IMPORTED_MODULE_6__/* .isAtOrBelow */ .a5)(lock.path, prefix))
            .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        yield* matching;
    }
    async close() { }
    // ---- the document ----
    /** The stored locks by path; a missing document is an empty store. Each call returns fresh objects. */
    async readDocument() {
        let text;
        try {
            text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(this.file, 'utf8');
        }
        catch (error) {
            if (errorCode(error) === 'ENOENT')
                return new Map();
            throw fsFailure('read deploy-lock file', this.file, error);
        }
        return parseDocument(text, this.file);
    }
    /** Replaces the document atomically: temp file in the same directory, fsync, rename, fsync the directory. */
    async writeDocument(locks, held) {
        const sorted = [...locks.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        // Object.fromEntries defines own properties, so even a path like `__proto__` is stored as data.
        const text = `${JSON.stringify({ version: DOCUMENT_VERSION, locks: Object.fromEntries(sorted) }, null, 2)}\n`;
        const temp = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(this.file), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(this.file)}.${process.pid}.${randomToken()}.tmp`);
        await this.removeLeftovers(held.token);
        let renamed = false;
        try {
            const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(temp, 'wx', 0o600);
            try {
                await handle.writeFile(text, 'utf8');
                await handle.sync();
            }
            finally {
                await handle.close();
            }
            await held.assertStillHeld();
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temp, this.file);
            renamed = true;
        }
        catch (error) {
            if (error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StoreError */ .AD)
                throw error;
            throw fsFailure('write deploy-lock file', this.file, error);
        }
        finally {
            if (!renamed)
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(temp).catch(() => undefined);
        }
        await syncDirectory((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(this.file));
    }
    /**
     * Deletes what crashed processes left behind. Call only while holding the lock file (with `token`):
     * - temp files: only a holder writes one, so any other belongs to a writer that died or lost the lock
     *   (its rename then fails and it reports an error, writing nothing);
     * - graves: garbage as soon as they exist;
     * - removal claims for any lock file but ours: the lock file they guard is gone for good.
     */
    async removeLeftovers(token) {
        const base = escapeRegExp((0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(this.file));
        const leftover = new RegExp(`^(\\.${base}\\.\\d+\\.[0-9a-f]{32}\\.tmp|${base}\\.lock(\\..*)?\\.[0-9a-f]{32}\\.stale|${base}\\.lock\\.removing-.*)$`);
        const ownClaim = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(removalClaimPath(this.lockFile, token));
        const names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(this.file)).catch(() => []);
        const garbage = names.filter((name) => leftover.test(name) && !name.startsWith(ownClaim));
        await Promise.all(garbage.map((name) => unlinkIfPresent((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(this.file), name)).catch(() => undefined)));
    }
    // ---- the lock file ----
    /** Runs `work` while holding the lock file. */
    async underLockFile(work) {
        const token = await this.acquire();
        const assertStillHeld = async () => {
            const current = await inspect(this.lockFile);
            if (current?.token !== token) {
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StoreError */ .AD(`Lost the lock file ${this.lockFile} while writing (held longer than ${this.staleAfterMs} ms); nothing was written.`);
            }
        };
        let result;
        try {
            result = await work({ token, assertStillHeld });
        }
        catch (error) {
            // The original failure matters more than a failed release.
            await this.release(token).catch(() => undefined);
            throw error;
        }
        await this.release(token);
        return result;
    }
    async acquire() {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(this.file), { recursive: true, mode: 0o700 });
        }
        catch (error) {
            throw fsFailure('create the directory for', this.file, error);
        }
        const token = randomToken();
        const deadline = Date.now() + this.lockTimeoutMs;
        for (let attempt = 0;; attempt++) {
            if (await createExclusive(this.lockFile, token))
                return token;
            const holder = await inspect(this.lockFile);
            // Released in the meantime: try again at once.
            if (holder === undefined)
                continue;
            if (this.isStale(holder) && (await this.removeStale(this.lockFile, holder, 0)))
                continue;
            if (Date.now() >= deadline)
                throw this.timeout(holder);
            await sleep(backoffMs(attempt));
        }
    }
    /** Deletes our lock file, under the same removal claim a stealer would need (see the comment at the top). */
    async release(token) {
        const claim = removalClaimPath(this.lockFile, token);
        const claimToken = randomToken();
        // Someone judged our lock stale and is removing it: it is theirs to delete.
        if (!(await createExclusive(claim, claimToken)))
            return;
        try {
            const current = await inspect(this.lockFile);
            if (current?.token === token)
                await unlinkIfPresent(this.lockFile);
        }
        catch (error) {
            throw fsFailure('release lock file', this.lockFile, error);
        }
        finally {
            await removeOwnClaim(claim, claimToken);
        }
    }
    /**
     * Removes `target` if it still is the stale file `seen`. Returns true when `seen` is gone (by us or
     * already), false when someone else is dealing with it or it turned out to be something else.
     */
    async removeStale(target, seen, depth) {
        const claim = removalClaimPath(target, seen.identity);
        const claimToken = randomToken();
        if (!(await createExclusive(claim, claimToken))) {
            if (depth < MAX_REMOVAL_DEPTH) {
                const remover = await inspect(claim);
                if (remover !== undefined && this.isStale(remover))
                    await this.removeStale(claim, remover, depth + 1);
            }
            return false;
        }
        const grave = `${target}.${randomToken()}.stale`;
        try {
            const current = await inspect(target);
            if (current === undefined)
                return true;
            if (current.identity !== seen.identity)
                return false;
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(target, grave);
            }
            catch (error) {
                if (errorCode(error) === 'ENOENT')
                    return true;
                throw error;
            }
            const moved = await inspect(grave);
            if (moved?.identity === seen.identity)
                return true;
            // Not the file we judged stale: put it back, never over a newer lock file.
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.link)(grave, target).catch(() => undefined);
            return false;
        }
        catch (error) {
            throw fsFailure('remove stale lock file', target, error);
        }
        finally {
            await unlinkIfPresent(grave).catch(() => undefined);
            await removeOwnClaim(claim, claimToken);
        }
    }
    /**
     * Left behind by a crashed process: its pid is gone from this host, or it is older than staleAfterMs
     * (or than UNWRITTEN_STALE_AFTER_MS when its creator never wrote its record).
     */
    isStale(holder) {
        if (holder.pid === undefined)
            return holder.ageMs > Math.min(this.staleAfterMs, UNWRITTEN_STALE_AFTER_MS);
        if (holder.hostname === (0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)() && !isProcessAlive(holder.pid))
            return true;
        return holder.ageMs > this.staleAfterMs;
    }
    timeout(holder) {
        const who = holder.pid !== undefined ? ` (held by pid ${holder.pid} on ${holder.hostname ?? 'an unknown host'})` : '';
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StoreError */ .AD(`Timed out after ${this.lockTimeoutMs} ms waiting for the lock file ${this.lockFile}${who}; if no deploy-lock process is running, delete it.`);
    }
}
// ---- helpers ----
/** Creates `path` with O_EXCL holding a holder record. False when it already exists. */
async function createExclusive(path, token) {
    let handle;
    try {
        handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, 'wx', 0o600);
    }
    catch (error) {
        if (errorCode(error) === 'EEXIST')
            return false;
        throw fsFailure('create lock file', path, error);
    }
    const record = { pid: process.pid, hostname: (0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)(), token, acquired_at: new Date().toISOString() };
    try {
        await handle.writeFile(`${JSON.stringify(record)}\n`, 'utf8');
    }
    catch (error) {
        await handle.close().catch(() => undefined);
        await unlinkIfPresent(path).catch(() => undefined);
        throw fsFailure('write lock file', path, error);
    }
    await handle.close();
    return true;
}
/** Reads a lock or claim file through one handle, so its age and contents describe the same file. */
async function inspect(path) {
    let handle;
    try {
        handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, 'r');
    }
    catch (error) {
        if (errorCode(error) === 'ENOENT')
            return undefined;
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
    }
    catch (error) {
        throw fsFailure('read lock file', path, error);
    }
    finally {
        await handle.close();
    }
}
function parseHolderRecord(text) {
    try {
        const value = JSON.parse(text);
        if (!isRecord(value))
            return undefined;
        const { pid, hostname: host, token, acquired_at } = value;
        if (typeof pid !== 'number' || typeof host !== 'string' || typeof token !== 'string')
            return undefined;
        // Tokens end up in file names, so accept only what we write.
        if (!/^[0-9a-f]{32}$/.test(token))
            return undefined;
        return { pid, hostname: host, token, acquired_at: typeof acquired_at === 'string' ? acquired_at : '' };
    }
    catch {
        return undefined;
    }
}
/** Deletes a claim we created, unless it is no longer ours (we stalled and someone removed it). */
async function removeOwnClaim(claim, claimToken) {
    const current = await inspect(claim).catch(() => undefined);
    if (current?.token === claimToken)
        await unlinkIfPresent(claim).catch(() => undefined);
}
function isProcessAlive(pid) {
    if (pid === process.pid)
        return true;
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        // EPERM: it exists but belongs to another user.
        return errorCode(error) !== 'ESRCH';
    }
}
async function unlinkIfPresent(path) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.unlink)(path);
    }
    catch (error) {
        if (errorCode(error) !== 'ENOENT')
            throw error;
    }
}
/** Makes the rename durable. Some platforms (Windows) cannot open or fsync a directory; that is fine. */
async function syncDirectory(directory) {
    let handle;
    try {
        handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(directory, 'r');
        await handle.sync();
    }
    catch (error) {
        const code = errorCode(error);
        if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF' && code !== 'ENOTSUP') {
            throw fsFailure('sync the directory of', directory, error);
        }
    }
    finally {
        await handle?.close();
    }
}
function parseDocument(text, file) {
    const invalid = (why) => new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StoreError */ .AD(`${file} is not a valid deploy-lock file (${why}); fix or remove it. It will not be overwritten.`);
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw invalid(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!isRecord(value))
        throw invalid('expected a JSON object');
    if (value.version !== DOCUMENT_VERSION) {
        throw invalid(`expected "version": ${DOCUMENT_VERSION}, found ${JSON.stringify(value.version) ?? 'none'}`);
    }
    if (!isRecord(value.locks))
        throw invalid('expected "locks" to be an object of path to lock');
    const locks = new Map();
    for (const [path, lock] of Object.entries(value.locks)) {
        const problem = lockProblem(path, lock);
        if (problem)
            throw invalid(`lock "${path}": ${problem}`);
        locks.set(path, lock);
    }
    return locks;
}
/** Why `value` is not a stored lock for `path`, or undefined when it is one. */
function lockProblem(path, value) {
    if (!isRecord(value))
        return 'expected an object';
    if (value.path !== path)
        return 'its "path" does not match its key';
    if (typeof value.type !== 'string' || !(0,_core_lock_js__WEBPACK_IMPORTED_MODULE_5__/* .isLockType */ .gi)(value.type))
        return 'unknown "type"';
    for (const field of ['author', 'owner', 'source']) {
        if (typeof value[field] !== 'string')
            return `expected "${field}" to be a string`;
    }
    for (const field of ['created_at', 'updated_at', 'expires_at']) {
        if (typeof value[field] !== 'number' || !Number.isFinite(value[field]))
            return `expected "${field}" to be epoch seconds`;
    }
    if (!isRecord(value.links) || !Object.values(value.links).every((url) => typeof url === 'string')) {
        return 'expected "links" to map names to urls';
    }
    if (!Array.isArray(value.allow) || !value.allow.every((type) => typeof type === 'string' && (0,_core_lock_js__WEBPACK_IMPORTED_MODULE_5__/* .isLockType */ .gi)(type))) {
        return 'expected "allow" to be a list of lock types';
    }
    if (value.message !== undefined && typeof value.message !== 'string')
        return 'expected "message" to be a string';
    if (value.ci !== undefined && !isRecord(value.ci))
        return 'expected "ci" to be an object';
    return undefined;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** One line naming the path and the cause, e.g. `Cannot write deploy-lock file /x: permission denied (EACCES)`. */
function fsFailure(action, path, error) {
    if (error instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StoreError */ .AD)
        return error;
    const code = errorCode(error);
    const known = {
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
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .StoreError */ .AD(`Cannot ${action} ${path}: ${cause}`, { cause: error });
}
function errorCode(error) {
    return isRecord(error) && typeof error.code === 'string' ? error.code : undefined;
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
function randomToken() {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16).toString('hex');
}
/** Exponential backoff with full jitter, so processes that collided do not collide again in step. */
function backoffMs(attempt) {
    const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt);
    return ceiling / 2 + Math.random() * (ceiling / 2);
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}


/***/ })

};
