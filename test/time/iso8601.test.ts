import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDuration,
  isZeroDuration,
  parseCycle,
  parseDateTime,
  parseDuration,
  type Duration,
} from '../../shared/time/iso8601.js';

const none: Duration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
const at = (iso: string) => Date.parse(iso);

describe('parseDateTime', () => {
  it('reads a UTC date-time with Z', () => {
    assert.deepEqual(parseDateTime('2026-03-01T09:30:00Z'), {
      epochMs: at('2026-03-01T09:30:00Z'),
      offsetMinutes: 0,
    });
  });

  it('applies a written offset in every accepted spelling', () => {
    const expected = at('2026-03-01T08:00:00Z');
    assert.equal(parseDateTime('2026-03-01T10:00:00+02:00')?.epochMs, expected);
    assert.equal(parseDateTime('2026-03-01T10:00:00+0200')?.epochMs, expected);
    assert.equal(parseDateTime('2026-03-01T10:00+02')?.epochMs, expected);
    assert.equal(parseDateTime('2026-03-01T03:30:00-04:30')?.epochMs, expected);
    assert.equal(parseDateTime('2026-03-01T03:30:00-04:30')?.offsetMinutes, -270);
  });

  it('reads a date-time without offset as UTC and says no offset was given', () => {
    assert.deepEqual(parseDateTime('2026-03-01T10:00:00'), { epochMs: at('2026-03-01T10:00:00Z') });
  });

  it('reads a date alone as midnight UTC, and fractional seconds to the millisecond', () => {
    assert.equal(parseDateTime('2026-03-01')?.epochMs, at('2026-03-01T00:00:00Z'));
    assert.equal(parseDateTime('2026-03-01T10:00:00.250Z')?.epochMs, at('2026-03-01T10:00:00.250Z'));
  });

  it('accepts 24:00 as the end of the day', () => {
    assert.equal(parseDateTime('2026-03-01T24:00:00Z')?.epochMs, at('2026-03-02T00:00:00Z'));
  });

  it('keeps years below 100 as written', () => {
    assert.equal(new Date(parseDateTime('0050-01-01T00:00:00Z')?.epochMs ?? 0).getUTCFullYear(), 50);
  });

  it('refuses impossible dates, times and offsets, and text that is not a date-time', () => {
    for (const text of [
      '2026-02-30T00:00:00Z',
      '2025-02-29',
      '2026-13-01',
      '2026-03-01T25:00:00Z',
      '2026-03-01T10:60:00Z',
      '2026-03-01T10:00:00+19:00',
      '2026-03-01 10:00:00',
      'PT5M',
      'tomorrow',
      '',
    ]) {
      assert.equal(parseDateTime(text), undefined, text);
    }
  });

  it('accepts 29 February in a leap year', () => {
    assert.ok(parseDateTime('2024-02-29T12:00:00Z'));
    assert.ok(parseDateTime('2000-02-29'));
    assert.equal(parseDateTime('1900-02-29'), undefined);
  });
});

describe('parseDuration', () => {
  it('reads every component', () => {
    assert.deepEqual(parseDuration('P1Y2M3W4DT5H6M7.5S'), {
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7.5,
    });
  });

  it('reads the usual timer durations', () => {
    assert.deepEqual(parseDuration('PT15M'), { ...none, minutes: 15 });
    assert.deepEqual(parseDuration('P2W'), { ...none, weeks: 2 });
    assert.deepEqual(parseDuration('P1D'), { ...none, days: 1 });
    assert.deepEqual(parseDuration('PT0,5S'), { ...none, seconds: 0.5 });
  });

  it('refuses empty, out-of-order, negative and fractional non-second parts', () => {
    for (const text of ['P', 'PT', 'P1DT', 'PT5M1H', 'P1M1Y', '-PT5M', 'P1.5D', '5M', 'PT5', 'R/PT5M', '']) {
      assert.equal(parseDuration(text), undefined, text);
    }
  });
});

describe('parseCycle', () => {
  it('reads R[n]/duration, with and without a count', () => {
    assert.deepEqual(parseCycle('R3/PT10M'), { repetitions: 3, duration: { ...none, minutes: 10 } });
    assert.deepEqual(parseCycle('R/P1D'), { duration: { ...none, days: 1 } });
  });

  it('reads R[n]/start/duration and R[n]/duration/end', () => {
    assert.deepEqual(parseCycle('R5/2026-03-01T09:00:00Z/PT1H'), {
      repetitions: 5,
      start: { epochMs: at('2026-03-01T09:00:00Z'), offsetMinutes: 0 },
      duration: { ...none, hours: 1 },
    });
    assert.deepEqual(parseCycle('R/P1D/2026-12-31T00:00:00Z'), {
      duration: { ...none, days: 1 },
      end: { epochMs: at('2026-12-31T00:00:00Z'), offsetMinutes: 0 },
    });
  });

  it('reads R[n]/start/duration/end', () => {
    assert.deepEqual(parseCycle('R/2026-03-01T09:00:00Z/PT1H/2026-03-01T12:00:00Z'), {
      start: { epochMs: at('2026-03-01T09:00:00Z'), offsetMinutes: 0 },
      duration: { ...none, hours: 1 },
      end: { epochMs: at('2026-03-01T12:00:00Z'), offsetMinutes: 0 },
    });
  });

  it('refuses cycles that are not repeating intervals', () => {
    for (const text of [
      'PT10M',
      'R3',
      'R3/',
      'Rx/PT1M',
      'R3/PT1M/PT1M',
      'R/2026-03-01T09:00:00Z/2026-03-02T09:00:00Z',
      'R/PT1M/2026-03-01/extra',
      'R/2026-03-01T09:00:00Z/PT1H/PT1H',
      'R/2026-03-01T09:00:00Z/PT1H/2026-03-02T09:00:00Z/x',
      '0 0/5 * * * ?',
    ]) {
      assert.equal(parseCycle(text), undefined, text);
    }
  });
});

describe('addDuration', () => {
  it('adds exact hours, minutes and seconds', () => {
    const start = at('2026-03-01T23:30:00Z');
    assert.equal(
      addDuration(start, { ...none, hours: 1, minutes: 15, seconds: 1.5 }),
      at('2026-03-02T00:45:01.500Z'),
    );
  });

  it('adds days and weeks as calendar days', () => {
    assert.equal(addDuration(at('2026-02-27T10:00:00Z'), { ...none, days: 2 }), at('2026-03-01T10:00:00Z'));
    assert.equal(addDuration(at('2026-03-01T10:00:00Z'), { ...none, weeks: 1 }), at('2026-03-08T10:00:00Z'));
  });

  it('adds months and years on the calendar, clamping to the last day of a shorter month', () => {
    assert.equal(addDuration(at('2026-01-31T08:00:00Z'), { ...none, months: 1 }), at('2026-02-28T08:00:00Z'));
    assert.equal(addDuration(at('2024-01-31T08:00:00Z'), { ...none, months: 1 }), at('2024-02-29T08:00:00Z'));
    assert.equal(addDuration(at('2024-02-29T08:00:00Z'), { ...none, years: 1 }), at('2025-02-28T08:00:00Z'));
    assert.equal(
      addDuration(at('2026-11-15T00:00:00Z'), { ...none, months: 14 }),
      at('2028-01-15T00:00:00Z'),
    );
  });

  it('applies months before days, as java.time does', () => {
    assert.equal(
      addDuration(at('2026-01-31T00:00:00Z'), { ...none, months: 1, days: 1 }),
      at('2026-03-01T00:00:00Z'),
    );
  });

  it('leaves the instant unchanged for a zero duration', () => {
    assert.equal(addDuration(at('2026-01-31T00:00:00Z'), none), at('2026-01-31T00:00:00Z'));
    assert.equal(isZeroDuration(none), true);
    assert.equal(isZeroDuration({ ...none, seconds: 1 }), false);
  });
});
