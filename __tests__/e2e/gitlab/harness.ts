// Runs real GitLab pipelines locally with gitlab-ci-local (shell executor) against the templates in this repo.
//
// The GitLab server is simulated with git alone: `ComponentServer` publishes templates/ as the component project
// your-group/deploy-lock (a bare repository with a release tag), and each workspace's git configuration sends
// https://gitlab.example.com/your-group/deploy-lock.git there. So a user's pipeline, written exactly as in the
// README (`component: $CI_SERVER_FQDN/your-group/deploy-lock/lock@1`), is resolved by gitlab-ci-local the way
// GitLab resolves it: the tag is found with git ls-remote, the templates are fetched at it, and
// $[[ component.version ]] is the released version.
//
// The CLI is preinstalled on PATH as `deploy-lock`, a wrapper running this repo's dist/cli/index.js with node.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const cliBundle = join(repoRoot, 'dist', 'cli', 'index.js');
export const examplesDir = join(repoRoot, '__tests__', 'e2e', 'gitlab', 'examples');
const gitlabCiLocal = join(repoRoot, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');

export const SERVER = 'gitlab.example.com';
/** The component project, https://gitlab.example.com/your-group/deploy-lock. */
export const COMPONENT_PROJECT = 'your-group/deploy-lock';
/** The project whose pipelines use the component, https://gitlab.example.com/your-group/app. */
export const APP_PROJECT = 'your-group/app';

/** Where the locks of one scenario live, as the test sees them (CLI flags) and as the pipeline gets them. */
export interface StoreTarget {
  name: 'file' | 'dynamodb';
  /** Flags for a direct `deploy-lock` call from the test. */
  flags: string[];
  /** gitlab-ci-local --input overrides (the examples name the production table; tests point elsewhere). */
  inputs: Record<string, string>;
  /** Environment of the runner (the gitlab-ci-local process and so every job). */
  env: Record<string, string>;
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type JobStatus = 'pass' | 'warn' | 'fail';

export interface PipelineResult extends ProcessResult {
  /** Jobs that ran, from gitlab-ci-local's summary. Jobs that never started are absent. */
  jobs: Record<string, JobStatus>;
  /** Each started job's log (gitlab-ci-local's output/<job>.log), read right after the run. */
  logs: Record<string, string>;
}

export interface Lock {
  type: string;
  path: string;
  owner: string;
  author: string;
  message?: string;
  links: Record<string, string>;
  allow: string[];
  created_at: number;
  expires_at: number;
  ci?: { project: string; ref: string; commit: string; pipeline: string; job: string };
}

export function runProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): { done: Promise<ProcessResult>; kill: () => void } {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? baseEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  return { done, kill: () => child.kill('SIGTERM') };
}

/** A small, explicit environment: no NODE_OPTIONS or DEPLOY_LOCK_* leaking in from the test runner. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { TZ: 'UTC', LANG: 'C.UTF-8', FORCE_COLOR: '0', NO_COLOR: '1' };
  for (const name of ['PATH', 'HOME', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Fails early, with the fix, when the machine lacks what gitlab-ci-local's shell executor needs. */
export function assertPrerequisites(): void {
  for (const tool of ['git', 'rsync', 'bash']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`gitlab-ci-local needs ${tool} on PATH (for rsync: apt-get install -y rsync)`);
    }
  }
  if (!existsSync(gitlabCiLocal)) throw new Error(`gitlab-ci-local is not installed at ${gitlabCiLocal} (npm ci)`);
  if (!existsSync(cliBundle)) throw new Error(`the CLI bundle ${cliBundle} is missing (node scripts/bundle.mjs cli)`);
}

/** The component project as the GitLab server holds it: templates/ of this repo, released under a version tag. */
export class ComponentServer {
  readonly dir: string;
  readonly bare: string;
  readonly version: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'deploy-lock-gitlab-server-'));
    this.bare = join(this.dir, 'deploy-lock.git');
    this.version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const work = join(this.dir, 'work');
    mkdirSync(work);
    cpSync(join(repoRoot, 'templates'), join(work, 'templates'), { recursive: true });
    const git = gitIn(work, isolatedGitEnv(this.dir));
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'deploy-lock templates');
    git('tag', this.version);
    git('clone', '-q', '--bare', work, this.bare);
  }
}

export class Workspace {
  readonly dir: string;
  readonly repo: string;
  readonly bin: string;
  readonly home: string;
  /** Files the stand-in deploy script (deploy.sh) reads and writes; see DEPLOY_SCRIPT. */
  readonly control: string;
  readonly store: StoreTarget;

  /**
   * A project whose pipelines use the component (your-group/app), or, with `componentProject`, a checkout of the
   * component project itself (your-group/deploy-lock with templates/, dist/ and gitlab-ci-component.yml), whose
   * pipeline includes the templates at its own commit.
   */
  constructor(server: ComponentServer, store: (dir: string) => StoreTarget, options: { componentProject?: boolean } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'deploy-lock-gitlab-'));
    this.repo = join(this.dir, 'project');
    this.bin = join(this.dir, 'bin');
    this.home = join(this.dir, 'home');
    this.control = join(this.dir, 'control');
    for (const dir of [this.repo, this.bin, this.home, this.control]) mkdirSync(dir, { recursive: true });
    this.store = store(this.dir);

    // The runner's git: the component project's URL leads to the simulated server.
    writeFileSync(
      join(this.home, '.gitconfig'),
      [
        `[url "file://${server.bare}"]`,
        `\tinsteadOf = https://${SERVER}:443/${COMPONENT_PROJECT}.git`,
        `\tinsteadOf = https://${SERVER}/${COMPONENT_PROJECT}.git`,
        '[user]',
        '\tname = Release Bot',
        '\temail = release-bot@example.com',
        '',
      ].join('\n'),
    );

    // The preinstalled CLI.
    writeExecutable(join(this.bin, 'deploy-lock'), `#!/bin/sh\nexec '${process.execPath}' '${cliBundle}' "$@"\n`);

    // The project that uses the component: its pipeline and a stand-in deploy script.
    writeExecutable(join(this.repo, 'deploy.sh'), DEPLOY_SCRIPT);
    writeFileSync(join(this.repo, '.gitlab-ci.yml'), '# written by each test\n');
    if (options.componentProject) {
      for (const path of ['templates', 'dist/cli', 'package.json', 'gitlab-ci-component.yml']) {
        cpSync(join(repoRoot, path), join(this.repo, path), { recursive: true });
      }
    }
    const git = gitIn(this.repo, this.env());
    git('init', '-q', '-b', 'main');
    git('remote', 'add', 'origin', `https://${SERVER}/${options.componentProject ? COMPONENT_PROJECT : APP_PROJECT}.git`);
    git('add', '-A');
    git('commit', '-q', '-m', options.componentProject ? 'deploy-lock' : 'app');
    // What a clone has: origin/HEAD pointing at the default branch.
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  }

  /** The runner's environment: the preinstalled CLI first on PATH, a private HOME, the store's settings. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    const env = baseEnv();
    return {
      ...env,
      PATH: `${this.bin}:${env.PATH ?? '/usr/bin:/bin'}`,
      HOME: this.home,
      GIT_CONFIG_NOSYSTEM: '1',
      DEPLOY_CONTROL: this.control,
      ...this.store.env,
      ...extra,
    };
  }

  /** Writes the pipeline definition (uncommitted, as gitlab-ci-local reads it from the working tree). */
  writePipeline(yaml: string): void {
    writeFileSync(join(this.repo, '.gitlab-ci.yml'), yaml);
  }

  /** Uses a README example, as it is, as this project's pipeline. */
  useExample(name: string): string {
    const yaml = readExample(name);
    this.writePipeline(yaml);
    return yaml;
  }

  /**
   * Starts `gitlab-ci-local [jobs]`. A run without jobs is a new pipeline (a new CI_PIPELINE_ID); `--needs` with
   * one job also starts a new pipeline that runs just that job; a run of named jobs without --needs continues the
   * latest pipeline (same CI_PIPELINE_ID).
   */
  start(
    options: {
      jobs?: string[];
      needs?: boolean;
      inputs?: Record<string, string>;
      variables?: Record<string, string>;
      args?: string[];
      /** Changes to the runner's environment; undefined removes a variable. */
      env?: Record<string, string | undefined>;
    } = {},
  ) {
    const inputs = { preinstalled: 'true', ...this.store.inputs, ...options.inputs };
    // gitlab-ci-local sets GITLAB_CI=false; GitLab sets true, and the CLI reads the pipeline identity only then.
    const variables = { GITLAB_CI: 'true', ...options.variables };
    const args = [
      gitlabCiLocal,
      '--force-shell-executor',
      '--ignore-predefined-vars',
      'GITLAB_CI',
      '--max-job-name-padding',
      '0',
      ...Object.entries(inputs).flatMap(([key, value]) => ['--input', `${key}=${value}`]),
      ...Object.entries(variables).flatMap(([key, value]) => ['--variable', `${key}=${value}`]),
      ...(options.needs ? ['--needs'] : []),
      ...(options.args ?? []),
      ...(options.jobs ?? []),
    ];
    const env = this.env();
    for (const [name, value] of Object.entries(options.env ?? {})) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    const running = runProcess(process.execPath, args, { cwd: this.repo, env });
    const done = running.done.then((result) => this.pipelineResult(result));
    this.running.add(done);
    void done.finally(() => this.running.delete(done)).catch(() => undefined);
    return { done, kill: running.kill };
  }

  private readonly running = new Set<Promise<PipelineResult>>();

  /** After a test, whatever happened: lets held deploys go on and waits for the pipelines still running. */
  async settle(): Promise<void> {
    if (this.running.size === 0) return;
    this.releaseDeploys();
    await Promise.allSettled([...this.running]);
  }

  run(options: Parameters<Workspace['start']>[0] = {}): Promise<PipelineResult> {
    return this.start(options).done;
  }

  preview(args: string[] = []): Promise<ProcessResult> {
    return runProcess(process.execPath, [gitlabCiLocal, '--preview', ...args], { cwd: this.repo, env: this.env() }).done;
  }

  private pipelineResult(result: ProcessResult): PipelineResult {
    const jobs: Record<string, JobStatus> = {};
    for (const line of result.stdout.split('\n')) {
      const match = /^\s*(PASS|WARN|FAIL)\s+(\S+)/.exec(line);
      if (match) jobs[match[2]!] = match[1]!.toLowerCase() as JobStatus;
    }
    const logs: Record<string, string> = {};
    for (const job of Object.keys(jobs)) {
      const file = join(this.repo, '.gitlab-ci-local', 'output', `${job}.log`);
      if (existsSync(file)) logs[job] = readFileSync(file, 'utf8');
    }
    return { ...result, jobs, logs };
  }

  /** The CLI, called directly by the test on the scenario's store. */
  cli(args: string[]): Promise<ProcessResult> {
    return runProcess(process.execPath, [cliBundle, ...args, ...this.store.flags], { env: this.env() }).done;
  }

  async locks(path?: string): Promise<Lock[]> {
    const result = await this.cli(['list', ...(path ? [path] : []), '--json']);
    if (result.code !== 0) throw new Error(`deploy-lock list failed (${result.code}): ${result.stderr}`);
    return JSON.parse(result.stdout) as Lock[];
  }

  /** Lines deploy.sh appended: "<target> <CI_PIPELINE_ID> <CI_JOB_NAME>", one per deploy that ran. */
  deploys(): string[] {
    const file = join(this.control, 'deploys.log');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  }

  /** Makes deploy.sh wait in the middle of the deploy until release() is called. */
  holdDeploys(): void {
    writeFileSync(join(this.control, 'hold'), '');
  }

  releaseDeploys(): void {
    writeFileSync(join(this.control, 'continue'), '');
  }

  failDeploys(): void {
    writeFileSync(join(this.control, 'fail'), '');
  }

  /** Resolves once a held deploy is in progress; rejects if the pipeline ends first. */
  async deployInProgress(pipeline: Promise<PipelineResult>): Promise<string> {
    const marker = join(this.control, 'deploying');
    let ended = false;
    const ending = pipeline.then(
      (result) => {
        ended = true;
        return result;
      },
      () => {
        ended = true;
      },
    );
    // Bounded: a held deploy gives up by itself after 120 s (see DEPLOY_SCRIPT).
    for (let attempt = 0; attempt < 2400; attempt += 1) {
      if (existsSync(marker)) return readFileSync(marker, 'utf8').trim();
      if (ended) {
        const result = await ending;
        throw new Error(`the pipeline ended before its deploy started:\n${result ? result.stdout + result.stderr : ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the deploy never started');
  }
}

/**
 * Stands in for a user's deploy script. It records that it ran (and in which pipeline), can be held in the middle
 * of the deploy so that the test can look at the locks or start another pipeline, and can fail on demand.
 */
const DEPLOY_SCRIPT = `#!/bin/sh
set -e
echo "deploying $1 in pipeline $CI_PIPELINE_ID"
echo "$1 $CI_PIPELINE_ID $CI_JOB_NAME" >> "$DEPLOY_CONTROL/deploys.log"
if [ -e "$DEPLOY_CONTROL/hold" ] && [ ! -e "$DEPLOY_CONTROL/continue" ]; then
  echo "$CI_PIPELINE_ID" > "$DEPLOY_CONTROL/deploying"
  waited=0
  while [ ! -e "$DEPLOY_CONTROL/continue" ]; do
    sleep 0.1
    waited=$((waited + 1))
    if [ "$waited" -gt 1200 ]; then echo "nobody let the deploy continue" >&2; exit 1; fi
  done
fi
if [ -e "$DEPLOY_CONTROL/fail" ]; then
  echo "deploy of $1 failed" >&2
  exit 1
fi
echo "deployed $1"
`;

function writeExecutable(file: string, text: string): void {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

export function readExample(name: string): string {
  return readFileSync(join(examplesDir, name), 'utf8');
}

function gitIn(cwd: string, env: Record<string, string>) {
  return (...args: string[]) => execFileSync('git', args, { cwd, env, stdio: 'pipe' }).toString().trim();
}

/** Git with no global or system configuration of the machine running the tests. */
function isolatedGitEnv(home: string): Record<string, string> {
  return {
    ...baseEnv(),
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Release Bot',
    GIT_AUTHOR_EMAIL: 'release-bot@example.com',
    GIT_COMMITTER_NAME: 'Release Bot',
    GIT_COMMITTER_EMAIL: 'release-bot@example.com',
  };
}

export function fileStore(dir: string): StoreTarget {
  const file = join(dir, 'locks.json');
  return {
    name: 'file',
    flags: ['--storage', 'file', '--file', file],
    inputs: { storage: 'file' },
    env: { DEPLOY_LOCK_FILE: file },
  };
}

export function dynamoStore(endpoint: string, table: string): (dir: string) => StoreTarget {
  return () => ({
    name: 'dynamodb',
    flags: ['--storage', 'dynamodb', '--table', table, '--endpoint', endpoint],
    inputs: { table, endpoint },
    env: {},
  });
}
