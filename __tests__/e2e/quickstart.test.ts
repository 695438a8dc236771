import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, runCli, runProcess } from '../helpers/processes.js';

function quickStartCommands(): string[] {
  const readme = readFileSync(`${repoRoot}README.md`, 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quick start'));
  const block = section?.match(/```sh\n([\s\S]*?)```/)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

describe("the README's quick start", () => {
  it('is exactly two commands: the demo and the tests', () => {
    expect(quickStartCommands()).toEqual(['npm run demo', 'npm test']);
  });

  it('the first command runs a real lock → check → unlock on the file store, without npm install', async () => {
    const demo = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')).scripts.demo as string;
    // The demo must only need node and the committed bundle (no dependencies).
    expect(demo).toBe('node scripts/demo.mjs');
    expect(readFileSync(`${repoRoot}scripts/demo.mjs`, 'utf8')).not.toMatch(/from '(?!node:)/);
    const result = await runProcess(process.execPath, ['scripts/demo.mjs'], { USER: 'demo' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Locked apps\/staging for an automation run until/);
    expect(result.stdout).toMatch(/apps\/staging is locked until .* by an automation run in apps\/staging \(e2e tests running\)\n\(exit 1\)/);
    expect(result.stdout).toMatch(/Unlocked apps\/staging \(an automation run held by demo@/);
    expect(result.stdout).toContain('Quick start done');
  });
});

describe('--wait through real processes', () => {
  async function heldFile(): Promise<string> {
    const file = `${mkdtempSync(join(tmpdir(), 'wait-'))}/locks.json`;
    expect((await runCli(['lock', 'apps', '--type', 'deploy', '--duration', '1h', '--owner', 'a', '--file', file])).code).toBe(0);
    return file;
  }
  const releaseSoon = async (file: string) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await runCli(['unlock', 'apps', '--type', 'deploy', '--owner', 'a', '--file', file])).code).toBe(0);
  };

  it('lock --wait acquires once the holder releases', async () => {
    const file = await heldFile();
    const waiting = runCli(['lock', 'apps', '--type', 'deploy', '--duration', '1h', '--owner', 'b', '--wait', '1m', '--file', file]);
    await releaseSoon(file);
    const locked = await waiting;
    expect(locked.stderr).toMatch(/^Waiting: apps is locked until .* \(held by a\); giving up in /);
    expect(locked.code).toBe(0);
    expect(locked.stdout).toMatch(/^Locked apps for a deploy until/);
  });

  it('check --wait turns allowed once the holder releases', async () => {
    const file = await heldFile();
    const checking = runCli(['check', 'apps/x', '--type', 'deploy', '--wait', '1m', '--file', file]);
    await releaseSoon(file);
    const checked = await checking;
    expect(checked.stderr).toMatch(/^Waiting: apps is locked until/);
    expect(checked).toMatchObject({ code: 0, stdout: 'Allowed: no lock at apps/x or above it stops a deploy.\n' });
  });
});

describe('output into a closed pipe', () => {
  it('`deploy-lock list --json | head` ends quietly with exit 0, no stack trace', async () => {
    const fakes = Array.from({ length: 3000 }, (_, index) => `apps/app-${index}:{"type":"deploy"}`).join('\n');
    const result = await runProcess('bash', ['-c', `"${process.execPath}" dist/cli/index.js list --json | head -c 20 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`], { DEPLOY_LOCK_FAKE: fakes });
    expect(result.stdout).toBe('exit=0\n');
    expect(result.stderr).toBe('');
  });
});
