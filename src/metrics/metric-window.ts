/**
 * The metric window as clients give it. A figure is only as reproducible as
 * its window, so its instants go through the strict parser of
 * common/iso-instant.ts, which refuses anything it would have to guess at.
 */
import { InvalidInput } from '../common/domain-error';
import { ISO_INSTANT_PROBLEM, parseIsoInstant } from '../common/iso-instant';
import type { MetricWindow } from './metric-formulas';

/** Default window length when `from` is not given: 30 × 24 hours before `to`. */
export const DEFAULT_WINDOW_MS = 30 * 24 * 3_600_000;

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

/** How far a client's clock may run ahead of the server's. */
export const CLOCK_ALLOWANCE_MS = 5 * 60_000;
/**
 * How far ahead of now a frozen window may end: the dashboard's default
 * period runs to the end of today (the next Beijing midnight, less than a
 * day ahead); a period that ends later than that has not happened yet.
 */
export const MAX_WINDOW_LEAD_MS = 24 * 3_600_000;

/**
 * A snapshot freezes figures that exist: its window may not end more than a
 * day ahead, and its figures may not be evaluated at an instant still to come.
 */
export function requireFreezableWindow(window: MetricWindow, now: Date): void {
  const latestTo = new Date(now.getTime() + MAX_WINDOW_LEAD_MS + CLOCK_ALLOWANCE_MS);
  if (window.to.getTime() > latestTo.getTime()) {
    throw new InvalidInput(
      'to',
      `must not be later than ${latestTo.toISOString()}: a snapshot freezes a period that has (all but) ended`,
    );
  }
  const latestAsOf = new Date(now.getTime() + CLOCK_ALLOWANCE_MS);
  if (window.asOf.getTime() > latestAsOf.getTime()) {
    throw new InvalidInput(
      'asOf',
      `must not be later than now (${now.toISOString()}): figures cannot be frozen as of an instant to come`,
    );
  }
}
