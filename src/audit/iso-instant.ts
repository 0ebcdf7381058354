/** Query-string instants: ISO 8601 with an offset, on a real calendar day. */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/u;

/** An ISO 8601 instant with an offset (or Z) on a real calendar day; null otherwise. */
export function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') {
    return null;
  }
  const match = ISO_INSTANT.exec(value);
  if (!match) {
    return null;
  }
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const civil = new Date(Date.UTC(year, month - 1, day));
  if (
    civil.getUTCMonth() !== month - 1 ||
    civil.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    (second ?? 0) > 59
  ) {
    return null;
  }
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instant;
}
