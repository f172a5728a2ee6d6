/**
 * The small slice of ISO 8601 the engine needs for timers until shared/time/ is shared: a duration
 * (`P1DT2H`, `PT0.5S`, `P2W`) added to an instant, and an instant with an explicit offset or `Z`.
 * Calendar parts (years, months) move the calendar date in UTC.
 */
const durationPattern =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** `start` plus `duration`, or undefined when the duration is not ISO 8601. */
export function addDuration(start: string, duration: string): string | undefined {
  const text = duration.trim();
  const match = durationPattern.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [years, months, weeks, days, hours, minutes] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const seconds = Number((match[7] ?? '0').replace(',', '.'));
  const date = new Date(start);
  date.setUTCFullYear(date.getUTCFullYear() + (years ?? 0), date.getUTCMonth() + (months ?? 0));
  const milliseconds =
    ((((weeks ?? 0) * 7 + (days ?? 0)) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60_000 + seconds * 1000;
  return new Date(date.getTime() + milliseconds).toISOString();
}

/** An ISO 8601 instant in UTC (`...Z`), or undefined when the text is not a zoned date-time. */
export function parseInstant(text: string): string | undefined {
  const trimmed = text.trim();
  if (!instantPattern.test(trimmed)) return undefined;
  const time = Date.parse(trimmed);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
