// action.yml is the action's public contract: its names and defaults must be the ones the code reads, and
// GitHub's own parser (@actions/workflow-parser) must accept it and every workflow we ship or document.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { convertActionTemplate, parseAction, type ActionRunsNode } from '@actions/workflow-parser/actions/index';
import { INPUT_DEFAULTS, Inputs, Outputs, REQUIRED_INPUTS } from '../../src/action/constants.js';

const ROOT = join(import.meta.dirname, '..', '..');
const actionText = readFileSync(join(ROOT, 'action.yml'), 'utf8');

interface ActionYml {
  inputs: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  outputs: Record<string, { description?: string }>;
  runs: Record<string, string>;
}
const action = parse(actionText) as ActionYml;

function actionErrors(content: string): string[] {
  const result = parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((error) => error.message);
}

/** Schema errors, then the converter's checks across jobs (needs, outputs, expressions). */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  if (result.value !== undefined && result.context.errors.count === 0) {
    await convertWorkflowTemplate(result.context, result.value);
  }
  return result.context.errors.getErrors().map((error) => error.message);
}

describe('action.yml matches src/action/constants.ts', () => {
  it('declares exactly the inputs the code reads, kebab-case, each described', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(input.description?.trim()).toBeTruthy();
    }
  });

  it('gives each input the default the code falls back to, and no other', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      // Quoted in YAML so the runner passes the text; an unquoted true would still arrive as 'true'.
      const declared = input.default === undefined ? undefined : String(input.default);
      expect({ name, default: declared }).toEqual({ name, default: INPUT_DEFAULTS[name as keyof typeof INPUT_DEFAULTS] });
    }
  });

  it('marks as required exactly the inputs the code requires', () => {
    const required = Object.entries(action.inputs).filter(([, input]) => input.required === true).map(([name]) => name);
    expect(required.sort()).toEqual([...REQUIRED_INPUTS].sort());
  });

  it('declares exactly the outputs the code sets, each described', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Outputs).sort());
    for (const output of Object.values(action.outputs)) expect(output.description?.trim()).toBeTruthy();
  });

  it('runs main and post from the committed bundles on node24, post always', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/main/index.js',
      post: 'dist/post/index.js',
      'post-if': 'always()',
    });
  });
});

describe('@actions/workflow-parser', () => {
  it('accepts action.yml against the action schema, and reads the same inputs and defaults', () => {
    const result = parseAction({ name: 'action.yml', content: actionText }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    expect(result.value).toBeDefined();
    const template = convertActionTemplate(result.context, result.value!);
    expect(result.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    const defaults = Object.fromEntries(
      (template.inputs ?? []).filter((input) => input.default).map((input) => [input.id, input.default?.toString()]),
    );
    expect(defaults).toEqual(INPUT_DEFAULTS);
    const runs = template.runs as ActionRunsNode;
    expect([runs.using, runs.main, runs.post, runs.postIf]).toEqual(['node24', 'dist/main/index.js', 'dist/post/index.js', 'always()']);
  });

  it('rejects a broken action.yml, so the check above means something', () => {
    expect(actionErrors(actionText.replace('using: node24', 'using: node99'))).not.toEqual([]);
    expect(actionErrors(actionText.replace('icon: lock', 'icon: padlock'))).not.toEqual([]);
    expect(actionErrors(actionText.replace(/^runs:[\s\S]*$/m, ''))).not.toEqual([]);
  });

  const workflows = [
    ...readdirSync(join(ROOT, '.github', 'workflows')).map((file) => join(ROOT, '.github', 'workflows', file)),
    ...readdirSync(join(import.meta.dirname, 'fixtures', 'workflows')).map((file) =>
      join(import.meta.dirname, 'fixtures', 'workflows', file),
    ),
  ]
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => relative(ROOT, file));

  it.each(workflows)('accepts the workflow %s', async (file) => {
    expect(await workflowErrors(file, readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it('rejects a broken workflow, so the check above means something', async () => {
    const job = '    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n';
    expect(await workflowErrors('schema.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n')).not.toEqual([]);
    expect(await workflowErrors('needs.yml', `on: push\njobs:\n  a:\n    needs: nope\n${job}`)).not.toEqual([]);
  });

  it.each(workflows)('uses only inputs the action declares, and every required one, in %s', (file) => {
    const workflow = parse(readFileSync(join(ROOT, file), 'utf8')) as {
      jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
    };
    const uses = Object.values(workflow.jobs)
      .flatMap((job) => job.steps ?? [])
      .filter((step) => step.uses === './' || step.uses?.startsWith('your-org/deploy-lock@'));
    expect(uses.length).toBeGreaterThan(0);
    for (const step of uses) {
      const given = Object.keys(step.with ?? {});
      expect(given.filter((name) => !(name in action.inputs))).toEqual([]);
      expect(REQUIRED_INPUTS.filter((name) => !given.includes(name))).toEqual([]);
    }
  });
});
