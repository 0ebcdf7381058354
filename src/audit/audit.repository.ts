import { Injectable } from '@nestjs/common';
import { offsetOf, type Page, type PageRequest } from '../common/pagination';
import { Database, type Sql } from '../database/database';
import type { ChainLink } from './chain-head';
import type { ChainedAuditEvent } from './hash-chain';

export interface AuditEvent {
  seq: number;
  occurredAt: Date;
  actor: string;
  action: string;
  caseId: string | null;
  leaderId: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

/** An audit_events row as pg returns it. */
export interface AuditRow {
  seq: string | number;
  occurred_at: Date;
  actor: string;
  action: string;
  case_id: string | null;
  leader_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

export function toEvent(row: AuditRow): AuditEvent {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    actor: row.actor,
    action: row.action,
    caseId: row.case_id,
    leaderId: row.leader_id,
    before: row.before,
    after: row.after,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export const AUDIT_COLUMNS =
  'seq, occurred_at, actor, action, case_id, leader_id, before, after, prev_hash, hash';

export interface AuditFilter {
  caseId?: string;
  leaderId?: string;
  from?: Date;
  to?: Date;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly db: Database) {}

  /**
   * Locks the chain's head row until the transaction ends: appenders queue
   * here. A head row someone deleted is put back (seq 0) so that appending
   * goes on; `head` is null when this call had to put it back, so the caller
   * records the break.
   */
  async lockHead(tx: Sql): Promise<{ head: ChainLink | null }> {
    const found = await this.selectHeadForUpdate(tx);
    if (found !== null) {
      return { head: found };
    }
    const inserted = await tx.query(
      `INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, repeat('0', 64))
       ON CONFLICT (id) DO NOTHING RETURNING id`,
    );
    const head = await this.selectHeadForUpdate(tx);
    return { head: inserted.length > 0 ? null : head };
  }

  /** The event with the highest seq (read after the head is locked, so every committed append is seen). */
  async lastEvent(tx: Sql): Promise<ChainLink | null> {
    const rows = await tx.query<{ seq: string | number; hash: string }>(
      `SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    return rows.length === 0 ? null : { seq: Number(rows[0].seq), hash: rows[0].hash };
  }

  /** The event at `seq`, as a link, or null. */
  async linkAt(tx: Sql, seq: number): Promise<ChainLink | null> {
    const rows = await tx.query<{ seq: string | number; hash: string }>(
      `SELECT seq, hash FROM audit_events WHERE seq = $1`,
      [seq],
    );
    return rows.length === 0 ? null : { seq: Number(rows[0].seq), hash: rows[0].hash };
  }

  private async selectHeadForUpdate(tx: Sql): Promise<ChainLink | null> {
    const rows = await tx.query<{ seq: string | number; hash: string }>(
      `SELECT seq, hash FROM audit_head WHERE id FOR UPDATE`,
    );
    return rows.length === 0 ? null : { seq: Number(rows[0].seq), hash: rows[0].hash };
  }

  /**
   * Writes chained events, given in seq order, in one statement and moves the
   * head to the last of them. `before`/`after` keep the difference between
   * JSON null (stored as jsonb null) and absent (stored as SQL NULL).
   */
  async insertChained(
    tx: Sql,
    events: readonly (ChainedAuditEvent & { occurredAt: Date })[],
  ): Promise<void> {
    if (events.length === 0) {
      return;
    }
    const records = events.map((event) => ({
      seq: event.seq,
      occurredAt: event.occurredAt.toISOString(),
      actor: event.actor,
      action: event.action,
      caseId: event.caseId,
      leaderId: event.leaderId,
      before: event.before,
      after: event.after,
      prevHash: event.prevHash,
      hash: event.hash,
    }));
    await tx.execute(
      `INSERT INTO audit_events (${AUDIT_COLUMNS})
       SELECT (e->>'seq')::bigint, (e->>'occurredAt')::timestamptz, e->>'actor', e->>'action',
              (e->>'caseId')::uuid, (e->>'leaderId')::uuid, e->'before', e->'after', e->>'prevHash', e->>'hash'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`,
      [JSON.stringify(records)],
    );
    const last = events[events.length - 1];
    await tx.execute(`UPDATE audit_head SET seq = $1, hash = $2 WHERE id`, [last.seq, last.hash]);
  }

  /** The head row, or null when someone deleted it. */
  async head(): Promise<ChainLink | null> {
    const rows = await this.db.query<{ seq: string | number; hash: string }>(
      `SELECT seq, hash FROM audit_head`,
    );
    return rows.length === 0 ? null : { seq: Number(rows[0].seq), hash: rows[0].hash };
  }

  /**
   * Events in seq order after `afterSeq` (null: from the very first, whatever
   * its seq), a page at a time, for verification.
   */
  async batchAfter(afterSeq: number | null, limit: number): Promise<AuditEvent[]> {
    const rows =
      afterSeq === null
        ? await this.db.query<AuditRow>(
            `SELECT ${AUDIT_COLUMNS} FROM audit_events ORDER BY seq LIMIT $1`,
            [limit],
          )
        : await this.db.query<AuditRow>(
            `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
            [afterSeq, limit],
          );
    return rows.map(toEvent);
  }

  async forCase(caseId: string, sql: Sql = this.db): Promise<AuditEvent[]> {
    const rows = await sql.read<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE case_id = $1 ORDER BY seq`,
      [caseId],
    );
    return rows.map(toEvent);
  }

  async list(
    filter: AuditFilter & { leaderIds: string[] | null },
    page: PageRequest,
  ): Promise<Page<AuditEvent>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      conditions.push(condition.replace('?', `$${params.length}`));
    };
    if (filter.caseId) {
      add('case_id = ?', filter.caseId);
    }
    if (filter.leaderId) {
      add('leader_id = ?', filter.leaderId);
    }
    if (filter.leaderIds) {
      add('leader_id = ANY(?::uuid[])', filter.leaderIds);
    }
    if (filter.from) {
      add('occurred_at >= ?', filter.from);
    }
    if (filter.to) {
      add('occurred_at < ?', filter.to);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ total }] = await this.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM audit_events ${where}`,
      params,
    );
    const rows = await this.db.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_events ${where} ORDER BY seq LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`,
      params,
    );
    return { items: rows.map(toEvent), total, page: page.page, pageSize: page.pageSize };
  }
}
