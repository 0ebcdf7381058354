import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { Sql } from '../database/database';
import type { Classification } from '../classification/rule-engine';
import { CaseIntakeService } from './case-intake.service';
import { type CaseTopic, CasesRepository } from './cases.repository';
import { SYSTEM_ACTOR } from './intake-batch';
import type { FeedOwner, StoredComment } from './message-sink';

export type { CaseTopic } from './cases.repository';

/**
 * The one way re-classification reaches cases: it reads and locks a case's
 * topic, moves it (audited as `case.reclassified`), or opens the case of a
 * comment that became actionable. Deadlines are not recomputed: they were
 * the commitment made when the case opened, and moving them afterwards
 * would turn overdue cases on time (or the reverse) by a rule edit.
 */
@Injectable()
export class CaseReclassificationService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly intake: CaseIntakeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The case's kind and category, locked until the transaction commits. */
  lockTopic(tx: Sql, caseId: string): Promise<CaseTopic | null> {
    return this.cases.lockTopic(tx, caseId);
  }

  /** Moves a locked case to the topic its message's new classification gives it. */
  async retopic(
    tx: Sql,
    change: {
      caseId: string;
      before: CaseTopic;
      after: { kind: string; category: string };
      result: Classification;
      jobId: string;
    },
  ): Promise<void> {
    const { caseId, before, after, result, jobId } = change;
    await this.cases.setTopic(tx, caseId, after, this.clock.now());
    await this.audit.append(tx, {
      actor: SYSTEM_ACTOR,
      action: 'case.reclassified',
      caseId,
      leaderId: before.leaderId,
      before: { kind: before.kind, category: before.category },
      after: {
        kind: after.kind,
        category: after.category,
        classification: {
          actionable: result.actionable,
          score: result.score,
          rulesetVersion: result.rulesetVersion,
          matches: result.matches,
        },
        jobId,
      },
    });
  }

  /** Opens the case of a comment that the new ruleset finds actionable (once). */
  open(
    tx: Sql,
    owner: FeedOwner,
    comment: StoredComment,
    result: Classification,
  ): Promise<boolean> {
    return this.intake.open(tx, owner, comment, result);
  }
}
