import fc from 'fast-check';
import { types } from 'pg';
import { parseTimestamptzText } from './timestamptz-text';

/** pg's own parser of a timestamptz's text, the reference. */
const pgParse = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (
  text: string,
) => unknown;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * An instant as PostgreSQL prints it under DateStyle ISO in a zone of the
 * given offset: trailing zeros of the fraction dropped, the offset as ±HH,
 * ±HH:MM or ±HH:MM:SS (the last for zones on local mean time).
 */
function asPostgresPrints(utcMs: number, micros: number, offsetSeconds: number): string {
  const local = new Date(utcMs + offsetSeconds * 1000);
  const fraction = micros === 0 ? '' : `.${pad(micros, 6)}`.replace(/0+$/, '');
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const offset = `${sign}${pad(h, 2)}${m || s ? `:${pad(m, 2)}` : ''}${s ? `:${pad(s, 2)}` : ''}`;
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)} ` +
    `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}` +
    `${fraction}${offset}`
  );
}

describe('parseTimestamptzText', () => {
  it.each([
    ['2025-03-06 04:00:00+00', '2025-03-06T04:00:00.000Z'],
    ['2025-03-06 12:00:00+08', '2025-03-06T04:00:00.000Z'],
    ['2025-03-06 04:00:00.5+00', '2025-03-06T04:00:00.500Z'],
    ['2025-03-06 04:00:00.123456+05:30', '2025-03-05T22:30:00.123Z'],
    ['1900-01-01 08:05:43+08:05:43', '1900-01-01T00:00:00.000Z'],
    ['2025-03-05 23:00:00-05', '2025-03-06T04:00:00.000Z'],
  ])('reads %s', (text, expected) => {
    expect(parseTimestamptzText(text)?.toISOString()).toBe(expected);
    expect((pgParse(text) as Date).toISOString()).toBe(expected);
  });

  it.each([
    'infinity',
    '-infinity',
    '2025-03-06 04:00:00+00 BC',
    '0099-03-06 04:00:00+00',
    '12025-03-06 04:00:00+00',
    '2025-03-06 04:00:00.1234567+00',
    '2025-03-06T04:00:00Z',
    '2025-03-06 04:00:00',
    '2025-03-06 04:00:00+0',
    '2025-03-06 04:00:00+00:3',
    '2025-03-06 04:00:00+00:30:00:00',
    '2025-03-06 04:00:00.+00',
    '2025-03-06',
    '',
  ])('leaves %p to pg’s parser', (text) => {
    expect(parseTimestamptzText(text)).toBeNull();
  });

  it('answers exactly what pg’s parser answers, in every zone, for every fraction', () => {
    fc.assert(
      fc.property(
        // 1000-01-02 to 9999-12-30, so the local date stays within four digits
        fc.integer({ min: -30_610_137_600_000, max: 253_402_128_000_000 }),
        fc.integer({ min: 0, max: 999_999 }),
        fc.oneof(
          fc.integer({ min: -15, max: 15 }).map((h) => h * 3600),
          fc.integer({ min: -48, max: 56 }).map((q) => q * 900),
          fc.integer({ min: -15 * 3600, max: 15 * 3600 }),
        ),
        (seconds, micros, offset) => {
          const utcMs = Math.floor(seconds / 1000) * 1000;
          const text = asPostgresPrints(utcMs, micros, offset);
          const ours = parseTimestamptzText(text);
          expect(ours).not.toBeNull();
          expect(ours!.getTime()).toBe((pgParse(text) as Date).getTime());
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
