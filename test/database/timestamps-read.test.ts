/**
 * Timestamps as the service reads them (on the server, by the fixed-position
 * reader of src/database/timestamptz-text.ts): the same instant whatever the
 * session's time zone, to the microsecond pg keeps (milliseconds, truncated
 * as pg truncates), and infinity as pg gives it. The embedded engine reads
 * timestamps with PGlite's own parser, which reads only a session on UTC
 * (its default, and the service's): there the other zones are not asked.
 */
import { Database } from '../../src/database/database';
import { startTestApp, type TestApp } from '../support/test-app';

describe('timestamps read from the database', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  const instants = [
    '2025-03-06T04:00:00Z',
    '2025-03-06T04:00:00.5Z',
    '2025-03-06T04:00:00.123456Z',
    '2025-03-06T04:00:00.999999Z',
    '1900-01-01T00:00:00Z',
    '2024-02-29T23:59:59.29Z',
    '9999-12-30T12:00:00Z',
  ];

  const zones = process.env.DATABASE_URL
    ? ['UTC', 'Asia/Shanghai', 'America/St_Johns', 'Asia/Kathmandu', 'Asia/Hong_Kong']
    : ['UTC'];

  it.each(zones)('gives the same instants in a session on %s', async (zone) => {
    const db = t.app.get(Database);
    const rows = await db.transaction(async (tx) => {
      await tx.execute(`SELECT set_config('TimeZone', $1, true)`, [zone]);
      return tx.query<{ at: Date; text: string }>(
        `SELECT at, at::text AS text FROM unnest($1::timestamptz[]) AS at`,
        [instants],
      );
    });
    expect(rows.map((r) => r.at.toISOString())).toEqual([
      '2025-03-06T04:00:00.000Z',
      '2025-03-06T04:00:00.500Z',
      '2025-03-06T04:00:00.123Z',
      '2025-03-06T04:00:00.999Z',
      '1900-01-01T00:00:00.000Z',
      '2024-02-29T23:59:59.290Z',
      '9999-12-30T12:00:00.000Z',
    ]);
  });

  it('reads infinity as pg does', async () => {
    const [row] = await t.db.query<{ future: unknown; past: unknown }>(
      `SELECT 'infinity'::timestamptz AS future, '-infinity'::timestamptz AS past`,
    );
    expect(row).toEqual({ future: Infinity, past: -Infinity });
  });
});
