// The one test command (npm test): rebuild dist/ and fail on any difference from what is committed, make sure
// the tools the end-to-end tests drive are present (Node 24 for the action bundles, rsync for gitlab-ci-local),
// run every jest suite, and end with the plain line "N passed, N failed".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const problems = [];
const step = (title) => console.log(`\n== ${title}`);

if (!existsSync('node_modules/.package-lock.json')) {
  step('npm ci (first run on this clone)');
  if (spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' }).status !== 0) {
    console.log('npm ci failed\n0 passed, 1 failed');
    process.exit(1);
  }
}

step('build (typecheck + bundles)');
const build = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
if (build.status !== 0) problems.push('npm run build failed');

step('dist/ equals a fresh build');
const drift = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'dist/'], { encoding: 'utf8' });
if (drift.trim() !== '') {
  console.log(drift);
  problems.push('dist/ differs from a fresh build: run `npm run build` and commit dist/');
} else {
  console.log('dist/ is up to date');
}

step('tools for the end-to-end tests');
const node24 = spawnSync(process.execPath, ['scripts/node24.mjs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (node24.status !== 0) problems.push('Node 24 is not available (scripts/node24.mjs)');
else console.log(`node 24: ${node24.stdout.trim()}`);
if (spawnSync('rsync', ['--version'], { stdio: 'ignore' }).status !== 0) {
  // gitlab-ci-local's shell executor copies the project with rsync.
  if (process.getuid?.() === 0) {
    spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq rsync'], { stdio: 'inherit' });
  }
  if (spawnSync('rsync', ['--version'], { stdio: 'ignore' }).status !== 0) problems.push('rsync is missing: apt-get install -y rsync');
}

step('jest');
mkdirSync('.cache', { recursive: true });
const results = '.cache/jest-results.json';
const jest = spawnSync('npx', ['jest', '--json', `--outputFile=${results}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim() },
});
let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  passed = summary.numPassedTests;
  failed = summary.numFailedTests;
  // A suite that fails to load has no failed tests of its own: count it, so it cannot pass unseen.
  failed += summary.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length;
} else {
  problems.push('jest wrote no results');
}
if (jest.status !== 0 && failed === 0) problems.push(`jest exited with ${jest.status}`);

if (problems.length > 0) console.log(`\nProblems:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = problems.length > 0 || failed > 0 ? 1 : 0;
