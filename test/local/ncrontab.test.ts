import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextOccurrence, parseNcrontab, type CronSchedule } from '../../local/host/ncrontab.js';
import { missedOccurrence, monitorByDefault, neverRan } from '../../local/host/timer-trigger-listener.js';

function schedule(text: string): CronSchedule {
  const parsed = parseNcrontab(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.schedule;
}

/** The next `count` occurrences after `from`, as ISO strings. */
function occurrences(text: string, from: string, count: number): string[] {
  const found: string[] = [];
  let after = new Date(from);
  for (let n = 0; n < count; n += 1) {
    const next = nextOccurrence(schedule(text), after);
    if (!next) break;
    found.push(next.toISOString());
    after = next;
  }
  return found;
}

describe('six-field NCRONTAB schedules', () => {
  it('steps through every fifth minute at second zero', () => {
    assert.deepEqual(occurrences('0 */5 * * * *', '2026-03-01T10:03:27Z', 3), [
      '2026-03-01T10:05:00.000Z',
      '2026-03-01T10:10:00.000Z',
      '2026-03-01T10:15:00.000Z',
    ]);
  });

  it('returns an occurrence strictly after now, even when now matches exactly', () => {
    assert.deepEqual(occurrences('*/2 * * * * *', '2026-03-01T10:00:00.000Z', 2), [
      '2026-03-01T10:00:02.000Z',
      '2026-03-01T10:00:04.000Z',
    ]);
    assert.deepEqual(occurrences('* * * * * *', '2026-03-01T10:00:00.400Z', 1), ['2026-03-01T10:00:01.000Z']);
  });

  it('accepts lists, ranges and ranges with steps', () => {
    assert.deepEqual(occurrences('5,10-12,30-40/5 0 0 * * *', '2026-03-01T00:00:00Z', 7), [
      '2026-03-01T00:00:05.000Z',
      '2026-03-01T00:00:10.000Z',
      '2026-03-01T00:00:11.000Z',
      '2026-03-01T00:00:12.000Z',
      '2026-03-01T00:00:30.000Z',
      '2026-03-01T00:00:35.000Z',
      '2026-03-01T00:00:40.000Z',
    ]);
  });

  it('reads a value with a step as running to the end of the field', () => {
    assert.deepEqual(occurrences('0 0 20/2 * * *', '2026-03-01T00:00:00Z', 3), [
      '2026-03-01T20:00:00.000Z',
      '2026-03-01T22:00:00.000Z',
      '2026-03-02T20:00:00.000Z',
    ]);
  });

  it('accepts month and day names in any case, and day-of-week ranges', () => {
    // 2026-03-02 is a Monday.
    assert.deepEqual(occurrences('0 30 9 * mar Mon-Fri', '2026-02-27T12:00:00Z', 3), [
      '2026-03-02T09:30:00.000Z',
      '2026-03-03T09:30:00.000Z',
      '2026-03-04T09:30:00.000Z',
    ]);
    assert.deepEqual(occurrences('0 0 0 1 JAN,JUL *', '2026-03-01T00:00:00Z', 2), [
      '2026-07-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
  });

  it('requires both the day of the month and the day of the week to match, as NCrontab does', () => {
    // 13 March 2026 is a Friday; after it, the next Friday the 13th is in November 2026.
    assert.deepEqual(occurrences('0 0 0 13 * 5', '2026-03-01T00:00:00Z', 2), [
      '2026-03-13T00:00:00.000Z',
      '2026-11-13T00:00:00.000Z',
    ]);
  });

  it('crosses month and year ends and finds 29 February in a leap year', () => {
    assert.deepEqual(occurrences('0 0 0 29 2 *', '2026-03-01T00:00:00Z', 1), ['2028-02-29T00:00:00.000Z']);
    assert.deepEqual(occurrences('59 59 23 31 12 *', '2026-12-31T23:59:59Z', 1), [
      '2027-12-31T23:59:59.000Z',
    ]);
  });

  it('finds no occurrence for a date that never exists', () => {
    assert.equal(nextOccurrence(schedule('0 0 0 30 2 *'), new Date('2026-01-01T00:00:00Z')), undefined);
  });

  it('rejects expressions that are not six valid fields, saying which field is wrong', () => {
    const cases: [string, RegExp][] = [
      ['0 */5 * * *', /six-field/],
      ['60 * * * * *', /second field "60" is out of range \(0-59\)/],
      ['0 0 25 * * *', /hour field/],
      ['0 0 0 0 * *', /day field/],
      ['0 0 0 * 13 *', /month field/],
      ['0 0 0 * * 7', /day-of-week field/],
      ['0 0 0 * * FUNDAY', /day-of-week field/],
      ['*/0 * * * * *', /step of 0/],
      ['5-1 * * * * *', /second field/],
      ['0 0 0 * * 1,,2', /malformed/],
    ];
    for (const [text, message] of cases) {
      const parsed = parseNcrontab(text);
      assert.equal(parsed.ok, false, text);
      if (!parsed.ok) assert.match(parsed.error, message, text);
    }
  });

  it('monitors by default only schedules whose occurrences are at least a minute apart', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    assert.equal(monitorByDefault(schedule('*/30 * * * * *'), now), false);
    assert.equal(monitorByDefault(schedule('0 * * * * *'), now), true);
    assert.equal(monitorByDefault(schedule('0 0 2 * * *'), now), true);
  });

  describe('the occurrence a stopped host missed', () => {
    const hourly = schedule('0 0 * * * *');
    const at = (iso: string) => new Date(iso);

    it('is the recorded next occurrence once it has passed', () => {
      const recorded = {
        Last: '2026-03-01T10:00:00.000Z',
        Next: '2026-03-01T11:00:00.000Z',
        LastUpdated: '',
      };
      assert.deepEqual(
        missedOccurrence(hourly, recorded, at('2026-03-01T13:20:00Z')),
        at('2026-03-01T11:00:00Z'),
      );
      assert.equal(missedOccurrence(hourly, recorded, at('2026-03-01T10:59:59Z')), undefined);
    });

    it('follows a schedule changed since the last run', () => {
      const recorded = {
        Last: '2026-03-01T10:00:00.000Z',
        Next: '2026-03-02T10:00:00.000Z',
        LastUpdated: '',
      };
      assert.deepEqual(
        missedOccurrence(hourly, recorded, at('2026-03-01T11:30:00Z')),
        at('2026-03-01T11:00:00Z'),
      );
    });

    it('is judged by the recorded next occurrence alone when the function never ran', () => {
      const recorded = { Last: neverRan, Next: '2026-03-01T11:00:00.000Z', LastUpdated: '' };
      assert.equal(missedOccurrence(hourly, recorded, at('2026-03-01T10:30:00Z')), undefined);
      assert.deepEqual(
        missedOccurrence(hourly, recorded, at('2026-03-01T11:30:00Z')),
        at('2026-03-01T11:00:00Z'),
      );
    });
  });
});
