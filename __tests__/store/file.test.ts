import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { StoreError } from '../../src/core/errors.js';
import type { Lock } from '../../src/core/lock.js';
import { FileLockStore, lockFilePath, removalClaimPath } from '../../src/store/file.js';
import { lockStoreContract, makeLock, NOW } from './contract.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const tempDirs: string[] = [];

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deploy-lock-file-'));
  tempDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

lockStoreContract('file', {
  open: async ({ pageSize }) => new FileLockStore({ file: join(await freshDir(), 'state', 'locks.json'), pageSize }),
});

/** A lock or claim file's contents as a holder writes them. */
function holderRecord(pid: number, host = hostname()): { text: string; token: string } {
  const token = randomBytes(16).toString('hex');
  return { token, text: JSON.stringify({ pid, hostname: host, token, acquired_at: new Date().toISOString() }) };
}

/** The pid of a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('close', resolve));
  if (child.pid === undefined) throw new Error('could not start a child process');
  return child.pid;
}

async function listAll(store: FileLockStore, prefix?: string): Promise<Lock[]> {
  const locks: Lock[] = [];
  for await (const lock of store.list(prefix)) locks.push(lock);
  return locks;
}

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('FileLockStore', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    // Most tests make their own directory; this one is for the quick single-store checks.
    dir = await freshDir();
  });

  /** A document path in a fresh, existing directory, so tests can plant lock files before the first write. */
  async function freshFile(): Promise<string> {
    const state = join(await freshDir(), 'state');
    await mkdir(state);
    return join(state, 'locks.json');
  }

  describe('the document', () => {
    it('is versioned JSON keyed by path, in a private directory created on first write', async () => {
      file = join(dir, 'nested', 'state', 'locks.json');
      const store = new FileLockStore({ file });
      const lock = makeLock('apps/staging', { message: 'why' });
      await store.putIfAvailable(lock, NOW);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, locks: { 'apps/staging': lock } });
      expect((await stat(join(dir, 'nested', 'state'))).mode & 0o777).toBe(0o700);
    });

    it('treats a missing document as an empty store, and reading does not create it', async () => {
      const missing = join(await freshDir(), 'state', 'locks.json');
      const store = new FileLockStore({ file: missing });
      expect(await listAll(store)).toEqual([]);
      expect(await store.getMany(['apps'])).toEqual([]);
      await expect(stat(join(missing, '..'))).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('stores a path that looks like an object key (__proto__) as data', async () => {
      const store = new FileLockStore({ file: await freshFile() });
      const lock = makeLock('__proto__');
      expect((await store.putIfAvailable(lock, NOW)).ok).toBe(true);
      expect(await store.getMany(['__proto__'])).toEqual([lock]);
      expect(await listAll(store)).toEqual([lock]);
    });

    it('leaves no temp or lock files behind after writes', async () => {
      const target = await freshFile();
      const store = new FileLockStore({ file: target });
      await store.putIfAvailable(makeLock('apps'), NOW);
      await store.putIfAvailable(makeLock('apps/a'), NOW);
      await store.putIfAvailable(makeLock('apps', { owner: 'owner-b' }), NOW);
      await store.deleteIf('apps/a', { owner: 'owner-a' });
      expect(await readdir(join(target, '..'))).toEqual(['locks.json']);
      expect((await store.getMany(['apps', 'apps/a'])).map((lock) => lock.path)).toEqual(['apps']);
    });

    it('cleans up temp files, graves and removal claims left by crashed processes, and nothing else', async () => {
      const target = await freshFile();
      const token = randomBytes(16).toString('hex');
      const leftovers = [
        `.locks.json.${await deadPid()}.${token}.tmp`,
        `locks.json.lock.${token}.stale`,
        `locks.json.lock.removing-${token}.${token}.stale`,
        `locks.json.lock.removing-${token}`,
        `locks.json.lock.removing-${token}.removing-${token}`,
      ];
      const unrelated = ['notes.txt', '.other.json.1.tmp', `.locks.json.1.${token}.tmp.keep`];
      for (const name of [...leftovers, ...unrelated]) await writeFile(join(target, '..', name), 'x');

      await new FileLockStore({ file: target }).putIfAvailable(makeLock('apps'), NOW);
      expect((await readdir(join(target, '..'))).sort()).toEqual(['locks.json', ...unrelated].sort());
    });
  });

  describe('a corrupt document', () => {
    it.each([
      ['invalid JSON', '{"version": 1, "locks": {'],
      ['not an object', '[]'],
      ['an unknown version', '{"version": 2, "locks": {}}'],
      ['locks that are not an object', '{"version": 1, "locks": []}'],
      ['a lock stored under another path', JSON.stringify({ version: 1, locks: { apps: makeLock('other') } })],
      ['a lock with an unknown type', JSON.stringify({ version: 1, locks: { apps: { ...makeLock('apps'), type: 'party' } } })],
      ['a lock without an expiry', JSON.stringify({ version: 1, locks: { apps: { ...makeLock('apps'), expires_at: 'soon' } } })],
    ])('(%s) is reported with its path and never overwritten', async (_case, content) => {
      const target = await freshFile();
      await new FileLockStore({ file: target }).putIfAvailable(makeLock('seed'), NOW);
      await writeFile(target, content);
      const store = new FileLockStore({ file: target });

      const readError = await storeError(store.getMany(['apps']));
      expect(readError.message).toContain(`${target} is not a valid deploy-lock file`);
      expect(readError.message).not.toContain('\n');
      await storeError(listAll(store));
      const putError = await storeError(store.putIfAvailable(makeLock('apps'), NOW));
      expect(putError.message).toContain(target);
      await storeError(store.deleteIf('apps', {}));

      expect(await readFile(target, 'utf8')).toBe(content);
      // The failed writes released their lock file and left no temp file.
      expect(await readdir(join(target, '..'))).toEqual(['locks.json']);
    });
  });

  describe('an unusable location', () => {
    it('fails with one line naming the path and the cause', async () => {
      const base = await freshDir();
      await writeFile(join(base, 'not-a-directory'), 'x');
      const target = join(base, 'not-a-directory', 'locks.json');
      const store = new FileLockStore({ file: target });

      const writeError = await storeError(store.putIfAvailable(makeLock('apps'), NOW));
      expect(writeError.message).toContain(target);
      expect(writeError.message).toMatch(/E(NOTDIR|EXIST)/);
      expect(writeError.message).not.toContain('\n');
      const readError = await storeError(store.getMany(['apps']));
      expect(readError.message).toContain(target);
      expect(readError.message).toContain('ENOTDIR');
    });
  });

  describe('the lock file', () => {
    it('makes many stores on one file in one process agree on exactly one winner', async () => {
      const target = await freshFile();
      const stores = Array.from({ length: 20 }, () => new FileLockStore({ file: target }));
      const results = await Promise.all(
        stores.map((store, index) => store.putIfAvailable(makeLock('race/one', { owner: `owner-${index}` }), NOW)),
      );
      const winners = results.flatMap((result) => (result.ok ? [result.lock.owner] : []));
      expect(winners).toHaveLength(1);
      expect((await stores[0]!.getMany(['race/one']))[0]?.owner).toBe(winners[0]);
    });

    it('loses no update when many stores write different paths at once', async () => {
      const target = await freshFile();
      const paths = Array.from({ length: 20 }, (_, index) => `apps/app-${index}`);
      await Promise.all(paths.map((path) => new FileLockStore({ file: target }).putIfAvailable(makeLock(path), NOW)));
      const stored = await listAll(new FileLockStore({ file: target }));
      expect(stored.map((lock) => lock.path).sort()).toEqual([...paths].sort());
    });

    it.each([
      ['a live process on this host', () => holderRecord(process.pid).text],
      ['a recent holder on another host', () => holderRecord(1, 'some-other-host').text],
      ['a recent lock file whose holder has not written it yet', () => ''],
    ])('held by %s makes a writer time out naming the lock file', async (_case, content) => {
      const target = await freshFile();
      await new FileLockStore({ file: target }).putIfAvailable(makeLock('seed'), NOW);
      const before = await readFile(target, 'utf8');
      const held = content();
      await writeFile(lockFilePath(target), held);

      const store = new FileLockStore({ file: target, lockTimeoutMs: 150 });
      const error = await storeError(store.putIfAvailable(makeLock('apps'), NOW));
      expect(error.message).toContain(lockFilePath(target));
      expect(error.message).not.toContain('\n');
      expect(await readFile(lockFilePath(target), 'utf8')).toBe(held);
      expect(await readFile(target, 'utf8')).toBe(before);
    });

    it('takes over a lock file whose holder on this host has died', async () => {
      const target = await freshFile();
      await new FileLockStore({ file: target }).putIfAvailable(makeLock('seed'), NOW);
      await writeFile(lockFilePath(target), holderRecord(await deadPid()).text);

      const store = new FileLockStore({ file: target, lockTimeoutMs: 5_000 });
      expect((await store.putIfAvailable(makeLock('apps'), NOW)).ok).toBe(true);
      expect((await store.getMany(['seed', 'apps'])).map((lock) => lock.path)).toEqual(['seed', 'apps']);
      expect(await readdir(join(target, '..'))).toEqual(['locks.json']);
    });

    it.each([
      ['a holder on another host, once it is older than staleAfterMs', () => holderRecord(1, 'some-other-host').text, 10 * 60_000],
      ['a creator that died before writing it, after a few seconds', () => '', 10_000],
    ])('takes over a lock file from %s', async (_case, content, ageMs) => {
      const target = await freshFile();
      await new FileLockStore({ file: target }).putIfAvailable(makeLock('seed'), NOW);
      await writeFile(lockFilePath(target), content());
      const modified = new Date(Date.now() - ageMs);
      await utimes(lockFilePath(target), modified, modified);

      const store = new FileLockStore({ file: target, lockTimeoutMs: 5_000, staleAfterMs: 60_000 });
      expect((await store.putIfAvailable(makeLock('apps'), NOW)).ok).toBe(true);
      expect(await readdir(join(target, '..'))).toEqual(['locks.json']);
    });

    it('leaves a stale lock file alone while a live process holds the claim to remove it', async () => {
      const target = await freshFile();
      const stale = holderRecord(await deadPid());
      await writeFile(lockFilePath(target), stale.text);
      const claim = removalClaimPath(lockFilePath(target), stale.token);
      await writeFile(claim, holderRecord(process.pid).text);

      const waiting = new FileLockStore({ file: target, lockTimeoutMs: 150 });
      const error = await storeError(waiting.putIfAvailable(makeLock('apps'), NOW));
      expect(error.message).toContain(lockFilePath(target));
      expect(await readFile(lockFilePath(target), 'utf8')).toBe(stale.text);

      // Once the claim's own holder has died, the claim and then the lock file are cleaned up.
      await writeFile(claim, holderRecord(await deadPid()).text);
      const store = new FileLockStore({ file: target, lockTimeoutMs: 5_000 });
      expect((await store.putIfAvailable(makeLock('apps'), NOW)).ok).toBe(true);
      expect(await readdir(join(target, '..'))).toEqual(['locks.json']);
    });

    it('lets exactly one of many stores win when they all find the same stale lock file', async () => {
      const target = await freshFile();
      await writeFile(lockFilePath(target), holderRecord(await deadPid()).text);

      const stores = Array.from({ length: 20 }, () => new FileLockStore({ file: target }));
      const results = await Promise.all(
        stores.map((store, index) => store.putIfAvailable(makeLock('race/stale', { owner: `owner-${index}` }), NOW)),
      );
      const winners = results.flatMap((result) => (result.ok ? [result.lock.owner] : []));
      expect(winners).toHaveLength(1);
      expect((await stores[0]!.getMany(['race/stale']))[0]?.owner).toBe(winners[0]);
      expect(await readdir(join(target, '..'))).toEqual(['locks.json']);
    });
  });

  describe('separate processes', () => {
    const childScript = join(repoRoot, '__tests__', 'store', 'file-race-child.mjs');
    let compiledStore: string;

    beforeAll(async () => {
      // Node 20 cannot run .ts, so compile the adapter and what it imports into a temp dir for the children.
      const outDir = await freshDir();
      const compile = promisify(execFile)(
        process.execPath,
        [
          join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
          join(repoRoot, 'src', 'store', 'file.ts'),
          ...['--outDir', outDir, '--rootDir', join(repoRoot, 'src'), '--module', 'nodenext', '--moduleResolution', 'nodenext'],
          ...['--target', 'es2022', '--types', 'node', '--skipLibCheck', '--strict'],
        ],
        { cwd: repoRoot },
      );
      await compile.catch((error: { stdout?: string }) => {
        throw new Error(`Compiling src/store/file.ts for the child processes failed:\n${error.stdout ?? String(error)}`);
      });
      await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n');
      compiledStore = join(outDir, 'store', 'file.js');
    });

    /** Starts one child per owner, releases them together, and returns what each reported. */
    async function race(target: string, path: string, owners: string[]): Promise<Array<{ ok?: boolean; owner?: string; error?: string }>> {
      const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
      const children = owners.map((owner) => {
        const child = spawn(
          process.execPath,
          [childScript, compiledStore, target, JSON.stringify(makeLock(path, { owner })), String(NOW)],
          { env, stdio: ['pipe', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const ready = new Promise<void>((resolve, reject) => {
          child.stdout.on('data', () => stdout.startsWith('ready\n') && resolve());
          child.once('close', () => reject(new Error(`child exited before it was ready: ${stderr}`)));
        });
        const finished = new Promise<string>((resolve) => child.once('close', () => resolve(stdout)));
        return { child, ready, finished };
      });
      await Promise.all(children.map(({ ready }) => ready));
      for (const { child } of children) child.stdin.write('go\n');
      const outputs = await Promise.all(children.map(({ finished }) => finished));
      return outputs.map((output) => JSON.parse(output.trim().split('\n').at(-1) ?? '{}'));
    }

    it.each([
      ['a free path', false],
      ['a path whose lock file was left by a dead process', true],
    ])('lets exactly one of 20 processes racing for %s win', async (_case, leaveStaleLockFile) => {
      const target = await freshFile();
      if (leaveStaleLockFile) {
        await new FileLockStore({ file: target }).putIfAvailable(makeLock('seed'), NOW);
        await writeFile(lockFilePath(target), holderRecord(await deadPid()).text);
      }
      const owners = Array.from({ length: 20 }, (_, index) => `process-${index}`);

      const results = await race(target, 'race/processes', owners);

      expect(results.filter((result) => result.error !== undefined)).toEqual([]);
      const winners = results.filter((result) => result.ok === true);
      expect(winners).toHaveLength(1);
      // Every loser saw the winner as the holder.
      expect(new Set(results.map((result) => result.owner))).toEqual(new Set([winners[0]?.owner]));
      const document = JSON.parse(await readFile(target, 'utf8'));
      expect(document.locks['race/processes'].owner).toBe(winners[0]?.owner);
      expect(Object.keys(document.locks).sort()).toEqual(leaveStaleLockFile ? ['race/processes', 'seed'] : ['race/processes']);
      expect(await readdir(join(target, '..'))).toEqual(['locks.json']);
    });
  });
});
