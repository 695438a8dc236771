import type { CiData } from './lock.js';
import { pathSegments } from './path.js';

export type Env = Readonly<Record<string, string | undefined>>;

export type CiSystem = 'github' | 'gitlab' | 'none';

/** What the environment says about who is locking and from where. Pure: the env is passed in. */
export interface CiContext {
  system: CiSystem;
  author?: string;
  /** The identity that may release: the CI run (stable across job retries), or undefined outside CI. */
  owner?: string;
  ci?: CiData;
  links: Record<string, string>;
}

/** Explicit values (flags or inputs) that always win over the environment. */
export interface CiOverrides {
  author?: string | undefined;
  owner?: string | undefined;
  project?: string | undefined;
  ref?: string | undefined;
  commit?: string | undefined;
  pipeline?: string | undefined;
  job?: string | undefined;
}

function value(env: Env, name: string): string | undefined {
  const found = env[name]?.trim();
  return found ? found : undefined;
}

export function detectCiSystem(env: Env): CiSystem {
  if (value(env, 'GITHUB_ACTIONS') === 'true') return 'github';
  if (value(env, 'GITLAB_CI') === 'true') return 'gitlab';
  return 'none';
}

function fromGitHub(env: Env): CiContext {
  const repository = value(env, 'GITHUB_REPOSITORY');
  const runId = value(env, 'GITHUB_RUN_ID');
  const server = value(env, 'GITHUB_SERVER_URL') ?? 'https://github.com';
  const links: Record<string, string> = {};
  if (repository && runId) links.run = `${server}/${repository}/actions/runs/${runId}`;
  return {
    system: 'github',
    author: value(env, 'GITHUB_ACTOR'),
    // The run id stays the same when a job is re-run, so a retry owns the lock it took before.
    owner: repository && runId ? `github:${repository}/runs/${runId}` : undefined,
    ci: {
      project: repository ?? '',
      ref: value(env, 'GITHUB_REF_NAME') ?? '',
      commit: value(env, 'GITHUB_SHA') ?? '',
      pipeline: runId ?? '',
      job: value(env, 'GITHUB_JOB') ?? '',
    },
    links,
  };
}

function fromGitLab(env: Env): CiContext {
  const project = value(env, 'CI_PROJECT_PATH');
  const pipeline = value(env, 'CI_PIPELINE_ID');
  const links: Record<string, string> = {};
  const jobUrl = value(env, 'CI_JOB_URL');
  const pipelineUrl = value(env, 'CI_PIPELINE_URL');
  if (pipelineUrl) links.pipeline = pipelineUrl;
  if (jobUrl) links.job = jobUrl;
  return {
    system: 'gitlab',
    author: value(env, 'GITLAB_USER_EMAIL'),
    // The pipeline, not the job: the release job of the same pipeline must be able to release.
    owner: project && pipeline ? `gitlab:${project}/pipelines/${pipeline}` : undefined,
    ci: {
      project: project ?? '',
      ref: value(env, 'CI_COMMIT_REF_SLUG') ?? '',
      commit: value(env, 'CI_COMMIT_SHA') ?? '',
      pipeline: pipeline ?? '',
      job: value(env, 'CI_JOB_ID') ?? '',
    },
    links,
  };
}

/** Reads GitHub Actions or GitLab CI variables; explicit overrides win field by field. */
export function inferCi(env: Env, overrides: CiOverrides = {}, hostname = 'localhost'): CiContext {
  const system = detectCiSystem(env);
  const base: CiContext =
    system === 'github' ? fromGitHub(env) : system === 'gitlab' ? fromGitLab(env) : { system, links: {} };

  const author = overrides.author ?? base.author ?? value(env, 'USER') ?? value(env, 'USERNAME') ?? 'unknown';
  const explicitCi = [overrides.project, overrides.ref, overrides.commit, overrides.pipeline, overrides.job].some(
    (field) => field !== undefined,
  );
  let ci = base.ci;
  if (ci || explicitCi) {
    ci = {
      project: overrides.project ?? ci?.project ?? '',
      ref: overrides.ref ?? ci?.ref ?? '',
      commit: overrides.commit ?? ci?.commit ?? '',
      pipeline: overrides.pipeline ?? ci?.pipeline ?? '',
      job: overrides.job ?? ci?.job ?? '',
    };
  }
  // Outside CI the owner is the login, not --author (a display name), so unlock needs no --author to match.
  const login = value(env, 'USER') ?? value(env, 'USERNAME') ?? author;
  const owner = overrides.owner ?? base.owner ?? `${login}@${hostname}`;
  return { system, author, owner, links: base.links, ...(ci ? { ci } : {}) };
}

/**
 * The lock's source, segment by segment: CLUSTER_NAME, DEPLOY_ENV, DEPLOY_TARGET, the CI project, the CI ref,
 * each falling back to the matching path segment. Missing segments are left out.
 */
export function inferSource(path: string, env: Env, ci?: CiData): string {
  const segments = pathSegments(path);
  const parts = [
    value(env, 'CLUSTER_NAME') ?? segments[0],
    value(env, 'DEPLOY_ENV') ?? segments[1],
    value(env, 'DEPLOY_TARGET') ?? segments[2],
    (ci?.project || undefined) ?? segments[3],
    (ci?.ref || undefined) ?? segments[4],
  ];
  return parts.filter((part): part is string => part !== undefined && part !== '').join('/');
}
