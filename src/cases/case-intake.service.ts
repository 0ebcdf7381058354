import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { LOGGER, type Logger } from '../common/logger';
import type { Sql } from '../database/database';
import { ClassificationService } from '../classification/classification.service';
import type { Classification } from '../classification/rule-engine';
import { type FeedOwner, MessageSink, type StoredComment } from './message-sink';
import { CalendarService } from './calendar.service';
import { CaseIntakeRepository } from './case-intake.repository';
import { IntakeBatch } from './intake-batch';
import {
  type ClassifiedComment,
  newCaseFor,
  type Opening,
  planIntake,
  rootsToLookUp,
  sortBatch,
  type ThreadReply,
} from './intake-plan';

/** Re-classification writes its audit entries as the same actor. */
export { SYSTEM_ACTOR } from './intake-batch';

/**
 * What happens to comments as they are stored, in the same transaction:
 * every citizen comment is classified; an actionable one opens a case whose
 * clocks start at the comment's Weibo time; a reply by the leader's own uid
 * answers the case of the comment it sits under; a later reply by the
 * citizen in their own thread is a satisfaction signal on their case.
 *
 * A batch is decided in memory (intake-plan.ts, intake-batch.ts), in the
 * comments' time order, as if they came one at a time, and written with a
 * few set-based statements.
 */
@Injectable()
export class CaseIntakeService extends MessageSink {
  constructor(
    private readonly cases: CaseIntakeRepository,
    private readonly classification: ClassificationService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async accept(
    tx: Sql,
    owner: FeedOwner,
    comments: StoredComment[],
  ): Promise<{ casesOpened: number }> {
    if (comments.length === 0) {
      return { casesOpened: 0 };
    }
    // The chain's lock before any case row: the one lock order of every case writer.
    await this.audit.lockChain(tx);
    const sorted = sortBatch(comments);
    const citizen = sorted.citizen.map((comment) => ({
      comment,
      // The stored signals too: a link the clean text no longer shows is still a spam signal.
      result: this.classification.classify({ text: comment.text, signals: comment.signals }),
    }));
    await this.classification.record(
      tx,
      citizen.map(({ comment, result }) => ({
        commentId: comment.id,
        leaderId: owner.leaderId,
        result,
      })),
    );

    // The author of each citizen reply's root comment: from the batch, else from the store.
    const rootAuthors = new Map(comments.map((c) => [c.id, c.authorUid]));
    const missing = rootsToLookUp(comments, sorted.citizen);
    for (const [id, authorUid] of await this.cases.commentAuthors(tx, missing)) {
      rootAuthors.set(id, authorUid);
    }
    const plan = planIntake(citizen, sorted.leaderReplies, rootAuthors);

    const batch = new IntakeBatch(owner);
    batch.hold(await this.cases.lockByCommentIds(tx, plan.casesToLock));
    const { opened, threads } = await this.insertCases(tx, owner, plan.toOpen);
    const casesOpened = batch.replay(citizen, sorted.leaderReplies, plan, opened, threads);
    await this.write(tx, batch);
    return { casesOpened };
  }

  /** Opens the comment's case (once) and takes any leader reply already held in its thread. */
  async open(
    tx: Sql,
    owner: FeedOwner,
    comment: StoredComment,
    result: Classification,
  ): Promise<boolean> {
    const { opened, threads } = await this.insertCases(tx, owner, [{ comment, result }]);
    const opening = opened.get(comment.id);
    if (!opening) {
      return false;
    }
    const batch = new IntakeBatch(owner);
    batch.recordOpening(opening, threads.get(comment.id) ?? []);
    await this.write(tx, batch);
    return true;
  }

  /**
   * Inserts the cases of these comments (those that have none yet) in one
   * statement, and reads the leader's replies in the new cases' threads in
   * one query.
   */
  private async insertCases(
    tx: Sql,
    owner: FeedOwner,
    comments: readonly ClassifiedComment[],
  ): Promise<{ opened: Map<string, Opening>; threads: Map<string, ThreadReply[]> }> {
    const calendar = this.calendar.current;
    const candidates = comments.map((classified) => ({
      ...classified,
      newCase: newCaseFor(owner, classified, calendar),
    }));
    const ids = await this.cases.insertMany(
      tx,
      candidates.map((c) => c.newCase),
    );
    const opened = new Map<string, Opening>();
    for (const candidate of candidates) {
      const caseId = ids.get(candidate.comment.id);
      if (caseId !== undefined) {
        opened.set(candidate.comment.id, { caseId, ...candidate });
      }
    }
    const threads = await this.cases.repliesByAuthorIn(tx, [...opened.keys()], owner.weiboUid);
    return { opened, threads };
  }

  /** Writes what the batch decided: case changes, then the audit entries in one append. */
  private async write(tx: Sql, batch: IntakeBatch): Promise<void> {
    await this.cases.recordResponses(tx, batch.responses());
    await this.cases.setSatisfactionSignals(tx, batch.signalChanges());
    await this.audit.appendMany(tx, batch.events);
    for (const line of batch.logLines) {
      this.logger.info(line.fields, line.message);
    }
  }
}
