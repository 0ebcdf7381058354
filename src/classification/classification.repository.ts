import { Injectable } from '@nestjs/common';
import { offsetOf, type Page, type PageRequest } from '../common/pagination';
import { Database, type Sql } from '../database/database';
import type { Classification } from './rule-engine';

export interface StoredRuleset {
  version: string;
  body: unknown;
  createdAt: Date;
  createdBy: string;
  active: boolean;
}

export interface RulesetVersionSummary {
  version: string;
  description: string | null;
  createdAt: Date;
  createdBy: string;
  active: boolean;
}

interface RulesetRow {
  version: string;
  body: unknown;
  created_at: Date;
  created_by: string;
  active: boolean;
}

function toStored(row: RulesetRow): StoredRuleset {
  return {
    version: row.version,
    body: row.body,
    createdAt: row.created_at,
    createdBy: row.created_by,
    active: row.active,
  };
}

@Injectable()
export class ClassificationRepository {
  constructor(private readonly db: Database) {}

  async activeRuleset(sql: Sql = this.db): Promise<{ version: string; body: unknown } | null> {
    const rows = await sql.query<{ version: string; body: unknown }>(
      `SELECT version, body FROM rulesets WHERE active`,
    );
    return rows[0] ?? null;
  }

  async activeVersion(sql: Sql = this.db): Promise<string | null> {
    const rows = await sql.query<{ version: string }>(`SELECT version FROM rulesets WHERE active`);
    return rows[0]?.version ?? null;
  }

  /** The active ruleset, or the named version whether active or not. */
  async findRuleset(version: string | null, sql: Sql = this.db): Promise<StoredRuleset | null> {
    const rows =
      version === null
        ? await sql.query<RulesetRow>(`SELECT * FROM rulesets WHERE active`)
        : await sql.query<RulesetRow>(`SELECT * FROM rulesets WHERE version = $1`, [version]);
    return rows[0] ? toStored(rows[0]) : null;
  }

  async listVersions(page: PageRequest): Promise<Page<RulesetVersionSummary>> {
    const rows = await this.db.query<Omit<RulesetRow, 'body'> & { description: string | null }>(
      `SELECT version, body->>'description' AS description, created_at, created_by, active
       FROM rulesets ORDER BY created_at DESC, version DESC LIMIT $1 OFFSET $2`,
      [page.pageSize, offsetOf(page)],
    );
    const [{ total }] = await this.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM rulesets`,
    );
    return {
      items: rows.map((row) => ({
        version: row.version,
        description: row.description,
        createdAt: row.created_at,
        createdBy: row.created_by,
        active: row.active,
      })),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  /**
   * Rulesets are replaced one at a time, whichever instance takes the
   * request: the lock lasts until the caller's transaction ends.
   */
  async lockRulesets(tx: Sql): Promise<void> {
    await tx.execute(`LOCK TABLE rulesets IN EXCLUSIVE MODE`);
  }

  /** How a stored version compares with a body (jsonb equality: key order and spacing do not count). */
  async compareVersion(
    tx: Sql,
    version: string,
    body: unknown,
  ): Promise<{ sameBody: boolean; active: boolean } | null> {
    const rows = await tx.query<{ same_body: boolean; active: boolean }>(
      `SELECT body = $2::jsonb AS same_body, active FROM rulesets WHERE version = $1`,
      [version, JSON.stringify(body)],
    );
    return rows[0] ? { sameBody: rows[0].same_body, active: rows[0].active } : null;
  }

  /** Stores the version if it is new and makes it the one active ruleset. */
  async activate(
    tx: Sql,
    ruleset: { version: string; body: unknown },
    createdBy: string,
    at: Date,
  ): Promise<void> {
    await tx.execute(`UPDATE rulesets SET active = false WHERE active AND version <> $1`, [
      ruleset.version,
    ]);
    await tx.execute(
      `INSERT INTO rulesets (version, body, created_at, created_by, active) VALUES ($1, $2::jsonb, $3, $4, true)
       ON CONFLICT (version) DO UPDATE SET active = true`,
      [ruleset.version, JSON.stringify(ruleset.body), at, createdBy],
    );
  }

  /** The shipped ruleset becomes the first active one, once, whichever instance gets there first. */
  async installFirst(version: string, body: unknown): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.lockRulesets(tx);
      const [{ n }] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM rulesets WHERE active`,
      );
      if (n === 0) {
        await tx.execute(
          `INSERT INTO rulesets (version, body, created_by, active) VALUES ($1, $2::jsonb, 'system', true)
           ON CONFLICT (version) DO UPDATE SET active = true`,
          [version, JSON.stringify(body)],
        );
      }
    });
  }

  /** One statement for a whole batch of re-classified messages. */
  saveMany(
    tx: Sql,
    rows: { commentId: string; leaderId: string; result: Classification }[],
    at: Date,
  ): Promise<void> {
    return this.upsertMany(tx, rows, at);
  }

  private async upsertMany(
    tx: Sql,
    rows: { commentId: string; leaderId: string; result: Classification }[],
    at: Date,
  ): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    const records = rows.map(({ commentId, leaderId, result }) => ({
      comment_id: commentId,
      leader_id: leaderId,
      kind: result.kind,
      category: result.category,
      actionable: result.actionable,
      score: result.score,
      matches: result.matches,
      tokens: result.tokens,
      ruleset_version: result.rulesetVersion,
    }));
    await tx.execute(
      `INSERT INTO classifications (comment_id, leader_id, kind, category, actionable, score, matches, tokens,
                                    ruleset_version, classified_at)
       SELECT x.comment_id, x.leader_id, x.kind, x.category, x.actionable, x.score, x.matches, x.tokens,
              x.ruleset_version, $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS x(comment_id text, leader_id uuid, kind text, category text,
         actionable boolean, score float8, matches jsonb, tokens jsonb, ruleset_version text)
       ON CONFLICT (comment_id) DO UPDATE SET kind = EXCLUDED.kind, category = EXCLUDED.category,
         actionable = EXCLUDED.actionable, score = EXCLUDED.score, matches = EXCLUDED.matches,
         tokens = EXCLUDED.tokens, ruleset_version = EXCLUDED.ruleset_version,
         classified_at = EXCLUDED.classified_at`,
      [JSON.stringify(records), at],
    );
  }
}
