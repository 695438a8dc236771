import { describe, expect, it } from '@jest/globals';
import { detectCiSystem, inferCi, inferSource } from '../../src/core/ci.js';

const github = {
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_REF_NAME: 'main',
  GITHUB_SHA: 'abc123',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_JOB: 'deploy',
  GITHUB_ACTOR: 'octocat',
  GITHUB_SERVER_URL: 'https://github.example.com',
  USER: 'runner',
};

const gitlab = {
  GITLAB_CI: 'true',
  CI_PROJECT_PATH: 'group/shop',
  CI_COMMIT_REF_SLUG: 'release-1',
  CI_COMMIT_SHA: 'def456',
  CI_PIPELINE_ID: '77',
  CI_JOB_ID: '901',
  GITLAB_USER_EMAIL: 'dev@example.com',
  CI_JOB_URL: 'https://gitlab.example.com/group/shop/-/jobs/901',
  CI_PIPELINE_URL: 'https://gitlab.example.com/group/shop/-/pipelines/77',
  USER: 'gitlab-runner',
};

describe('inferCi', () => {
  it('reads GitHub Actions: ci data, actor, run link, and the run as owner', () => {
    const context = inferCi(github, {}, 'host1');
    expect(context).toEqual({
      system: 'github',
      author: 'octocat',
      owner: 'github:acme/shop/runs/4242',
      ci: { project: 'acme/shop', ref: 'main', commit: 'abc123', pipeline: '4242', job: 'deploy' },
      links: { run: 'https://github.example.com/acme/shop/actions/runs/4242' },
    });
  });

  it('keeps the same owner across re-run attempts of one GitHub run', () => {
    const first = inferCi({ ...github, GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'deploy' });
    const again = inferCi({ ...github, GITHUB_RUN_ATTEMPT: '3' });
    expect(again.owner).toBe(first.owner);
  });

  it('reads GitLab CI: ci data, user email, job and pipeline links, the pipeline as owner', () => {
    const context = inferCi(gitlab, {}, 'host1');
    expect(context).toEqual({
      system: 'gitlab',
      author: 'dev@example.com',
      owner: 'gitlab:group/shop/pipelines/77',
      ci: { project: 'group/shop', ref: 'release-1', commit: 'def456', pipeline: '77', job: '901' },
      links: { job: gitlab.CI_JOB_URL, pipeline: gitlab.CI_PIPELINE_URL },
    });
  });

  it('outside CI: $USER, author@hostname as owner, no ci field', () => {
    const context = inferCi({ USER: 'alice', CI_PROJECT_PATH: 'ignored/without-gitlab-ci' }, {}, 'laptop');
    expect(context).toEqual({ system: 'none', author: 'alice', owner: 'alice@laptop', links: {} });
    expect(detectCiSystem({ GITHUB_ACTIONS: 'false' })).toBe('none');
  });

  it('lets explicit values win field by field', () => {
    const context = inferCi(gitlab, { author: 'ops', owner: 'incident-42', project: 'other/p', job: 'j1' });
    expect(context.author).toBe('ops');
    expect(context.owner).toBe('incident-42');
    expect(context.ci).toEqual({ project: 'other/p', ref: 'release-1', commit: 'def456', pipeline: '77', job: 'j1' });
  });

  it('records ci data given explicitly outside CI', () => {
    expect(inferCi({ USER: 'a' }, { project: 'p', ref: 'r' }).ci).toEqual({ project: 'p', ref: 'r', commit: '', pipeline: '', job: '' });
  });
});

describe('inferSource', () => {
  it('falls back to path segments one by one', () => {
    expect(inferSource('apps/staging/a/auth-app/v2/x', {})).toBe('apps/staging/a/auth-app/v2');
    expect(inferSource('apps/staging', {})).toBe('apps/staging');
  });

  it('prefers CLUSTER_NAME, DEPLOY_ENV, DEPLOY_TARGET, then the CI project and ref, per segment', () => {
    expect(inferSource('apps/staging/a/auth-app/v2', { CLUSTER_NAME: 'eks-1' })).toBe('eks-1/staging/a/auth-app/v2');
    expect(inferSource('apps/staging/a/auth-app/v2', { DEPLOY_ENV: 'prod' })).toBe('apps/prod/a/auth-app/v2');
    expect(inferSource('apps/staging/a', { DEPLOY_TARGET: 'blue' })).toBe('apps/staging/blue');
    const ci = { project: 'group/shop', ref: 'main', commit: '', pipeline: '', job: '' };
    expect(inferSource('apps/staging/a/auth-app/v2', {}, ci)).toBe('apps/staging/a/group/shop/main');
    expect(inferSource('apps', { CLUSTER_NAME: 'c', DEPLOY_ENV: 'e', DEPLOY_TARGET: 't' }, ci)).toBe('c/e/t/group/shop/main');
  });
});
