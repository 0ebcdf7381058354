/**
 * The v1 input contract of computeMetrics, checked before anything is counted:
 * a metric built on corrupt input must fail loudly, never read as a zero.
 */
import type { MetricCase, MetricInputs } from './metric-formulas';
import { isSatisfactionScore, SATISFACTION_SCORES } from './satisfaction-levels';

/** Inputs that break the v1 contract; a caller bug or corrupt data, never a zero. */
export class MetricInputError extends Error {
  readonly code = 'METRIC_INPUT_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'MetricInputError';
  }
}

export function validateMetricInputs(inputs: MetricInputs): void {
  const { window, cases, receivedCount, coverage } = inputs;
  for (const key of ['from', 'to', 'asOf'] as const) {
    assertDate(`window.${key}`, window[key]);
  }
  if (window.from.getTime() > window.to.getTime()) {
    throw new MetricInputError('window.from must not be after window.to');
  }
  assertCount('receivedCount', receivedCount);
  assertCount('coverage.held', coverage.held);
  assertCount('coverage.reported', coverage.reported);
  cases.forEach((c, i) => validateCase(c, `cases[${i}]`));
}

function validateCase(c: MetricCase, at: string): void {
  assertDate(`${at}.openedAt`, c.openedAt);
  assertDate(`${at}.acknowledgeDeadline`, c.acknowledgeDeadline);
  for (const key of ['firstResponseAt', 'resolvedAt', 'closedAt', 'satisfactionAt'] as const) {
    const value = c[key];
    if (value !== null) {
      assertDate(`${at}.${key}`, value);
    }
  }
  if ((c.firstResponseAt === null) !== (c.firstResponseBy === null)) {
    throw new MetricInputError(
      `${at}: firstResponseAt and firstResponseBy must be both set or both null`,
    );
  }
  if (
    c.firstResponseBy !== null &&
    c.firstResponseBy !== 'leader' &&
    c.firstResponseBy !== 'staff'
  ) {
    throw new MetricInputError(`${at}.firstResponseBy must be 'leader' or 'staff'`);
  }
  if ((c.satisfactionScore === null) !== (c.satisfactionAt === null)) {
    throw new MetricInputError(
      `${at}: satisfactionScore and satisfactionAt must be both set or both null`,
    );
  }
  if (c.satisfactionScore !== null && !isSatisfactionScore(c.satisfactionScore)) {
    throw new MetricInputError(
      `${at}.satisfactionScore must be one of ${SATISFACTION_SCORES.join(', ')}`,
    );
  }
}

function assertDate(name: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new MetricInputError(`${name} must be a valid Date`);
  }
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new MetricInputError(`${name} must be a non-negative integer`);
  }
}
