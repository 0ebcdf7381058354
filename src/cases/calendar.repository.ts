import { Injectable } from '@nestjs/common';
import { Database, type Sql } from '../database/database';
import type { CalendarYear } from './working-calendar';

@Injectable()
export class CalendarRepository {
  constructor(private readonly db: Database) {}

  async storedYears(): Promise<CalendarYear[]> {
    const rows = await this.db.query<{ body: CalendarYear }>(
      `SELECT body FROM calendar_years ORDER BY year`,
    );
    return rows.map((row) => row.body);
  }

  /**
   * A fingerprint of the stored years: a cheap check of whether they need
   * reading again. A hash of the bodies rather than max(created_at), which
   * would miss a correction whose transaction began before another's.
   */
  async version(): Promise<string> {
    const rows = await this.db.query<{ version: string }>(
      `SELECT count(*) || ':' || md5(coalesce(string_agg(body::text, ',' ORDER BY year), '')) AS version
       FROM calendar_years`,
    );
    return rows[0]?.version ?? '';
  }

  /** The year an admin stored, if any, read in the caller's transaction. */
  async findStoredYear(tx: Sql, year: number): Promise<CalendarYear | null> {
    const rows = await tx.query<{ body: CalendarYear }>(
      `SELECT body FROM calendar_years WHERE year = $1`,
      [year],
    );
    return rows[0]?.body ?? null;
  }

  async upsert(tx: Sql, year: CalendarYear, actor: string, at: Date): Promise<void> {
    await tx.execute(
      `INSERT INTO calendar_years (year, body, created_by, created_at) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (year) DO UPDATE SET body = EXCLUDED.body, created_by = EXCLUDED.created_by,
         created_at = EXCLUDED.created_at`,
      [year.year, JSON.stringify(year), actor, at],
    );
  }
}
