/**
 * Six-field NCRONTAB schedules as Azure Functions timer triggers use them: `{second} {minute} {hour} {day}
 * {month} {day-of-week}`, each field `*`, a value, a range `a-b`, a step `*\/n`, `a-b/n` or `a/n`, or a
 * comma-separated list of those; months and days of the week also by name (`JAN`, `MON`). As in NCrontab, a
 * time matches only when both the day of the month and the day of the week match. Pure: times are UTC.
 */

export interface CronSchedule {
  readonly text: string;
  readonly seconds: ReadonlySet<number>;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  /** 1-12 */
  readonly months: ReadonlySet<number>;
  /** 0 (Sunday) - 6 */
  readonly daysOfWeek: ReadonlySet<number>;
}

export type ParsedSchedule = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const fields: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: monthNames },
  { name: 'day-of-week', min: 0, max: 6, names: dayNames },
];

export function parseNcrontab(text: string): ParsedSchedule {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 6) {
    return {
      ok: false,
      error: `"${text}" is not a six-field NCRONTAB expression (second minute hour day month day-of-week).`,
    };
  }
  const sets: Set<number>[] = [];
  for (const [index, spec] of fields.entries()) {
    const parsed = parseField(parts[index] ?? '', spec);
    if (typeof parsed === 'string') return { ok: false, error: `"${text}": ${parsed}` };
    sets.push(parsed);
  }
  const [seconds, minutes, hours, days, months, daysOfWeek] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  return { ok: true, schedule: { text, seconds, minutes, hours, days, months, daysOfWeek } };
}

/** The values a field allows, or a message saying what is wrong with it. */
function parseField(text: string, spec: FieldSpec): Set<number> | string {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!match) return `the ${spec.name} field "${text}" is malformed.`;
    const [, range = '', stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return `the ${spec.name} field "${text}" has a step of 0.`;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*') [from, to] = [spec.min, spec.max];
    else {
      const [first = '', last] = range.split('-');
      from = fieldValue(first, spec);
      // `a/n` runs from a to the end of the field, as in NCrontab.
      to = last === undefined ? (stepText === undefined ? from : spec.max) : fieldValue(last, spec);
    }
    if (from === undefined || to === undefined || from > to) {
      return `the ${spec.name} field "${text}" is out of range (${spec.min}-${spec.max}).`;
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

function fieldValue(text: string, spec: FieldSpec): number | undefined {
  const byName = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (byName >= 0) return byName + spec.min;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= spec.min && value <= spec.max ? value : undefined;
}

/** Searching further than this finds nothing new: every field combination recurs within four years. */
const searchYears = 5;

/** The first time strictly after `after` (whole seconds, UTC) that the schedule matches; undefined if none. */
export function nextOccurrence(schedule: CronSchedule, after: Date): Date | undefined {
  const start = Math.floor(after.getTime() / 1000) * 1000 + 1000;
  const limit = new Date(start).getUTCFullYear() + searchYears;
  const t = new Date(start);
  while (t.getUTCFullYear() <= limit) {
    if (!schedule.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0);
      continue;
    }
    if (!schedule.days.has(t.getUTCDate()) || !schedule.daysOfWeek.has(t.getUTCDay())) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0);
      continue;
    }
    if (!schedule.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0);
      continue;
    }
    if (!schedule.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0);
      continue;
    }
    if (!schedule.seconds.has(t.getUTCSeconds())) {
      t.setUTCSeconds(t.getUTCSeconds() + 1);
      continue;
    }
    return t;
  }
  return undefined;
}
