import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
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

  async upsert(year: CalendarYear, actor: string): Promise<void> {
    await this.db.execute(
      `INSERT INTO calendar_years (year, body, created_by) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (year) DO UPDATE SET body = EXCLUDED.body, created_by = EXCLUDED.created_by, created_at = now()`,
      [year.year, JSON.stringify(year), actor],
    );
  }
}
