import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock } from '../common/clock';
import { LOGGER, type Logger } from '../common/logger';
import { NO_OPS_METRICS, OpsMetrics } from '../common/ops-metrics';
import { leaderScope } from '../auth/access-policy';
import type { Principal } from '../auth/principal';
import { InvalidInput } from '../common/domain-error';
import type { Page, PageRequest } from '../common/pagination';
import type { Sql } from '../database/database';
import { AuditRepository, type AuditEvent, type AuditFilter } from './audit.repository';
import type { ListAuditEventsQuery } from './dto/list-audit-events.query';
import { type ChainLink, higherLink, judgeHead, judgeWatermark, planAppend } from './chain-head';
import { chainNext, GENESIS_HASH, HEAD_RESTORED_ACTION, verifyChain } from './hash-chain';
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
  /** The head row's seq, null when the head row is missing. */
  headSeq: number | null;
}

const VERIFY_BATCH = 5_000;
/** Read-ons after finding the head ahead of the events read (appends landing meanwhile). */
const VERIFY_ROUNDS = 3;

/** Appends hash-chained events in the caller's transaction, and verifies the whole chain. */
@Injectable()
export class AuditService {
  /** The highest link this process saw committed: see judgeWatermark. */
  private mark: ChainLink | null = null;

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
    const { head } = await this.events.lockHead(tx);
    const last = await this.events.lastEvent(tx);
    const plan = planAppend(head, last);
    const mark = this.mark;
    if (plan.restore === null && mark !== null) {
      // Chaining from below the link this process saw committed, or from a
      // chain whose link at that seq is another: the chain was cut or
      // rewritten under it. Recorded like a restored head.
      const from = plan.from;
      const atMark =
        from === null || from.seq < mark.seq
          ? null
          : from.seq === mark.seq
            ? from
            : await this.events.linkAt(tx, mark.seq);
      const verdict = judgeWatermark(mark, atMark, from);
      if (verdict.reason === 'chain_truncated' || verdict.reason === 'chain_rewritten') {
        plan.restore = { reason: verdict.reason, head, mark };
      }
    }
    const occurredAt = this.clock.now();
    const all: AuditEntry[] = [];
    if (plan.restore !== null) {
      this.logger.error(
        { event: 'audit.head_restored', reason: plan.restore.reason, head, last },
        'audit chain head missing, not matching its last event, or below what was seen: break recorded',
      );
      all.push({
        actor: 'system',
        action: HEAD_RESTORED_ACTION,
        caseId: null,
        leaderId: null,
        before:
          plan.restore.mark === undefined
            ? { head: plan.restore.head }
            : { head: plan.restore.head, seen: plan.restore.mark },
        after: { reason: plan.restore.reason, chainedFrom: plan.from },
      });
    }
    all.push(...entries);
    let previous: ChainLink | null = plan.from;
    const chained = all.map((entry) => {
      const event = chainNext(previous, { ...entry, occurredAt: occurredAt.toISOString() });
      previous = { seq: event.seq as number, hash: event.hash };
      return { ...event, occurredAt };
    });
    await this.events.insertChained(tx, chained);
    const written = previous;
    const restored = plan.restore !== null;
    tx.afterCommit(() => {
      // After a recorded break the chain goes on from where it was found:
      // the mark follows it, or every later append would record it again.
      this.mark = restored ? written : higherLink(this.mark, written);
    });
  }

  /**
   * Reads the whole chain in seq order and recomputes every link: a deleted,
   * edited, inserted, reordered or back-dated event breaks a link. Then the
   * head row is compared with the last event: a deleted tail, an emptied
   * table, events past the head, a deleted or edited head are each named.
   * Events appended while the check runs commit with their head, so a head
   * found ahead of the events read is read on from before it is judged.
   * Last, the chain is held against the highest link this process saw
   * committed: a tail deleted together with the head written back, or hashes
   * recomputed from some seq on, agree with themselves but not with it.
   * Never throws on what it finds: every finding is a report.
   */
  async verify(): Promise<ChainReport> {
    const mark = this.mark;
    let atMark: ChainLink | null = null;
    let expected = { seq: 1, prevHash: GENESIS_HASH };
    let last: ChainLink | null = null;
    let checked = 0;
    let head: ChainLink | null = null;
    for (let round = 0; round < VERIFY_ROUNDS; round++) {
      for (;;) {
        const batch = await this.events.batchAfter(last?.seq ?? null, VERIFY_BATCH);
        if (batch.length === 0) {
          break;
        }
        const result = verifyChain(batch, expected);
        if (!result.ok) {
          return this.report({
            ok: false,
            checked: checked + result.checked,
            firstBrokenSeq: result.firstBrokenSeq,
            reason: result.reason,
            headSeq: (await this.events.head())?.seq ?? null,
          });
        }
        checked += batch.length;
        if (mark !== null && atMark === null) {
          const seen = batch.find((event) => event.seq === mark.seq);
          atMark = seen === undefined ? null : { seq: seen.seq, hash: seen.hash };
        }
        const end = batch[batch.length - 1];
        last = { seq: end.seq, hash: end.hash };
        expected = { seq: end.seq + 1, prevHash: end.hash };
      }
      head = await this.events.head();
      if (head === null || head.seq <= (last?.seq ?? 0)) {
        break;
      }
    }
    let verdict = judgeHead(head, last);
    if (verdict.ok) {
      verdict = judgeWatermark(mark, atMark, last);
    }
    if (verdict.ok) {
      this.mark = higherLink(this.mark, last);
    }
    return this.report({ ...verdict, checked, headSeq: head?.seq ?? null });
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
    page: PageRequest,
  ): Promise<Page<AuditEvent>> {
    return this.events.list(filter, page);
  }

  forCase(caseId: string, sql?: Sql): Promise<AuditEvent[]> {
    return this.events.forCase(caseId, sql);
  }
}
