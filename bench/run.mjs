// npm run bench: the action's cold start. Wall time (median of several runs) of the committed main bundle doing a
// `check` against a local dynalite, on Node 24 as the runner uses, next to a bare `node -e 0`; then the sizes of
// the committed bundles. BENCH_RUNS sets the number of timed runs (default 9).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import dynalite from 'dynalite';
import { node24Path } from '../scripts/node24.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const TABLE = 'deploy-lock-bench';
const AWS = { AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };

/** Runs a process to its end without blocking this one (dynalite answers from this process's event loop). */
function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Times `runs` runs after one untimed warm-up (page cache), failing loudly if any run fails. */
async function time(label, command, args, env) {
  const samples = [];
  for (let index = 0; index <= RUNS; index++) {
    const result = await run(command, args, env());
    if (result.code !== 0) throw new Error(`${label} exited with ${result.code}:\n${result.output}`);
    if (index > 0) samples.push(result.ms);
  }
  return { label, median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

function directoryBytes(directory) {
  return readdirSync(directory).reduce((total, name) => total + statSync(join(directory, name)).size, 0);
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const ms = (value) => `${value.toFixed(0)} ms`;

function table(header, rows) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const node = node24Path();
const server = dynalite({ createTableMs: 0 });
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', resolve);
});
const endpoint = `http://127.0.0.1:${server.address().port}`;
const scratch = mkdtempSync(join(tmpdir(), 'deploy-lock-bench-'));
try {
  const setup = await run(process.execPath, ['dist/cli/index.js', 'setup', '--table', TABLE, '--endpoint', endpoint], {
    ...process.env,
    ...AWS,
  });
  if (setup.code !== 0) throw new Error(`creating the bench table failed:\n${setup.output}`);

  // The runner gives each step fresh file-command files; so does every timed run.
  let step = 0;
  const actionEnv = () => {
    step += 1;
    const files = ['output', 'state', 'summary'].map((kind) => join(scratch, `${kind}-${step}`));
    for (const file of files) writeFileSync(file, '');
    return {
      PATH: process.env.PATH,
      HOME: scratch,
      ...AWS,
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '1',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'bench',
      GITHUB_OUTPUT: files[0],
      GITHUB_STATE: files[1],
      GITHUB_STEP_SUMMARY: files[2],
      INPUT_COMMAND: 'check',
      INPUT_PATH: 'apps/staging/auth-app',
      INPUT_TYPE: 'deploy',
      INPUT_STORAGE: 'dynamodb',
      INPUT_TABLE: TABLE,
      INPUT_ENDPOINT: endpoint,
      'INPUT_FAIL-ON-LOCKED': 'true',
      INPUT_RELEASE: 'true',
    };
  };

  const bare = await time('node -e 0', node, ['-e', '0'], () => ({ PATH: process.env.PATH }));
  const check = await time('dist/main check (dynalite)', node, ['dist/main/index.js'], actionEnv);

  console.log(`Cold start on Node ${(await run(node, ['-p', 'process.versions.node'], {})).output.trim()}, ${RUNS} runs each (after one warm-up)\n`);
  console.log(
    table(
      ['run', 'median', 'min', 'max'],
      [bare, check].map((row) => [row.label, ms(row.median), ms(row.min), ms(row.max)]),
    ),
  );
  console.log(`\nThe action's own start-up and check: ${ms(check.median - bare.median)} over a bare Node start.\n`);

  const bundles = ['main', 'post', 'cli'].map((name) => {
    const directory = join(ROOT, 'dist', name);
    return [`dist/${name}`, kib(statSync(join(directory, 'index.js')).size), kib(directoryBytes(directory))];
  });
  console.log(table(['bundle', 'index.js (loaded first)', 'all files (chunks load lazily)'], bundles));
} finally {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
}
