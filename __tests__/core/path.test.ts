import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../../src/core/errors.js';
import { ancestorsOf, isAtOrBelow, normalizePath, pathAndAncestors } from '../../src/core/path.js';

describe('normalizePath', () => {
  it.each([
    ['Apps/Staging/', 'apps/staging'],
    ['  /apps//staging///a/ ', 'apps/staging/a'],
    ['aws/us-east-1/staging', 'aws/us-east-1/staging'],
    ['apps/v1.2_x', 'apps/v1.2_x'],
  ])('normalises %p to %p', (raw, expected) => {
    expect(normalizePath(raw)).toBe(expected);
  });

  it.each([
    ['', 'expected slash-separated segments'],
    ['///', 'expected slash-separated segments'],
    ['apps/../prod', "'.' and '..' segments are not allowed"],
    ['apps/./prod', "'.' and '..' segments are not allowed"],
    ['apps/stag ing', "segment 'stag ing' may only hold"],
    ['apps/a:b', "segment 'a:b' may only hold"],
    ['a/'.repeat(300), 'longer than 512 characters'],
  ])('rejects %p', (raw, message) => {
    expect(() => normalizePath(raw, '--path')).toThrow(UsageError);
    expect(() => normalizePath(raw, '--path')).toThrow(message);
  });

  it('accepts exactly 512 characters', () => {
    const path = 'a'.repeat(512);
    expect(normalizePath(path)).toBe(path);
  });
});

describe('ancestors and prefixes', () => {
  it('lists the path and its ancestors root first', () => {
    expect(pathAndAncestors('apps/staging/a/auth-app')).toEqual(['apps', 'apps/staging', 'apps/staging/a', 'apps/staging/a/auth-app']);
    expect(ancestorsOf('apps/staging/a')).toEqual(['apps', 'apps/staging']);
    expect(ancestorsOf('apps')).toEqual([]);
  });

  it('matches prefixes on segment boundaries only', () => {
    expect(isAtOrBelow('apps/staging', 'apps/staging')).toBe(true);
    expect(isAtOrBelow('apps/staging/a', 'apps/staging')).toBe(true);
    expect(isAtOrBelow('apps/stagingx', 'apps/staging')).toBe(false);
    expect(isAtOrBelow('apps/st', 'apps/staging')).toBe(false);
    expect(isAtOrBelow('apps', 'apps/staging')).toBe(false);
    expect(isAtOrBelow('anything', undefined)).toBe(true);
  });
});
