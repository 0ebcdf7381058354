import { parseIsoInstant } from './iso-instant';

describe('parseIsoInstant', () => {
  it.each([
    ['2025-03-01T00:00:00+08:00', '2025-02-28T16:00:00.000Z'],
    ['2025-03-01T00:00:00Z', '2025-03-01T00:00:00.000Z'],
    ['2025-03-01T00:00+0800', '2025-02-28T16:00:00.000Z'],
    ['2025-03-01T00:00:00.123Z', '2025-03-01T00:00:00.123Z'],
  ])('reads %s', (input, expected) => {
    expect(parseIsoInstant(input)?.toISOString()).toBe(expected);
  });

  it.each([
    '2025-02-30T00:00:00Z',
    '2025-03-01T00:00:00',
    '2025-03-01',
    '2025-03-01T24:00:00Z',
    'yesterday',
    '',
    42,
    null,
  ])('refuses %p', (input) => {
    expect(parseIsoInstant(input)).toBeNull();
  });
});
