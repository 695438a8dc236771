import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { repoRoot } from './helpers/processes.js';

const readme = readFileSync(`${repoRoot}README.md`, 'utf8');

// The README's examples are the files the tests validate and run, word for word.
describe('README examples are the tested ones', () => {
  const workflows = `${repoRoot}__tests__/action/fixtures/workflows/`;
  it.each(readdirSync(workflows))('GitHub workflow %s', (name) => {
    expect(readme).toContain(readFileSync(`${workflows}${name}`, 'utf8').trimEnd());
  });

  const pipelines = `${repoRoot}__tests__/e2e/gitlab/examples/`;
  it.each(readdirSync(pipelines))('GitLab pipeline %s', (name) => {
    expect(readme).toContain(readFileSync(`${pipelines}${name}`, 'utf8').trimEnd());
  });
});
