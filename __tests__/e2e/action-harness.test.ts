// The runner-harness tests: the committed dist/main and dist/post bundles, as-is, run as separate Node 24
// processes the way GitHub's runner runs a JavaScript action's main and post steps, against dynalite.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Lock } from '../../src/core/lock.js';
import { DynamoLockStore, ensureTable } from '../../src/store/dynamo.js';
import { MAIN_BUNDLE, node24, POST_BUNDLE, RunnerJob, type JobContext, type StepResult } from './action-runner.js';

const endpoint = process.env.DEPLOY_LOCK_TEST_ENDPOINT as string;
const region = 'us-east-1';
const AWS = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: region,
  // No instance metadata lookups on a developer machine.
  AWS_EC2_METADATA_DISABLED: 'true',
};

let node = '';

beforeAll(() => {
  node = node24();
}, 600_000);

/** A fresh table per test, and the inputs that point the action at it. */
async function freshTable(): Promise<{ table: string; store: Record<string, string> }> {
  const table = `action-${randomUUID()}`;
  await ensureTable({ table, endpoint, region });
  return { table, store: { storage: 'dynamodb', table, endpoint } };
}

async function storedLocks(table: string): Promise<Lock[]> {
  const store = new DynamoLockStore({ table, endpoint, region });
  try {
    const locks: Lock[] = [];
    for await (const lock of store.list()) locks.push(lock);
    return locks;
  } finally {
    await store.close();
  }
}

function job(context: Partial<JobContext> & Pick<JobContext, 'runId'>): RunnerJob {
  return new RunnerJob(node, { repository: 'acme/shop', job: 'deploy', ...context }, AWS);
}

const runA = 'github:acme/shop/runs/1001';
const lockInputs = { path: 'Apps/Staging', duration: '30m' };

function explain(result: StepResult): string {
  return `exit ${result.exitCode}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

function expectSuccess(result: StepResult): void {
  expect({ exitCode: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exitCode: 0, log: '' });
}

describe('the action on an emulated runner (Node 24, committed dist/, dynalite)', () => {
  it('runs on Node 24', async () => {
    const version = await job({ runId: '1' }).runScript('process.exit(Number(process.versions.node.split(".")[0]))');
    expect(version).toBe(24);
  });

  it.each([
    ['dist/main', MAIN_BUNDLE],
    ['dist/post', POST_BUNDLE],
  ])('%s loads the AWS SDK lazily, from a separate chunk', (_name, bundle) => {
    // Steps that fail on input, or post steps with nothing to release, never pay for the SDK.
    expect(readFileSync(bundle, 'utf8')).not.toContain('DynamoDBClient');
    const chunks = readdirSync(dirname(bundle)).filter((file) => /^\d+\.index\.js$/.test(file));
    expect(chunks.some((chunk) => readFileSync(join(dirname(bundle), chunk), 'utf8').includes('DynamoDBClient'))).toBe(true);
  });

  it('job A locks: outputs, state for post, summary, and the lock in the table', async () => {
    const { table, store } = await freshTable();
    const result = await job({ runId: '1001' }).main({ ...lockInputs, ...store, links: 'ticket=https://t.example.com/1' });
    expectSuccess(result);
    expect(result.outputs.locked).toBe('true');
    expect(result.outputs.allowed).toBe('true');
    expect(result.outputs.blocking).toBe('[]');
    const lock = JSON.parse(result.outputs.lock ?? '') as Lock;
    expect(lock).toMatchObject({ path: 'apps/staging', type: 'deploy', owner: runA, author: 'octocat' });
    expect(result.outputs['expires-at']).toBe(new Date(lock.expires_at * 1000).toISOString().replace('.000Z', 'Z'));
    expect(result.outputs.message).toMatch(/^Locked apps\/staging for a deploy until /);
    expect(JSON.parse(result.state.release ?? '')).toEqual({
      path: 'apps/staging',
      type: 'deploy',
      owner: runA,
      storage: 'dynamodb',
      table,
      endpoint,
    });
    expect(result.summary).toContain('deploy-lock: Locked apps/staging');
    expect(result.summary).toContain('<a href="https://github.com/acme/shop/actions/runs/1001">run</a>');
    expect(await storedLocks(table)).toEqual([
      expect.objectContaining({
        path: 'apps/staging',
        owner: runA,
        links: { run: 'https://github.com/acme/shop/actions/runs/1001', ticket: 'https://t.example.com/1' },
        ci: expect.objectContaining({ project: 'acme/shop', pipeline: '1001', job: 'deploy', ref: 'main' }),
      }),
    ]);
  });

  it('job B of another run is denied with the friendly sentence and exit 1; its post releases nothing', async () => {
    const { table, store } = await freshTable();
    expectSuccess(await job({ runId: '1001' }).main({ ...lockInputs, ...store }));
    const jobB = job({ runId: '2002' });

    const denied = await jobB.main({ ...lockInputs, ...store });
    expect(denied.exitCode).toBe(1);
    const failure = denied.annotations.find((annotation) => annotation.level === 'error' && !annotation.properties.title);
    expect(failure?.message).toMatch(/^apps\/staging is locked until \w{3} \d+ \w{3}, \d\d:\d\d by a deploy in apps\/staging/);
    expect(denied.annotations).toContainEqual({ level: 'error', message: failure?.message, properties: { title: 'apps/staging is locked' } });
    expect(denied.outputs.locked).toBe('false');
    expect(JSON.parse(denied.outputs.blocking ?? '')).toEqual([expect.objectContaining({ owner: runA })]);
    expect(denied.state.release).toBeUndefined();
    expect(denied.summary).toContain('deploy-lock: Could not lock apps/staging');

    const post = await jobB.post();
    expectSuccess(post);
    expect(post.stdout).toContain('Nothing to release: the lock was not acquired.');
    expect(await storedLocks(table)).toEqual([expect.objectContaining({ path: 'apps/staging', owner: runA })]);
  });

  it("job A's post step releases after a failed deploy step", async () => {
    const { table, store } = await freshTable();
    const jobA = job({ runId: '1001' });
    expectSuccess(await jobA.main({ ...lockInputs, ...store }));
    expect(await jobA.runScript('process.exit(1)')).toBe(1);

    const post = await jobA.post();
    expectSuccess(post);
    expect(post.stdout).toContain(`Released apps/staging (a deploy held by ${runA}).`);
    expect(post.annotations).toEqual([]);
    expect(await storedLocks(table)).toEqual([]);
  });

  it("job B with wait acquires once A's post step releases", async () => {
    const { table, store } = await freshTable();
    const jobA = job({ runId: '1001' });
    expectSuccess(await jobA.main({ ...lockInputs, ...store }));

    const jobB = job({ runId: '2002' });
    const waiting = jobB.startMain({ ...lockInputs, ...store, wait: '2m' });
    // B has been refused at least once and is retrying before A lets go.
    await waiting.printed('Waiting (');
    expect(await storedLocks(table)).toEqual([expect.objectContaining({ owner: runA })]);

    expectSuccess(await jobA.post());
    const acquired = await waiting.finished;
    expectSuccess(acquired);
    expect(acquired.outputs.locked).toBe('true');
    expect(acquired.stdout).toContain('apps/staging is locked until');
    expect(await storedLocks(table)).toEqual([expect.objectContaining({ owner: 'github:acme/shop/runs/2002' })]);

    expectSuccess(await jobB.post());
    expect(await storedLocks(table)).toEqual([]);
  });

  it('check with fail-on-locked false sets allowed=false and exits 0; with the default it fails', async () => {
    const { store } = await freshTable();
    expectSuccess(await job({ runId: '1001' }).main({ ...lockInputs, ...store }));
    const gate = job({ runId: '3003', job: 'gate' });

    const reported = await gate.main({ command: 'check', path: 'apps/staging/api', 'fail-on-locked': 'false', ...store });
    expectSuccess(reported);
    expect(reported.outputs.allowed).toBe('false');
    expect(reported.outputs.locked).toBe('false');
    expect(JSON.parse(reported.outputs.blocking ?? '')).toEqual([expect.objectContaining({ path: 'apps/staging', owner: runA })]);
    expect(reported.annotations.map((annotation) => annotation.level)).toEqual(['notice']);
    expect(reported.state).toEqual({ 'nothing-to-release': 'the check command takes no lock' });

    const failed = await gate.main({ command: 'check', path: 'apps/staging/api', ...store });
    expect(failed.exitCode).toBe(1);
    expect(failed.outputs.allowed).toBe('false');
  });

  it.each([
    ['duration', { ...lockInputs, duration: 'soon' }, /^Invalid input 'duration' 'soon': not an interval/],
    ['fail-on-locked', { ...lockInputs, 'fail-on-locked': 'maybe' }, /^Invalid input 'fail-on-locked' 'maybe': expected true or false\.$/],
    ['links', { ...lockInputs, links: 'ticket' }, /^Invalid input 'links' 'ticket': expected name=url/],
    ['path', { path: 'apps/../etc', duration: '30m' }, /^Invalid input 'path' 'apps\/\.\.\/etc'/],
  ])('a bad %s input fails the step naming the input and writes nothing', async (_input, inputs, message) => {
    const { table, store } = await freshTable();
    const badJob = job({ runId: '4004' });
    const result = await badJob.main({ ...inputs, ...store });
    expect(result.exitCode).toBe(1);
    expect(result.annotations).toEqual([{ level: 'error', message: expect.stringMatching(message), properties: {} }]);
    expect(result.outputs).toEqual({});
    expect(result.state).toEqual({});
    expect(await storedLocks(table)).toEqual([]);

    const post = await badJob.post();
    expectSuccess(post);
    expect(post.stdout).toContain('Nothing to release: the main step took no lock');
  });

  it('a re-run attempt of the same run re-acquires idempotently, and its post step releases', async () => {
    const { table, store } = await freshTable();
    // Attempt 1 took the lock and never ran its post step (runner lost).
    expectSuccess(await job({ runId: '1001', runAttempt: '1' }).main({ ...lockInputs, ...store }));
    const [first] = await storedLocks(table);

    const attempt2 = job({ runId: '1001', runAttempt: '2' });
    const rerun = await attempt2.main({ ...lockInputs, ...store });
    expectSuccess(rerun);
    expect(rerun.outputs.locked).toBe('true');
    expect(rerun.outputs.message).toContain('re-acquired');
    const [again] = await storedLocks(table);
    expect(again).toMatchObject({ owner: runA, created_at: first?.created_at });

    // Another run is still kept out while the re-run holds it.
    expect((await job({ runId: '2002' }).main({ ...lockInputs, ...store })).exitCode).toBe(1);

    expectSuccess(await attempt2.post());
    expect(await storedLocks(table)).toEqual([]);
  });
});
