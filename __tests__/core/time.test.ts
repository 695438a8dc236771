import { describe, expect, it } from '@jest/globals';
import { Settings } from 'luxon';
import { UsageError } from '../../src/core/errors.js';
import { formatInstant, formatInterval, isoInstant, parseDuration, parseExpiry, parseInstant } from '../../src/core/time.js';

const NOW = 1_798_718_400; // 2026-12-31T12:00:00Z

describe('parseDuration', () => {
  it.each([
    ['30m', 1800],
    ['1h30m', 5400],
    ['2d', 172800],
    ['1w', 604800],
    ['90s', 90],
    ['PT30M', 1800],
    ['pt1h', 3600],
    ['P1DT2H', 93600],
    ['600', 600],
    [' 5M ', 300],
  ])('%p is %p seconds', (raw, seconds) => {
    expect(parseDuration(raw)).toBe(seconds);
  });

  it.each([
    ['2026-12-31', 'that is a date; use --until'],
    ['2026-12-31T12:00', 'that is a date; use --until'],
    ['soon', 'not an interval'],
    ['30x', 'not an interval'],
    ['0', 'must be longer than zero'],
    ['0m', 'must be longer than zero'],
    ['-5m', 'not an interval'],
    ['', 'empty'],
    ['PXYZ', 'not a valid ISO-8601 duration'],
  ])('rejects %p naming the flag', (raw, why) => {
    expect(() => parseDuration(raw, '--duration')).toThrow(UsageError);
    expect(() => parseDuration(raw, '--duration')).toThrow(`Invalid --duration '${raw}': ${why}`);
  });
});

describe('parseInstant', () => {
  it('reads epoch seconds', () => {
    expect(parseInstant('1798718400', '--until')).toBe(NOW);
  });

  it('reads ISO date-times with or without seconds, in UTC or with an offset', () => {
    expect(parseInstant('2026-12-31T12:00Z', '--until')).toBe(NOW);
    expect(parseInstant('2026-12-31T12:00:30Z', '--until')).toBe(NOW + 30);
    expect(parseInstant('2026-12-31T13:00+01:00', '--until')).toBe(NOW);
  });

  it('reads a date-time without a zone in the local zone', () => {
    const zone = Settings.defaultZone;
    Settings.defaultZone = 'America/New_York';
    try {
      // 12:00 in New York in December is 17:00 UTC.
      expect(parseInstant('2026-12-31T12:00', '--until')).toBe(NOW + 5 * 3600);
      expect(parseInstant('2026-12-31 12:00', '--until')).toBe(NOW + 5 * 3600);
      expect(formatInstant(NOW + 5 * 3600)).toBe('Thu 31 Dec, 12:00');
    } finally {
      Settings.defaultZone = zone;
    }
  });

  it.each([
    ['30m', 'that is an interval'],
    ['PT30M', 'that is an interval'],
    ['1798718400000', 'too large for epoch seconds (milliseconds?)'],
    ['next tuesday', 'not a date-time'],
    ['2026-13-45T12:00', 'not a date-time'],
  ])('rejects %p', (raw, why) => {
    expect(() => parseInstant(raw, '--until')).toThrow(`Invalid --until '${raw}': ${why}`);
  });
});

describe('parseExpiry', () => {
  it('takes a duration relative to the moment of locking', () => {
    expect(parseExpiry({ duration: '1h' }, NOW)).toEqual({ duration: 3600 });
  });

  it('takes an absolute until in the future', () => {
    expect(parseExpiry({ until: '2027-01-01T00:00Z' }, NOW)).toEqual({ until: NOW + 12 * 3600 });
  });

  it('rejects both, neither and the past', () => {
    expect(() => parseExpiry({ duration: '1h', until: '2027-01-01T00:00Z' }, NOW)).toThrow('Give either --duration or --until, not both.');
    expect(() => parseExpiry({}, NOW)).toThrow('A lock needs --duration');
    expect(() => parseExpiry({ until: '2026-12-31T11:59Z' }, NOW)).toThrow('is in the past');
    expect(() => parseExpiry({ until: String(NOW) }, NOW)).toThrow('is in the past');
  });

  it('names the front end’s own field', () => {
    expect(() => parseExpiry({}, NOW, { duration: "input 'duration'", until: "input 'until'" })).toThrow("A lock needs input 'duration'");
  });
});

describe('formatting', () => {
  it('formats the friendly instant like Sat 31 Dec, 12:00', () => {
    expect(formatInstant(1_672_488_000, 'utc')).toBe('Sat 31 Dec, 12:00');
  });

  it('formats ISO instants in UTC and intervals for progress lines', () => {
    expect(isoInstant(NOW)).toBe('2026-12-31T12:00:00Z');
    expect(formatInterval(3900)).toBe('1h 5m');
    expect(formatInterval(30)).toBe('30s');
    expect(formatInterval(0)).toBe('0s');
  });
});
