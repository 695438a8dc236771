import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as fakeCore from './fixtures/core.js';
import { checkRequest, lockRequest, NOW, outcomeOf, storedLock } from './fixtures/outcomes.js';

jest.unstable_mockModule('@actions/core', () => fakeCore);
const { escapeHtml, lockRows, writeSummary } = await import('../../src/action/summary.js');

beforeEach(() => fakeCore.resetCore());

describe('lockRows', () => {
  it('has a header row and one row per lock: path, type, holder, source, expiry, links', () => {
    const lock = storedLock({
      path: 'apps/staging',
      author: 'octocat',
      source: 'acme/shop',
      links: { run: 'https://github.com/acme/shop/actions/runs/1', ticket: 'https://t.example.com/?a=1&b=2' },
    });
    const [header, row] = lockRows([lock]);
    expect(header).toEqual(['Path', 'Type', 'Holder', 'Source', 'Expires', 'Links'].map((data) => ({ data, header: true })));
    expect(row).toEqual([
      '<code>apps/staging</code>',
      'deploy',
      'octocat',
      'acme/shop',
      new Date((NOW + 3600) * 1000).toISOString().replace('.000Z', 'Z'),
      '<a href="https://github.com/acme/shop/actions/runs/1">run</a>, <a href="https://t.example.com/?a=1&amp;b=2">ticket</a>',
    ]);
  });

  it('escapes what users typed', () => {
    const [, row] = lockRows([storedLock({ path: 'apps', author: '<img src=x onerror=alert(1)>', source: 'a&b' })]);
    expect(row?.[2]).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(row?.[3]).toBe('a&amp;b');
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });
});

describe('writeSummary', () => {
  it('writes a heading, the sentence and a table of the lock taken', async () => {
    await writeSummary(await outcomeOf(lockRequest('apps/staging')));
    expect(fakeCore.summary.headings).toEqual(['deploy-lock: Locked apps/staging']);
    expect(fakeCore.summary.raw.join('')).toMatch(/Locked apps\/staging for a deploy until/);
    expect(fakeCore.summary.tables).toHaveLength(1);
    expect(fakeCore.summary.tables[0]?.[1]?.[0]).toBe('<code>apps/staging</code>');
    expect(fakeCore.summary.written).toBe(1);
    expect(fakeCore.warning).not.toHaveBeenCalled();
  });

  it('lists the blocking locks when a check is denied', async () => {
    const seed = [storedLock({ path: 'apps', type: 'freeze' }), storedLock({ path: 'apps/staging' })];
    await writeSummary(await outcomeOf(checkRequest('apps/staging'), seed));
    expect(fakeCore.summary.headings).toEqual(['deploy-lock: apps/staging is locked']);
    const rows = fakeCore.summary.tables[0] ?? [];
    expect(rows.slice(1).map((row) => row[0])).toEqual(['<code>apps</code>', '<code>apps/staging</code>']);
  });

  it('writes no table when nothing blocks', async () => {
    await writeSummary(await outcomeOf(checkRequest('apps/staging')));
    expect(fakeCore.summary.headings).toEqual(['deploy-lock: apps/staging is free']);
    expect(fakeCore.summary.tables).toHaveLength(0);
  });

  it('only warns when the summary cannot be written', async () => {
    fakeCore.summary.failWrite = new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY.\nmore');
    await expect(writeSummary(await outcomeOf(lockRequest('apps')))).resolves.toBeUndefined();
    expect(fakeCore.warning).toHaveBeenCalledWith(
      'Could not write the job summary: Unable to find environment variable for $GITHUB_STEP_SUMMARY.',
    );
    expect(fakeCore.setFailed).not.toHaveBeenCalled();
  });
});
