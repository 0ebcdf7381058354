/**
 * Instants as clients send them in query strings and bodies: ISO 8601 with an
 * explicit offset (or Z), nothing looser. Anything a parser would have to
 * guess at is refused: dates without a time or an offset, calendar overflow
 * (2025-02-30, which V8's Date would silently turn into March 2), epoch
 * numbers, words, years before 1000, and fractions finer than the
 * millisecond the service computes in.
 */
import { ValidateBy, type ValidationOptions } from 'class-validator';

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+\- ])(\d{2})(?::?(\d{2}))?)$/i;

export const ISO_INSTANT_PROBLEM =
  'must be an ISO 8601 instant with an offset or Z, e.g. 2025-03-01T00:00:00+08:00';

/**
 * The instant, or null when the text is not a valid ISO 8601 instant with
 * offset. A space in the offset's sign position is read as '+': that is
 * what an unencoded '+' in a query string arrives as, and nothing else can
 * have been meant.
 */
export function parseIsoInstant(text: unknown): Date | null {
  if (typeof text !== 'string') {
    return null;
  }
  const m = ISO_INSTANT.exec(text.trim() === text ? text : '');
  if (!m) {
    return null;
  }
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millisecond = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  // Years before 1000 are typos, and Date.UTC would map 0-99 to 1900-1999.
  if (year < 1000 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const check = new Date(local);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || day < 1) {
    return null;
  }
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const offsetHours = Number(m[10]);
    const offsetMins = m[11] === undefined ? 0 : Number(m[11]);
    if (offsetHours > 23 || offsetMins > 59) {
      return null;
    }
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const instant = new Date(local - offsetMinutes * 60_000);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** A string that parseIsoInstant accepts: ISO 8601 with an offset or Z, a real calendar date. */
export function IsIsoInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoInstant',
      validator: {
        validate: (value: unknown) => parseIsoInstant(value) !== null,
        defaultMessage: (args) => `${args?.property ?? 'value'} ${ISO_INSTANT_PROBLEM}`,
      },
    },
    options,
  );
}
