// The quick start: a real lock → check → unlock with the committed CLI bundle on the embedded file store.
// Needs no npm install. Prints each command and what it answered.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'deploy-lock-demo-'));
const file = join(dir, 'locks.json');
const steps = [
  { args: ['lock', 'apps/staging', '--type', 'automation', '--duration', '30m', '--allow', 'automation', '--message', 'e2e tests running'], expect: 0 },
  { args: ['check', 'apps/staging/a/auth-app', '--type', 'deploy'], expect: 1 },
  { args: ['check', 'apps/staging/a/auth-app', '--type', 'automation'], expect: 0 },
  { args: ['list'], expect: 0 },
  { args: ['unlock', 'apps/staging', '--type', 'automation'], expect: 0 },
  { args: ['check', 'apps/staging/a/auth-app', '--type', 'deploy'], expect: 0 },
];

let ok = true;
try {
  for (const step of steps) {
    console.log(`$ deploy-lock ${step.args.join(' ')}`);
    const result = spawnSync(process.execPath, ['dist/cli/index.js', ...step.args, '--file', file], { encoding: 'utf8' });
    process.stdout.write(result.stdout + result.stderr);
    console.log(`(exit ${result.status})\n`);
    if (result.status !== step.expect) {
      console.error(`expected exit ${step.expect}, got ${result.status}`);
      ok = false;
      break;
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(ok ? 'Quick start done: the lock was taken, blocked a deploy, allowed automation, and was released.' : 'Quick start failed.');
process.exitCode = ok ? 0 : 1;
