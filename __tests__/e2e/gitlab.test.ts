// The GitLab CI/CD component (templates/*.yml), run as real pipelines by gitlab-ci-local 4.73.0 with the shell
// executor. The pipelines are the README's examples (__tests__/e2e/gitlab/examples/*.yml), included from a
// simulated GitLab server by version, exactly as written; see gitlab/harness.ts for how.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  APP_PROJECT,
  assertPrerequisites,
  cliBundle,
  ComponentServer,
  dynamoStore,
  fileStore,
  repoRoot,
  runProcess,
  Workspace,
  type Lock,
  type StoreTarget,
} from './gitlab/harness.js';

const PIPELINE_TIMEOUT = 120_000;
const TEMPLATES = ['lock', 'check', 'unlock'] as const;
const LOCK_TYPES = ['automation', 'deploy', 'freeze', 'incident', 'maintenance'];

let server: ComponentServer;
const workspaces: Workspace[] = [];
let tables = 0;

beforeAll(() => {
  assertPrerequisites();
  server = new ComponentServer();
});

afterEach(async () => {
  await Promise.all(workspaces.map((workspace) => workspace.settle()));
});

afterAll(() => {
  for (const dir of [server?.dir, ...workspaces.map((workspace) => workspace.dir)]) {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

type StoreKind = 'file' | 'dynamodb';

/** A fresh project (and a fresh, empty store) for one scenario. */
async function workspace(kind: StoreKind): Promise<Workspace> {
  let store: (dir: string) => StoreTarget = fileStore;
  if (kind === 'dynamodb') {
    const endpoint = process.env.DEPLOY_LOCK_TEST_ENDPOINT;
    if (!endpoint) throw new Error('DEPLOY_LOCK_TEST_ENDPOINT is not set: the jest global setup starts dynalite');
    tables += 1;
    const table = `gitlab-${process.pid}-${Date.now().toString(36)}-${tables}`;
    const setup = await runProcess(process.execPath, [cliBundle, 'setup', '--table', table, '--endpoint', endpoint]).done;
    if (setup.code !== 0) throw new Error(`deploy-lock setup failed: ${setup.stderr}`);
    store = dynamoStore(endpoint, table);
  }
  const created = new Workspace(server, store);
  workspaces.push(created);
  return created;
}

interface InputSpec {
  description?: string;
  default?: unknown;
  type?: string;
  options?: unknown[];
}
interface TemplateHeader {
  spec: { component?: string[]; inputs: Record<string, InputSpec> };
}
/** A job as YAML gives it: only the keys the tests read are typed. */
type JobYaml = { script?: string[]; after_script?: string[] } & Record<string, unknown>;

const owner = (pipelineId: string) => `gitlab:${APP_PROJECT}/pipelines/${pipelineId}`;

function only(locks: Lock[]): Lock {
  expect(locks).toHaveLength(1);
  return locks[0]!;
}

describe('the templates', () => {
  const specs = Object.fromEntries(
    TEMPLATES.map((name) => {
      const text = readFileSync(join(repoRoot, 'templates', `${name}.yml`), 'utf8');
      const [header, body] = parseAllDocuments(text).map((doc) => doc.toJS() as unknown);
      return [name, { header: header as TemplateHeader, body: body as Record<string, JobYaml>, text }];
    }),
  ) as Record<(typeof TEMPLATES)[number], { header: TemplateHeader; body: Record<string, JobYaml>; text: string }>;

  it.each(TEMPLATES)('%s.yml: every input is described, typed where it fits, used, and defaulted except path', (name) => {
    const { header, text } = specs[name];
    const inputs = header.spec.inputs;
    expect(Object.keys(inputs)).toEqual(
      expect.arrayContaining(['path', 'type', 'storage', 'table', 'region', 'endpoint', 'image', 'version', 'preinstalled', 'job_prefix']),
    );
    for (const [input, spec] of Object.entries(inputs)) {
      expect(typeof spec.description).toBe('string');
      expect(['string', 'boolean', 'number', 'array']).toContain(spec.type ?? 'string');
      if (input === 'path') expect(spec.default).toBeUndefined();
      else expect(spec.default).toBeDefined();
      // gitlab-ci-local, like GitLab, validates an input where it is interpolated.
      expect(text).toContain(`$[[ inputs.${input} ]]`);
    }
    expect(inputs.type!.options).toEqual(LOCK_TYPES);
    expect(header.spec.component).toEqual(['version']);
  });

  it.each(TEMPLATES)('%s.yml: no global keywords, and every job gets the same setup script', (name) => {
    const { body } = specs[name];
    for (const key of Object.keys(body)) {
      expect(['default', 'workflow', 'variables', 'stages', 'include', 'image', 'services', 'before_script', 'after_script', 'cache']).not.toContain(key);
      expect(key).toMatch(/^\.?"?\$\[\[ inputs\.job_prefix \]\]-[a-z]+"?$/);
    }
    const setup = specs.lock.body['$[[ inputs.job_prefix ]]-acquire']!.script![1];
    expect(setup).toMatch(/^# deploy-lock setup/);
    for (const job of Object.values(body)) {
      const steps = job.script ?? job.after_script;
      expect(steps).toContain(setup);
    }
  });

  it('lock.yml reads allow and links from the JSON gitlab-ci-local writes and from the Ruby-style list GitLab writes', async () => {
    const script = specs.lock.body['$[[ inputs.job_prefix ]]-acquire']!.script![2]!;
    const decoder = script.slice(script.indexOf('dlc_list() {'), script.indexOf('dlc_allow='));
    const decode = (lists: string) =>
      runProcess('sh', ['-c', `${decoder}\nprintf '%s|' "$(dlc_list allow)" "$(dlc_list links)"`], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', DLC_LISTS: lists },
      }).done;
    // gitlab-ci-local: JSON. GitLab: an array inside a string is written as Ruby writes it, which escapes "#{".
    const gitlabCiLocal = await decode('{"allow": ["automation","deploy"], "links": ["wiki=https://w.example/#{x}","q=https://e.example/?a=\\"b\\""]}');
    const gitlab = await decode('{"allow": ["automation", "deploy"], "links": ["wiki=https://w.example/\\#{x}", "q=https://e.example/?a=\\"b\\""]}');
    for (const result of [gitlabCiLocal, gitlab]) {
      expect(result).toEqual({ code: 0, stdout: 'automation,deploy|wiki=https://w.example/#{x}\nq=https://e.example/?a="b"|', stderr: '' });
    }
    expect((await decode('{"allow": [], "links": []}')).stdout).toBe('||');
  });

  it('--preview renders every template with only its defaults plus path', async () => {
    const project = await workspace('file');
    for (const name of TEMPLATES) {
      project.writePipeline(
        [
          'include:',
          `  - component: $CI_SERVER_FQDN/your-group/deploy-lock/${name}@1`,
          '    inputs:',
          '      path: apps/staging',
          // GitLab refuses a pipeline whose only jobs are in .pre/.post; give the preview one ordinary job.
          'build:',
          '  stage: build',
          '  script: [echo build]',
          '',
        ].join('\n'),
      );
      const preview = await project.preview();
      expect({ name, code: preview.code, stderr: preview.stderr }).toEqual({ name, code: 0, stderr: expect.any(String) });
      expect(preview.stderr).toContain('json schema validated');
      expect(preview.stdout).not.toContain('$[[ inputs.');
      const rendered = parse(preview.stdout) as Record<string, JobYaml>;
      const jobs = Object.keys(rendered).filter((key) => !['stages', 'build'].includes(key));
      const expectedJobs = { lock: ['deploy-lock-acquire', 'deploy-lock-release'], check: ['deploy-lock-check'], unlock: ['deploy-lock-unlock'] }[name];
      expect(jobs.sort()).toEqual([...expectedJobs].sort());
      for (const job of jobs) {
        expect(rendered[job]).toMatchObject({
          image: { name: 'node:24-alpine' },
          id_tokens: { DEPLOY_LOCK_ID_TOKEN: { aud: 'sts.amazonaws.com' } },
          variables: {
            DLC_PATH: 'apps/staging',
            DLC_TYPE: 'deploy',
            DLC_STORAGE: 'dynamodb',
            DLC_TABLE: '',
            DLC_VERSION: '',
            DLC_COMPONENT_VERSION: server.version,
          },
        });
        expect(rendered[job]!.script![0]).toBe('dlc_preinstalled=false');
      }
      if (name === 'lock') {
        expect(rendered['deploy-lock-acquire']).toMatchObject({ stage: '.pre', variables: { DLC_DURATION: '1h', DLC_LISTS: '{"allow": [], "links": []}' } });
        expect(rendered['deploy-lock-release']).toMatchObject({ stage: '.post', rules: [{ when: 'always' }], allow_failure: { exit_codes: [1] } });
      }
      if (name === 'check') expect(rendered['deploy-lock-check']).toMatchObject({ stage: '.pre', allow_failure: false });
      if (name === 'unlock') expect(rendered['deploy-lock-unlock']).toMatchObject({ stage: 'deploy', when: 'manual' });
    }
  }, PIPELINE_TIMEOUT);
});

describe.each(['file', 'dynamodb'] as const)('pipelines on the %s store', (kind) => {
  it('1. lock → deploy → release: the lock exists during the deploy and is gone after', async () => {
    const project = await workspace(kind);
    project.useExample('deploy.yml');
    project.holdDeploys();
    const pipeline = project.start();
    const pipelineId = await project.deployInProgress(pipeline.done);

    const during = only(await project.locks());
    expect(during).toMatchObject({
      path: 'apps/staging',
      type: 'deploy',
      owner: owner(pipelineId),
      message: 'Deploying the web app',
      ci: { project: APP_PROJECT, pipeline: pipelineId },
      links: { runbook: 'https://wiki.example.com/runbooks/staging' },
    });
    expect(during.expires_at - during.created_at).toBe(2 * 3600);

    project.releaseDeploys();
    const result = await pipeline.done;
    expect(result.jobs).toEqual({ 'deploy-lock-acquire': 'pass', deploy: 'pass', 'deploy-lock-release': 'pass' });
    expect(result.logs['deploy-lock-acquire']).toMatch(/Locked apps\/staging for a deploy until /);
    expect(result.logs['deploy-lock-release']).toMatch(/Unlocked apps\/staging/);
    expect(await project.locks()).toEqual([]);
  }, PIPELINE_TIMEOUT);

  it("2. a second pipeline's lock job fails with the friendly sentence, and its release job leaves the first pipeline's lock", async () => {
    const project = await workspace(kind);
    project.useExample('deploy.yml');
    project.holdDeploys();
    const first = project.start();
    const firstId = await project.deployInProgress(first.done);

    const second = await project.run();
    expect(second.code).toBe(1);
    expect(second.jobs).toEqual({ 'deploy-lock-acquire': 'fail' });
    expect(second.logs['deploy-lock-acquire']).toMatch(/apps\/staging is locked until \w{3} \d{1,2} \w{3}, \d{2}:\d{2} by a deploy in \S+ \(Deploying the web app\)/);
    expect(second.logs['deploy-lock-acquire']).toContain('runbook: https://wiki.example.com/runbooks/staging');
    // GitLab now runs the second pipeline's release job (when: always). gitlab-ci-local never marks the skipped
    // deploy job finished, so it would wait forever; run that job of the same pipeline (no --needs: the same
    // CI_PIPELINE_ID) as GitLab would.
    const secondRelease = await project.run({ jobs: ['deploy-lock-release'] });
    expect(secondRelease.jobs).toEqual({ 'deploy-lock-release': 'warn' });
    expect(secondRelease.logs['deploy-lock-release']).toMatch(/Cannot unlock apps\/staging/);
    expect(project.deploys()).toEqual([`staging ${firstId} deploy`]);
    expect(only(await project.locks())).toMatchObject({ path: 'apps/staging', owner: owner(firstId) });

    project.releaseDeploys();
    const firstResult = await first.done;
    expect(firstResult.jobs).toEqual({ 'deploy-lock-acquire': 'pass', deploy: 'pass', 'deploy-lock-release': 'pass' });
    expect(await project.locks()).toEqual([]);
  }, PIPELINE_TIMEOUT);

  it('3. a failing deploy job: the release job still runs and releases', async () => {
    const project = await workspace(kind);
    project.useExample('deploy.yml');
    project.failDeploys();
    const result = await project.run();
    expect(result.code).toBe(1);
    expect(result.jobs).toEqual({ 'deploy-lock-acquire': 'pass', deploy: 'fail', 'deploy-lock-release': 'pass' });
    expect(result.logs.deploy).toContain('deploy of staging failed');
    expect(result.logs['deploy-lock-release']).toMatch(/Unlocked apps\/staging/);
    expect(await project.locks()).toEqual([]);
  }, PIPELINE_TIMEOUT);

  it('4. the check gate fails while a freeze is in force, and passes for automation, which the freeze allows', async () => {
    const project = await workspace(kind);
    project.useExample('freeze.yml');
    const start = await project.run({ variables: { FREEZE: 'start' } });
    expect(start.jobs).toEqual({ 'freeze-acquire': 'pass' });
    const freeze = only(await project.locks());
    expect(freeze).toMatchObject({ path: 'apps', type: 'freeze', allow: ['automation'], message: 'Holiday release freeze' });

    project.useExample('gate.yml');
    const gate = await project.run();
    expect(gate.code).toBe(1);
    expect(gate.jobs).toEqual({ 'deploy-lock-check': 'fail' });
    expect(gate.logs['deploy-lock-check']).toMatch(/apps is locked until .+ by a release freeze .*\(Holiday release freeze\)/);
    expect(project.deploys()).toEqual([]);

    // The same gate as a warning only.
    const warned = await project.run({ inputs: { allow_failure: 'true' } });
    expect(warned.jobs).toEqual({ 'deploy-lock-check': 'warn', deploy: 'pass' });

    project.useExample('nightly.yml');
    const nightly = await project.run();
    expect(nightly.jobs).toEqual({ 'nightly-check': 'pass', 'nightly-sync': 'pass' });

    project.useExample('freeze.yml');
    const end = await project.run({ variables: { FREEZE: 'end' } });
    expect(end.jobs).toEqual({ 'freeze-unlock': 'pass' });
    expect(end.logs['freeze-unlock']).toMatch(/Unlocked apps .*with --force/);
    expect(await project.locks()).toEqual([]);

    project.useExample('gate.yml');
    const after = await project.run();
    expect(after.jobs).toEqual({ 'deploy-lock-check': 'pass', deploy: 'pass' });
  }, PIPELINE_TIMEOUT);
});

describe('inputs', () => {
  it('5. a bad input (a type outside the options, a missing path, a non-boolean) fails before any job runs', async () => {
    const project = await workspace('file');
    const cases = [
      { template: 'lock', inputs: ['path: apps/staging', 'type: release'], error: /`type` input: `release` cannot be used because it is not in the list of allowed options/ },
      { template: 'check', inputs: ['path: apps/staging', 'type: Deploy'], error: /`type` input: `Deploy` cannot be used because it is not in the list of allowed options/ },
      { template: 'unlock', inputs: ['path: apps', 'type: thaw'], error: /`type` input: `thaw` cannot be used because it is not in the list of allowed options/ },
      { template: 'lock', inputs: ['type: deploy'], error: /`path` input: required value has not been provided/ },
      { template: 'check', inputs: ['type: deploy'], error: /`path` input: required value has not been provided/ },
      { template: 'unlock', inputs: ['force: "yes"', 'path: apps'], error: /`force` input: provided value is not a boolean/ },
    ];
    for (const { template, inputs, error } of cases) {
      project.writePipeline(
        [
          'include:',
          `  - component: $CI_SERVER_FQDN/your-group/deploy-lock/${template}@1`,
          '    inputs:',
          ...inputs.map((input) => `      ${input}`),
          'deploy:',
          '  stage: deploy',
          '  script: [./deploy.sh staging]',
          '',
        ].join('\n'),
      );
      const result = await project.run();
      expect({ template, inputs, code: result.code }).toEqual({ template, inputs, code: 1 });
      expect(result.stderr).toMatch(error);
      expect(result.stdout).not.toContain('starting');
      expect(result.jobs).toEqual({});
    }
    expect(project.deploys()).toEqual([]);
    // Nothing was written: the file store was never even created.
    expect(existsSync(join(project.dir, 'locks.json'))).toBe(false);
  }, PIPELINE_TIMEOUT);

  it('6. an injection attempt through string inputs arrives as literal text', async () => {
    const project = await workspace('file');
    const hostile = `; touch pwned-1 ; rm -f deploy.sh $(touch pwned-2) \`touch pwned-3\` ' " \\ $HOME \${CI_JOB_TOKEN} && echo pwned-4 > pwned-4`;
    const hostileLink = 'evil=https://example.com/?q=$(touch pwned-5)&r=`touch pwned-6`';
    project.writePipeline(
      [
        'include:',
        '  - component: $CI_SERVER_FQDN/your-group/deploy-lock/lock@1',
        '    inputs:',
        '      path: apps/injection',
        `      message: ${JSON.stringify(hostile)}`,
        `      links: [${JSON.stringify(hostileLink)}]`,
        'deploy:',
        '  stage: deploy',
        '  script: [./deploy.sh injection]',
        '',
      ].join('\n'),
    );
    const result = await project.run({ jobs: ['deploy-lock-acquire'], needs: true });
    expect(result.jobs).toEqual({ 'deploy-lock-acquire': 'pass' });
    const lock = only(await project.locks());
    expect(lock.message).toBe(hostile);
    expect(lock.links.evil).toBe('https://example.com/?q=$(touch pwned-5)&r=`touch pwned-6`');

    // A hostile path is refused by the CLI as a bad path, quoted literally, and runs nothing either.
    const hostilePath = 'apps/x; touch pwned-7 $(touch pwned-8)';
    project.writePipeline(
      ['include:', '  - component: $CI_SERVER_FQDN/your-group/deploy-lock/check@1', '    inputs:', `      path: ${JSON.stringify(hostilePath)}`, 'deploy:', '  stage: deploy', '  script: [./deploy.sh x]', ''].join('\n'),
    );
    const refused = await project.run();
    expect(refused.jobs).toEqual({ 'deploy-lock-check': 'fail' });
    expect(refused.logs['deploy-lock-check']).toContain(hostilePath);

    const everywhere = [...readdirSync(project.repo), ...readdirSync(project.dir), ...readdirSync(project.home)];
    expect(everywhere.filter((name) => name.startsWith('pwned'))).toEqual([]);
    expect(existsSync(join(project.repo, 'deploy.sh'))).toBe(true);
  }, PIPELINE_TIMEOUT);

  it('the after_script pattern: a deploy job extending .deploy-lock-release releases the lock even when it fails', async () => {
    const project = await workspace('file');
    project.useExample('after-script.yml');
    project.failDeploys();
    // One pipeline, job by job: --needs starts a new pipeline with the lock job; naming a job continues it.
    const acquired = await project.run({ jobs: ['deploy-lock-acquire'], needs: true });
    expect(acquired.jobs).toEqual({ 'deploy-lock-acquire': 'pass' });
    expect(only(await project.locks())).toMatchObject({ path: 'apps/production' });

    const deploy = await project.run({ jobs: ['deploy'] });
    expect(deploy.jobs).toEqual({ deploy: 'fail' });
    expect(deploy.logs.deploy).toContain('deploy of production failed');
    expect(deploy.logs.deploy).toMatch(/Unlocked apps\/production/);
    expect(await project.locks()).toEqual([]);
  }, PIPELINE_TIMEOUT);

  it('by default the jobs run the published deploy-lock at the version the component was included at', async () => {
    const project = await workspace('file');
    // Stands in for npx: records what it was asked to run, then runs the CLI of this repo.
    const npx = join(project.bin, 'npx');
    writeFileSync(npx, '#!/bin/sh\necho "$*" >> "$DEPLOY_CONTROL/npx.log"\n[ "$1" = --yes ] && shift\nshift\nexec deploy-lock "$@"\n');
    chmodSync(npx, 0o755);
    project.useExample('deploy.yml');
    const result = await project.run({ inputs: { preinstalled: 'false' } });
    expect(result.jobs).toEqual({ 'deploy-lock-acquire': 'pass', deploy: 'pass', 'deploy-lock-release': 'pass' });
    const calls = readFileSync(join(project.control, 'npx.log'), 'utf8').trim().split('\n');
    expect(calls).toEqual([`--yes deploy-lock@${server.version} lock`, `--yes deploy-lock@${server.version} unlock`]);

    const pinned = await project.run({ inputs: { preinstalled: 'false', version: '0.9.1' }, jobs: ['deploy-lock-acquire'], needs: true });
    expect({ jobs: pinned.jobs, log: pinned.logs['deploy-lock-acquire'] }).toEqual({ jobs: { 'deploy-lock-acquire': 'pass' }, log: expect.any(String) });
    expect(readFileSync(join(project.control, 'npx.log'), 'utf8').trim().split('\n').at(-1)).toBe('--yes deploy-lock@0.9.1 lock');
  }, PIPELINE_TIMEOUT);
});

describe('credentials', () => {
  it('aws_role_arn: the jobs assume the role with the OIDC token GitLab gives them, and use its credentials', async () => {
    // A stand-in for AWS STS: it answers AssumeRoleWithWebIdentity and records what it was asked.
    const requests: URLSearchParams[] = [];
    const sts = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        requests.push(new URLSearchParams(body));
        response.setHeader('content-type', 'text/xml');
        response.end(
          '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>' +
            '<Credentials><AccessKeyId>ASIAGITLABOIDC</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>session</SessionToken>' +
            '<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>' +
            '<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/deploy-lock/gitlab</Arn><AssumedRoleId>AROAGITLAB:gitlab</AssumedRoleId></AssumedRoleUser>' +
            '</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => sts.listen(0, '127.0.0.1', resolve));
    try {
      const project = await workspace('dynamodb');
      project.useExample('oidc.yml');
      const result = await project.run({
        // GitLab puts the signed id_tokens token in DEPLOY_LOCK_ID_TOKEN; gitlab-ci-local has no id_tokens.
        variables: { DEPLOY_LOCK_ID_TOKEN: 'header.gitlab-oidc-claims.signature' },
        // A runner with no AWS keys at all, and STS at the stand-in's address.
        env: {
          AWS_ACCESS_KEY_ID: undefined,
          AWS_SECRET_ACCESS_KEY: undefined,
          AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${(sts.address() as AddressInfo).port}`,
        },
      });
      expect(result.jobs).toEqual({ 'deploy-lock-acquire': 'pass', deploy: 'pass', 'deploy-lock-release': 'pass' });
      expect(requests.length).toBeGreaterThanOrEqual(2);
      for (const request of requests) {
        expect(request.get('Action')).toBe('AssumeRoleWithWebIdentity');
        expect(request.get('RoleArn')).toBe('arn:aws:iam::123456789012:role/deploy-lock');
        expect(request.get('WebIdentityToken')).toBe('header.gitlab-oidc-claims.signature');
      }
      expect(result.logs['deploy-lock-acquire']).toMatch(/Locked apps\/production/);
      expect(result.logs['deploy-lock-release']).toMatch(/Unlocked apps\/production/);

      // Without the token, the job says what is missing instead of failing somewhere in the SDK.
      const missing = await project.run({ jobs: ['deploy-lock-acquire'], needs: true, env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined } });
      expect(missing.jobs).toEqual({ 'deploy-lock-acquire': 'fail' });
      expect(missing.logs['deploy-lock-acquire']).toContain('aws_role_arn is set but the job has no DEPLOY_LOCK_ID_TOKEN');
    } finally {
      await new Promise((resolve) => sts.close(resolve));
    }
  }, PIPELINE_TIMEOUT);
});

describe('gitlab-ci-component.yml', () => {
  it("the component project's own pipeline takes, checks and releases locks with every template included at its commit", async () => {
    const project = new Workspace(server, fileStore, { componentProject: true });
    workspaces.push(project);
    const component = parse(readFileSync(join(project.repo, 'gitlab-ci-component.yml'), 'utf8')) as Record<string, JobYaml>;
    const includes = (component.include as unknown as { component: string }[]).map((include) => include.component);
    expect(includes.sort()).toEqual(TEMPLATES.map((name) => `$CI_SERVER_FQDN/$CI_PROJECT_PATH/${name}@$CI_COMMIT_SHA`).sort());
    expect(component['create-release']).toMatchObject({ rules: [{ if: expect.stringContaining('$CI_COMMIT_TAG') }], release: { tag_name: '$CI_COMMIT_TAG' } });
    expect(component['unit-tests']!.script).toContain('npm test');

    // The self-test jobs, as one pipeline (unit-tests and the tag-only release jobs aside). The templates come
    // from the working tree: gitlab-ci-local resolves an include of this project at this commit locally.
    const result = await project.run({
      args: ['--file', 'gitlab-ci-component.yml'],
      needs: true,
      jobs: ['self-test-verify-released', 'self-test-automation-check'],
    });
    expect({ code: result.code, jobs: result.jobs }).toEqual({
      code: 0,
      jobs: {
        'self-test-acquire': 'pass',
        'self-test-automation-check': 'pass',
        'self-test-verify-locked': 'pass',
        'self-test-release': 'pass',
        'self-test-other-unlock': 'pass',
        'self-test-verify-released': 'pass',
      },
    });
    expect(result.logs['self-test-acquire']).toMatch(/Locked ci\/self-test for a deploy/);
    expect(result.logs['self-test-other-unlock']).toMatch(/Unlocked ci\/other .*with --force/);
  }, PIPELINE_TIMEOUT);
});
