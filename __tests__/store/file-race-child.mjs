// Run as a child process by file.test.ts; it implements nothing itself, it drives the compiled adapter.
// Usage: node file-race-child.mjs <compiled store/file.js> <document path> <lock as JSON> <now>
// Prints "ready", waits for any line on stdin (so all children start together), then prints the result as JSON.
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';

const [modulePath, file, lockJson, now] = process.argv.slice(2);
const { FileLockStore } = await import(pathToFileURL(modulePath).href);
const store = new FileLockStore({ file });
const lock = JSON.parse(lockJson);

process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.destroy();

try {
  const result = await store.putIfAvailable(lock, Number(now));
  process.stdout.write(`${JSON.stringify({ ok: result.ok, owner: result.ok ? result.lock.owner : result.holder.owner })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: `${error.name}: ${error.message}` })}\n`);
  process.exitCode = 1;
}
