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
});
