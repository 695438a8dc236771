export const id = 547;
export const ids = [547];
export const modules = {

/***/ 807:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AD: () => (/* binding */ StoreError)
/* harmony export */ });
/* unused harmony exports EXIT_OK, EXIT_DENIED, EXIT_USAGE, EXIT_STORE, UsageError, errorMessage, exitCodeFor */
/**
 * One error vocabulary for every front end:
 * usage (bad input: exit 2 / HTTP 400), store (backend failure: exit 3 / HTTP 503).
 * Denials and lost races are results, not errors (exit 1 / HTTP 423).
 */
const EXIT_OK = 0;
const EXIT_DENIED = 1;
const EXIT_USAGE = 2;
const EXIT_STORE = 3;
/** Bad input. `field` names the flag or input, so the message can say what is accepted. */
class UsageError extends Error {
    field;
    name = 'UsageError';
    constructor(field, message) {
        super(message);
        this.field = field;
    }
}
/** The store could not be read or written; `cause` keeps the backend's own error. */
class StoreError extends Error {
    name = 'StoreError';
    constructor(message, options) {
        super(message, options);
    }
}
/** A one-line description of anything thrown, for logs and annotations (never a stack trace). */
function errorMessage(error) {
    if (error instanceof Error)
        return error.message.split('\n')[0] ?? error.name;
    if (typeof error === 'string')
        return error.split('\n')[0] ?? error;
    return String(error);
}
function exitCodeFor(error) {
    if (error instanceof UsageError)
        return EXIT_USAGE;
    return EXIT_STORE;
}


/***/ }),

/***/ 547:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openStore: () => (/* binding */ openStore)
});

// UNUSED EXPORTS: DEFAULT_TABLE, defaultLockFile, parseStorageKind, parseTable

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
// EXTERNAL MODULE: ./build/core/errors.js
var errors = __webpack_require__(807);
;// CONCATENATED MODULE: ./build/core/path.js

const MAX_PATH_LENGTH = 512;
const SEGMENT = /^[a-z0-9._-]+$/;
/**
 * The one normalisation every entry point uses, so `Apps/Staging/` and `apps/staging` are one lock:
 * trimmed, lowercased, empty segments (leading, trailing, doubled slashes) dropped.
 */
function normalizePath(raw, field = 'path') {
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
            throw new UsageError(field, `Invalid ${field} '${raw}': segment '${segment}' may only hold a-z, 0-9, '.', '_' and '-'.`);
        }
    }
    return path;
}
function pathSegments(path) {
    return path.split('/');
}
/** The path itself and every ancestor, root first: a/b/c → [a, a/b, a/b/c]. */
function pathAndAncestors(path) {
    const segments = pathSegments(path);
    return segments.map((_, index) => segments.slice(0, index + 1).join('/'));
}
/** Ancestors only, root first. */
function ancestorsOf(path) {
    return pathAndAncestors(path).slice(0, -1);
}
/** True when `path` is `prefix` or lies below it on a segment boundary (apps/st is not under apps/staging). */
function isAtOrBelow(path, prefix) {
    if (prefix === undefined)
        return true;
    return path === prefix || path.startsWith(`${prefix}/`);
}

;// CONCATENATED MODULE: ./build/store/store.js
const store_STORAGE_KINDS = (/* unused pure expression or super */ null && (['memory', 'file', 'dynamodb']));
/** The shared matching rule for deleteIf, for adapters that evaluate it themselves. */
function matchesDelete(lock, match) {
    if (match.type !== undefined && lock.type !== match.type)
        return false;
    if (match.owner !== undefined && lock.owner !== match.owner)
        return false;
    if (match.expiredAt !== undefined && lock.expires_at > match.expiredAt)
        return false;
    return true;
}
/** The shared rule for putIfAvailable, for adapters that evaluate it themselves. */
function mayOverwrite(existing, candidate, now) {
    if (existing === undefined || existing.expires_at <= now)
        return true;
    return existing.owner === candidate.owner && existing.type === candidate.type;
}

;// CONCATENATED MODULE: ./build/store/memory.js


/** In-process store for tests and --fake. Each method runs to completion without awaiting, so it is atomic. */
class MemoryLockStore {
    kind = 'memory';
    locks = new Map();
    constructor(seed = []) {
        for (const lock of seed)
            this.locks.set(lock.path, structuredClone(lock));
    }
    async putIfAvailable(lock, now) {
        const existing = this.locks.get(lock.path);
        if (!mayOverwrite(existing, lock, now))
            return { ok: false, holder: structuredClone(existing) };
        this.locks.set(lock.path, structuredClone(lock));
        return { ok: true, lock: structuredClone(lock) };
    }
    async getMany(paths) {
        return paths.flatMap((path) => {
            const lock = this.locks.get(path);
            return lock ? [structuredClone(lock)] : [];
        });
    }
    async deleteIf(path, match) {
        const existing = this.locks.get(path);
        if (existing === undefined)
            return { status: 'absent' };
        if (!matchesDelete(existing, match))
            return { status: 'mismatch', holder: structuredClone(existing) };
        this.locks.delete(path);
        return { status: 'deleted', lock: structuredClone(existing) };
    }
    async *list(prefix) {
        const matching = [...this.locks.values()].filter((lock) => isAtOrBelow(lock.path, prefix));
        for (const lock of matching)
            yield structuredClone(lock);
    }
    async close() { }
}

;// CONCATENATED MODULE: ./build/store/index.js





const DEFAULT_TABLE = 'locks';
/** The file store's default home: $XDG_STATE_HOME/deploy-lock/locks.json, else ~/.local/state/deploy-lock/locks.json. */
function defaultLockFile(env) {
    const stateHome = env.XDG_STATE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.local', 'state');
    return join(stateHome, 'deploy-lock', 'locks.json');
}
function parseStorageKind(raw, field) {
    const text = raw.trim().toLowerCase();
    // The original tool called it "dynamo"; keep that spelling working.
    const kind = text === 'dynamo' ? 'dynamodb' : text;
    if (!STORAGE_KINDS.includes(kind)) {
        throw new UsageError(field, `Invalid ${field} '${raw}': expected one of ${STORAGE_KINDS.join(', ')}.`);
    }
    return kind;
}
function parseTable(raw, field) {
    if (raw === undefined)
        return DEFAULT_TABLE;
    const table = raw.trim();
    // DynamoDB's own rule for table names.
    if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(table)) {
        throw new UsageError(field, `Invalid ${field} '${raw}': expected a DynamoDB table name (3-255 of a-z, A-Z, 0-9, '_', '-', '.').`);
    }
    return table;
}
/** Opens the configured store; the DynamoDB client is loaded only when it is used, to keep start-up fast. */
async function openStore(options) {
    switch (options.storage) {
        case 'memory':
            return new MemoryLockStore(options.seed ?? []);
        case 'file': {
            const { FileLockStore } = await __webpack_require__.e(/* import() */ 334).then(__webpack_require__.bind(__webpack_require__, 334));
            return new FileLockStore({ file: options.file });
        }
        case 'dynamodb': {
            const { DynamoLockStore } = await __webpack_require__.e(/* import() */ 246).then(__webpack_require__.bind(__webpack_require__, 246));
            return new DynamoLockStore({
                table: options.table,
                ...(options.region ? { region: options.region } : {}),
                ...(options.endpoint ? { endpoint: options.endpoint } : {}),
            });
        }
    }
}


/***/ })

};
