/**
 * ISO 8601 date-times, durations and repeating intervals, as BPMN timers use them (`timeDate`,
 * `timeDuration`, `timeCycle`). Pure: nothing here reads the clock, so the engine computes due times from
 * instants it is given. Every parser returns `undefined` for text it does not accept, never throws.
 *
 * Accepted forms (documented in docs/expressions.md):
 * - date-time: `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.fff]]` with `Z`, `±hh:mm`, `±hhmm` or `±hh`; a time
 *   without offset is read as UTC (Caseflow has no server time zone);
 * - duration: `PnYnMnWnDTnHnMnS` (any subset, weeks may mix with other parts as `java.time` allows),
 *   a fraction only on seconds (`.` or `,`);
 * - repeating interval: `R[n]/start/duration`, `R[n]/duration`, `R[n]/duration/end`; no `n` means unbounded.
 */

export interface Duration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

export interface DateTime {
  /** Milliseconds since 1970-01-01T00:00:00Z. */
  readonly epochMs: number;
  /** The offset written in the text, in minutes east of UTC; absent when the text had none (read as UTC). */
  readonly offsetMinutes?: number;
}

export interface RepeatingInterval {
  /** How many times the interval repeats; absent means without end (`R/...`). */
  readonly repetitions?: number;
  readonly start?: DateTime;
  readonly duration: Duration;
  readonly end?: DateTime;
}

const msPerSecond = 1000;
const msPerMinute = 60 * msPerSecond;
const msPerHour = 60 * msPerMinute;
const msPerDay = 24 * msPerHour;

const dateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

export function parseDateTime(text: string): DateTime | undefined {
  const match = dateTimePattern.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const endOfDay = hour === 24 && minute === 0 && second === 0 && Number(fraction ?? 0) === 0;
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 59) return undefined;
  const offsetMinutes = offset === undefined ? undefined : parseOffset(offset);
  if (offsetMinutes === null) return undefined;
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * msPerSecond);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0-99 to 1900-1999; set the year explicitly.
  const fixed = new Date(utc);
  fixed.setUTCFullYear(year, month - 1, day);
  const epochMs = fixed.getTime() + (endOfDay ? msPerDay : 0) - (offsetMinutes ?? 0) * msPerMinute;
  return offsetMinutes === undefined ? { epochMs } : { epochMs, offsetMinutes };
}

/** Minutes east of UTC, or `null` when out of range. */
function parseOffset(offset: string): number | null {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 18 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

const durationPattern =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

export function parseDuration(text: string): Duration | undefined {
  const trimmed = text.trim();
  const match = durationPattern.exec(trimmed);
  // `P` alone and a `T` with nothing after it are not durations.
  if (!match || trimmed === 'P' || trimmed.endsWith('T')) return undefined;
  const part = (index: number) => Number((match[index] ?? '0').replace(',', '.'));
  return {
    years: part(1),
    months: part(2),
    weeks: part(3),
    days: part(4),
    hours: part(5),
    minutes: part(6),
    seconds: part(7),
  };
}

export function parseCycle(text: string): RepeatingInterval | undefined {
  const parts = text.trim().split('/');
  const head = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!head || parts.length < 2 || parts.length > 4) return undefined;
  const repetitions = head[1] === '' ? undefined : Number(head[1]);
  const withRepetitions = (interval: Omit<RepeatingInterval, 'repetitions'>): RepeatingInterval =>
    repetitions === undefined ? interval : { repetitions, ...interval };
  if (parts.length === 2) {
    const duration = parseDuration(parts[1] ?? '');
    return duration ? withRepetitions({ duration }) : undefined;
  }
  const first = parts[1] ?? '';
  const second = parts[2] ?? '';
  // `R[n]/start/duration/end` (as Camunda writes a bounded cycle with a start): not ISO 8601, but unambiguous.
  if (parts.length === 4) {
    const [start, duration, end] = [
      parseDateTime(first),
      parseDuration(second),
      parseDateTime(parts[3] ?? ''),
    ];
    return start && duration && end ? withRepetitions({ start, duration, end }) : undefined;
  }
  const startThenDuration = [parseDateTime(first), parseDuration(second)] as const;
  if (startThenDuration[0] && startThenDuration[1]) {
    return withRepetitions({ start: startThenDuration[0], duration: startThenDuration[1] });
  }
  const durationThenEnd = [parseDuration(first), parseDateTime(second)] as const;
  if (durationThenEnd[0] && durationThenEnd[1]) {
    return withRepetitions({ duration: durationThenEnd[0], end: durationThenEnd[1] });
  }
  return undefined;
}

/**
 * The instant `duration` after `instantMs`, in UTC. Years and months move the calendar date and clamp to the
 * month's last day (Jan 31 + P1M = Feb 28/29), as java.time does; weeks and days are calendar days (UTC has
 * no daylight saving, so 24 hours each); hours, minutes and seconds are exact.
 */
export function addDuration(instantMs: number, duration: Duration): number {
  const date = new Date(instantMs);
  const totalMonths = date.getUTCMonth() + duration.months + duration.years * 12;
  const year = date.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = (((totalMonths % 12) + 12) % 12) + 1;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  const moved = new Date(instantMs);
  moved.setUTCFullYear(year, month - 1, day);
  return (
    moved.getTime() +
    (duration.weeks * 7 + duration.days) * msPerDay +
    duration.hours * msPerHour +
    duration.minutes * msPerMinute +
    Math.round(duration.seconds * msPerSecond)
  );
}

/** True when the duration adds no time at all (`PT0S`): a cycle of it would fire without pause. */
export function isZeroDuration(duration: Duration): boolean {
  return Object.values(duration).every((value) => value === 0);
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}
