import fc from 'fast-check';

import { computeMetrics } from './metric-formulas';
import type { Figure, MetricCase, MetricInputs } from './metric-formulas';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const base = Date.parse('2025-03-01T00:00:00+08:00');
const at = (minutes: number): Date => new Date(base + minutes * MINUTE);

/** Minute offsets from the window start; small ranges so boundaries collide often. */
const metricCase: fc.Arbitrary<MetricCase> = fc
  .record({
    opened: fc.integer({ min: -2 * 1440, max: 40 * 1440 }),
    ackAfter: fc.integer({ min: 0, max: 5 * 1440 }),
    response: fc.option(
      fc.record({
        after: fc.integer({ min: -60, max: 20 * 1440 }),
        by: fc.constantFrom('leader' as const, 'staff' as const),
      }),
    ),
    closing: fc.option(
      fc.record({ after: fc.integer({ min: 0, max: 20 * 1440 }), resolved: fc.boolean() }),
    ),
    survey: fc.option(
      fc.record({
        after: fc.integer({ min: 0, max: 30 * 1440 }),
        score: fc.constantFrom(100, 75, 50, 0),
      }),
    ),
  })
  .map(({ opened, ackAfter, response, closing, survey }) => ({
    openedAt: at(opened),
    acknowledgeDeadline: at(opened + ackAfter),
    firstResponseAt: response === null ? null : at(opened + response.after),
    firstResponseBy: response === null ? null : response.by,
    resolvedAt: closing?.resolved ? at(opened + closing.after) : null,
    closedAt: closing === null ? null : at(opened + closing.after),
    satisfactionScore: survey === null ? null : survey.score,
    satisfactionAt: survey === null ? null : at(opened + survey.after),
  }));

const metricInputs: fc.Arbitrary<MetricInputs> = fc
  .record({
    windowDays: fc.integer({ min: 0, max: 31 }),
    asOfMinutes: fc.integer({ min: -1440, max: 60 * 1440 }),
    cases: fc.array(metricCase, { maxLength: 60 }),
    receivedCount: fc.nat({ max: 1000 }),
    held: fc.nat({ max: 500 }),
    reported: fc.nat({ max: 500 }),
  })
  .map(({ windowDays, asOfMinutes, cases, receivedCount, held, reported }) => ({
    window: { from: at(0), to: new Date(base + windowDays * DAY), asOf: at(asOfMinutes) },
    cases,
    receivedCount,
    coverage: { held, reported },
  }));

const ratio = (f: Figure): number => (f.denominator === 0 ? 0 : f.numerator / f.denominator);

describe('computeMetrics: properties', () => {
  it('keeps every figure within its bounds', () => {
    fc.assert(
      fc.property(metricInputs, (inputs) => {
        const m = computeMetrics(inputs);
        const cases = m.cases.numerator;
        const responded = m.responseRate.numerator;

        for (const rate of [
          m.responseRate,
          m.onTimeResponseRate,
          m.resolutionRate,
          m.leaderReplyShare,
          m.coverage,
          m.score,
        ]) {
          if (rate.value !== null) {
            expect(rate.value).toBeGreaterThanOrEqual(0);
            expect(rate.value).toBeLessThanOrEqual(1);
          }
        }
        for (const rate of [
          m.responseRate,
          m.onTimeResponseRate,
          m.resolutionRate,
          m.leaderReplyShare,
          m.satisfaction,
        ]) {
          expect(rate.value === null).toBe(rate.denominator === 0);
          if (rate.value !== null) {
            const scale = rate === m.satisfaction ? 100 : 10000;
            expect(Math.abs(rate.value - rate.numerator / rate.denominator)).toBeLessThanOrEqual(
              0.5 / scale + 1e-12,
            );
          }
        }
        for (const rate of [m.responseRate, m.onTimeResponseRate, m.resolutionRate]) {
          expect(rate.denominator).toBe(cases);
        }
        expect(m.onTimeResponseRate.numerator).toBeLessThanOrEqual(responded);
        expect(responded).toBeLessThanOrEqual(cases);
        expect(m.overdue.numerator + responded).toBeLessThanOrEqual(cases);
        expect(m.backlog.numerator).toBeLessThanOrEqual(cases);
        const { lt1d, d1to3, d3to7, gt7d } = m.backlog.buckets;
        expect(lt1d + d1to3 + d3to7 + gt7d).toBe(m.backlog.numerator);
        expect(m.leaderReplyShare.denominator).toBe(responded);
        expect(m.medianFirstResponseHours.denominator).toBe(responded);
        expect(m.satisfaction.denominator).toBeLessThanOrEqual(cases);
        if (m.satisfaction.value !== null) {
          expect(m.satisfaction.value).toBeGreaterThanOrEqual(0);
          expect(m.satisfaction.value).toBeLessThanOrEqual(100);
        }
        if (m.medianFirstResponseHours.value !== null && m.p90FirstResponseHours.value !== null) {
          expect(m.medianFirstResponseHours.value).toBeGreaterThanOrEqual(0);
          expect(m.medianFirstResponseHours.value).toBeLessThanOrEqual(
            m.p90FirstResponseHours.value,
          );
        }
        for (const count of [m.received, m.cases, m.overdue, m.backlog]) {
          expect(count.value).toBe(count.numerator);
          expect(count.denominator).toBe(1);
        }
      }),
    );
  });

  it('scores what the SPEC formula gives in plain floating point, to 4 decimals', () => {
    fc.assert(
      fc.property(metricInputs, (inputs) => {
        const m = computeMetrics(inputs);
        const cases = m.cases.numerator;
        const expected =
          0.4 * ratio(m.onTimeResponseRate) +
          0.3 * ratio(m.resolutionRate) +
          0.2 * (ratio(m.satisfaction) / 100) +
          0.1 * (cases === 0 ? 0 : 1 - m.overdue.numerator / cases);
        expect(m.score.value).not.toBeNull();
        expect(Math.abs((m.score.value ?? -1) - expected)).toBeLessThanOrEqual(0.00005 + 1e-9);
        expect(m.score.value).toBe(m.score.numerator / m.score.denominator);
        expect(Number.isInteger(m.score.numerator)).toBe(true);
      }),
    );
  });

  it('ignores case order and cases opened outside the window or after asOf', () => {
    fc.assert(
      fc.property(metricInputs, fc.array(metricCase, { maxLength: 10 }), (inputs, extra) => {
        const from = inputs.window.from.getTime();
        const end = Math.min(inputs.window.to.getTime(), inputs.window.asOf.getTime() + 1);
        const outside = extra.filter(
          (c) => c.openedAt.getTime() < from || c.openedAt.getTime() >= end,
        );
        const m = computeMetrics(inputs);
        expect(computeMetrics({ ...inputs, cases: [...inputs.cases].reverse() })).toEqual(m);
        expect(computeMetrics({ ...inputs, cases: [...outside, ...inputs.cases] })).toEqual(m);
      }),
    );
  });
});
