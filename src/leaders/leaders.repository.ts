import { Injectable } from '@nestjs/common';
import { Conflict } from '../common/domain-error';
import { offsetOf, type Page, type PageRequest } from '../common/pagination';
import { Database, type Sql } from '../database/database';
import type { Leader } from './leader';
import { LeaderFeeds } from './leader-feeds';

interface LeaderRow {
  id: string;
  name: string;
  title: string;
  unit: string;
  region_code: string;
  weibo_uid: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  deactivated_at: Date | null;
}

const COLUMNS =
  'id, name, title, unit, region_code, weibo_uid, active, created_at, updated_at, deactivated_at';

function toLeader(row: LeaderRow): Leader {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    unit: row.unit,
    regionCode: row.region_code,
    weiboUid: row.weibo_uid,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deactivatedAt: row.deactivated_at,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505'
  );
}

export class WeiboUidTaken extends Conflict {
  constructor(weiboUid: string) {
    super('WEIBO_UID_TAKEN', `weiboUid ${weiboUid} already belongs to another leader`, {
      weiboUid,
    });
  }
}

export interface LeaderFilter {
  ids: string[] | null;
  regionCode?: string;
  unit?: string;
  active?: boolean;
}

@Injectable()
export class LeadersRepository {
  constructor(
    private readonly db: Database,
    private readonly feeds: LeaderFeeds,
  ) {}

  /** A leader and its feed are created together: the poller finds the feed due at once. */
  async create(
    leader: Omit<Leader, 'id' | 'active' | 'createdAt' | 'updatedAt' | 'deactivatedAt'>,
    at: Date,
  ): Promise<Leader> {
    try {
      return await this.db.transaction(async (tx) => {
        const rows = await tx.query<LeaderRow>(
          `INSERT INTO leaders (name, title, unit, region_code, weibo_uid, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $6)
           RETURNING ${COLUMNS}`,
          [leader.name, leader.title, leader.unit, leader.regionCode, leader.weiboUid, at],
        );
        await this.feeds.open(tx, rows[0].id, at);
        return toLeader(rows[0]);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new WeiboUidTaken(leader.weiboUid);
      }
      throw error;
    }
  }

  async findById(id: string, sql: Sql = this.db): Promise<Leader | null> {
    const rows = await sql.query<LeaderRow>(`SELECT ${COLUMNS} FROM leaders WHERE id = $1`, [id]);
    return rows[0] ? toLeader(rows[0]) : null;
  }

  async list(filter: LeaderFilter, page: PageRequest): Promise<Page<Leader>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      conditions.push(condition.replace('?', `$${params.length}`));
    };
    if (filter.ids) {
      add('id = ANY(?::uuid[])', filter.ids);
    }
    if (filter.regionCode !== undefined) {
      add('region_code = ?', filter.regionCode);
    }
    if (filter.unit !== undefined) {
      add('unit = ?', filter.unit);
    }
    if (filter.active !== undefined) {
      add('active = ?', filter.active);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ total }] = await this.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM leaders ${where}`,
      params,
    );
    const rows = await this.db.query<LeaderRow>(
      `SELECT ${COLUMNS} FROM leaders ${where} ORDER BY created_at, id LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`,
      params,
    );
    return { items: rows.map(toLeader), total, page: page.page, pageSize: page.pageSize };
  }

  async update(
    id: string,
    changes: Partial<
      Pick<Leader, 'name' | 'title' | 'unit' | 'regionCode' | 'weiboUid' | 'active'>
    >,
    at: Date,
  ): Promise<Leader | null> {
    const columns: Record<string, string> = {
      name: 'name',
      title: 'title',
      unit: 'unit',
      regionCode: 'region_code',
      weiboUid: 'weibo_uid',
      active: 'active',
    };
    const sets: string[] = ['updated_at = $2'];
    const params: unknown[] = [id, at];
    for (const [field, column] of Object.entries(columns)) {
      const value = changes[field as keyof typeof changes];
      if (value !== undefined) {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      }
    }
    if (changes.active === true) {
      sets.push('deactivated_at = NULL');
    } else if (changes.active === false) {
      sets.push('deactivated_at = COALESCE(deactivated_at, $2)');
    }
    try {
      return await this.db.transaction(async (tx) => {
        const rows = await tx.query<LeaderRow>(
          `UPDATE leaders SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
          params,
        );
        if (!rows[0]) {
          return null;
        }
        if (changes.active !== undefined) {
          await this.feeds.setActive(tx, id, changes.active, at);
        }
        return toLeader(rows[0]);
      });
    } catch (error) {
      if (isUniqueViolation(error) && changes.weiboUid) {
        throw new WeiboUidTaken(changes.weiboUid);
      }
      throw error;
    }
  }
}
