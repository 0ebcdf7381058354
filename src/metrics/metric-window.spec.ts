import { DomainError } from '../common/domain-error';
import { parseIsoInstant } from '../common/iso-instant';
import { resolveMetricWindow } from './metric-window';

describe('parseIsoInstant', () => {
  it.each([
    ['2025-03-01T00:00:00+08:00', '2025-02-28T16:00:00.000Z'],
    ['2025-03-01T00:00:00Z', '2025-03-01T00:00:00.000Z'],
    ['2025-03-01t00:00z', '2025-03-01T00:00:00.000Z'],
    ['2025-03-01T00:00:00.5-05:30', '2025-03-01T05:30:00.500Z'],
    ['2025-03-01T00:00:00+0800', '2025-02-28T16:00:00.000Z'],
    ['2025-03-01T00:00:00+08', '2025-02-28T16:00:00.000Z'],
    ['2025-03-01T00:00:00 08:00', '2025-02-28T16:00:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseIsoInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '2025-13-01T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2025-04-31T00:00:00Z',
    '2025-03-01T24:00:00Z',
    '2025-03-01T00:60:00Z',
    '2025-03-01T00:00:60Z',
    '2025-03-01T00:00:00+24:00',
    '2025-03-01T00:00:00.1234Z',
    '2025-03-01T00:00:00',
    '2025-03-01',
    '0999-03-01T00:00:00Z',
    ' 2025-03-01T00:00:00Z',
    'yesterday',
    '1700000000',
    '',
    42,
    null,
    ['2025-03-01T00:00:00Z'],
  ])('refuses %p', (text) => {
    expect(parseIsoInstant(text)).toBeNull();
  });
});

describe('resolveMetricWindow', () => {
  const now = new Date('2025-04-01T04:00:00Z');

  it('defaults to the 30 × 24 hours before now', () => {
    expect(resolveMetricWindow({}, now)).toEqual({
      from: new Date('2025-03-02T04:00:00Z'),
      to: now,
      asOf: now,
    });
  });

  it('ends the window at asOf, and starts it 30 days before to, when those are not given', () => {
    const window = resolveMetricWindow(
      { to: '2025-03-10T00:00:00Z', asOf: '2025-03-20T00:00:00Z' },
      now,
    );
    expect(window.from).toEqual(new Date('2025-02-08T00:00:00Z'));
    expect(resolveMetricWindow({ asOf: '2025-03-20T00:00:00Z' }, now).to).toEqual(
      new Date('2025-03-20T00:00:00Z'),
    );
  });

  it('accepts an empty window and refuses from after to, naming from', () => {
    const at = '2025-03-01T00:00:00Z';
    expect(resolveMetricWindow({ from: at, to: at }, now).from).toEqual(new Date(at));
    expect(() => resolveMetricWindow({ from: '2025-03-02T00:00:00Z', to: at }, now)).toThrow(
      expect.objectContaining({ kind: 'invalid', details: { field: 'from' } }) as DomainError,
    );
  });
});
