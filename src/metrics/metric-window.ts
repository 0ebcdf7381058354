/**
 * The metric window as clients give it: ISO 8601 instants with an explicit
 * offset (or Z), nothing looser. A figure is only as reproducible as its
 * window, so anything the parser would have to guess at is refused: dates
 * without a time or an offset, calendar overflow (2025-02-30, which V8's
 * Date would silently turn into March 2), epoch numbers, words, years
 * before 1000, and fractions finer than the millisecond the service computes in.
 */
import { InvalidInput } from '../common/domain-error';
import type { MetricWindow } from './metric-formulas';

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+\- ])(\d{2})(?::?(\d{2}))?)$/i;

export const ISO_INSTANT_PROBLEM =
  'must be an ISO 8601 instant with an offset or Z, e.g. 2025-03-01T00:00:00+08:00';

/** Default window length when `from` is not given: 30 × 24 hours before `to`. */
export const DEFAULT_WINDOW_MS = 30 * 24 * 3_600_000;

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

export type WindowRequest = { from?: string; to?: string; asOf?: string };

/**
 * Defaults: asOf = now, to = asOf, from = to − 30 days. `from` after `to`
 * is refused; `asOf` before `to` is allowed (a window still running at
 * asOf: cases opened after asOf do not count, see metric-formulas.ts).
 */
export function resolveMetricWindow(request: WindowRequest, now: Date): MetricWindow {
  const asOf = instantOrDefault('asOf', request.asOf, now);
  const to = instantOrDefault('to', request.to, asOf);
  const from = instantOrDefault('from', request.from, new Date(to.getTime() - DEFAULT_WINDOW_MS));
  if (from.getTime() > to.getTime()) {
    throw new InvalidInput('from', `must not be after to (${to.toISOString()})`);
  }
  return { from, to, asOf };
}

function instantOrDefault(field: string, text: string | undefined, fallback: Date): Date {
  if (text === undefined) {
    return fallback;
  }
  const instant = parseIsoInstant(text);
  if (!instant) {
    throw new InvalidInput(field, ISO_INSTANT_PROBLEM);
  }
  return instant;
}

export function windowWarnings(window: MetricWindow): string[] {
  return window.asOf.getTime() < window.to.getTime()
    ? [
        `window ends after asOf: cases and comments after ${window.asOf.toISOString()} are not counted`,
      ]
    : [];
}
