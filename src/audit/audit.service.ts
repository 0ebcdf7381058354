import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock } from '../common/clock';
import { LOGGER, type Logger } from '../common/logger';
import { NO_OPS_METRICS, OpsMetrics } from '../common/ops-metrics';
import { leaderScope } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { InvalidInput } from '../common/domain-error';
import type { Page } from '../common/pagination';
import type { Sql } from '../database/database';
import { AuditRepository, type AuditEvent, type AuditFilter } from './audit.repository';
import type { ListAuditEventsQuery } from './dto/list-audit-events.query';
import { chainNext, GENESIS_HASH, verifyChain } from './hash-chain';
import { parseIsoInstant } from '../common/iso-instant';

export interface AuditEntry {
  actor: string;
  action: string;
  caseId: string | null;
  leaderId: string | null;
  before: unknown;
  after: unknown;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
  headSeq: number;
}

const VERIFY_BATCH = 5_000;

/** Appends hash-chained events in the caller's transaction, and verifies the whole chain. */
@Injectable()
export class AuditService {
  constructor(
    private readonly events: AuditRepository,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() private readonly ops: OpsMetrics = NO_OPS_METRICS,
  ) {}

  /**
   * Takes the chain's lock for the rest of the transaction. Every writer of
   * cases calls this before it locks any case row, so all of them take locks
   * in one order (chain, then cases) and can never deadlock one another.
   */
  async lockChain(tx: Sql): Promise<void> {
    await this.events.lockHead(tx);
  }

  async append(tx: Sql, entry: AuditEntry): Promise<void> {
    await this.appendMany(tx, [entry]);
  }

  /**
   * Appends entries in the order given: the head is locked and read once,
   * each entry is chained to the one before it, all are written in one
   * statement and the head moves once. The entries of one call share the
   * moment they were written.
   */
  async appendMany(tx: Sql, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) {
      return;
    }
    const head = await this.events.lockHead(tx);
    const occurredAt = this.clock.now();
    let previous: { seq: number | string; hash: string } | null = head.seq === 0 ? null : head;
    const chained = entries.map((entry) => {
      const event = chainNext(previous, { ...entry, occurredAt: occurredAt.toISOString() });
      previous = event;
      return { ...event, occurredAt };
    });
    await this.events.insertChained(tx, chained);
  }

  /**
   * Reads the chain in seq order and recomputes every link. A deleted,
   * edited, reordered or back-dated event breaks a link; a deleted tail is
   * caught by the head row, which records the last seq and hash written.
   * Only events up to the head read at the start are checked, so events
   * appended while the check runs are not mistaken for a broken tail.
   */
  async verify(): Promise<ChainReport> {
    const head = await this.events.head();
    let previous = { seq: 0, hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      const batch = await this.events.batchAfter(previous.seq, head.seq, VERIFY_BATCH);
      if (batch.length === 0) {
        break;
      }
      const result = verifyChain(batch, { seq: previous.seq + 1, prevHash: previous.hash });
      if (!result.ok) {
        return this.report({
          ok: false,
          checked: checked + result.checked,
          firstBrokenSeq: result.firstBrokenSeq,
          reason: result.reason,
          headSeq: head.seq,
        });
      }
      checked += batch.length;
      const last = batch[batch.length - 1];
      previous = { seq: last.seq, hash: last.hash };
    }
    if (previous.seq !== head.seq || previous.hash !== head.hash) {
      return this.report({
        ok: false,
        checked,
        firstBrokenSeq: previous.seq + 1,
        reason: 'missing_tail',
        headSeq: head.seq,
      });
    }
    return this.report({
      ok: true,
      checked,
      firstBrokenSeq: null,
      reason: null,
      headSeq: head.seq,
    });
  }

  private report(report: ChainReport): ChainReport {
    this.ops.auditVerified(report.ok, report.checked);
    const log = { event: 'audit.verified', ...report };
    if (report.ok) {
      this.logger.info(log, 'audit chain verified');
    } else {
      this.logger.error(log, 'audit chain broken');
    }
    return report;
  }

  /** GET /audit/events: filters checked, scoped to the leaders the caller may read. */
  listForCaller(caller: Principal, query: ListAuditEventsQuery): Promise<Page<AuditEvent>> {
    const from = query.from === undefined ? undefined : (parseIsoInstant(query.from) ?? undefined);
    const to = query.to === undefined ? undefined : (parseIsoInstant(query.to) ?? undefined);
    if (from !== undefined && to !== undefined && from > to) {
      throw new InvalidInput('to', 'must not be before from');
    }
    return this.events.list(
      {
        caseId: query.caseId,
        leaderId: query.leaderId,
        from,
        to,
        leaderIds: leaderScope(caller),
      },
      query,
    );
  }

  list(
    filter: AuditFilter & { leaderIds: string[] | null },
    page: { page: number; pageSize: number },
  ): Promise<Page<AuditEvent>> {
    return this.events.list(filter, page);
  }

  forCase(caseId: string, sql?: Sql): Promise<AuditEvent[]> {
    return this.events.forCase(caseId, sql);
  }
}
