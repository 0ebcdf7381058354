import { Injectable } from '@nestjs/common';
import { actorOf, type Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { Conflict, NotFound } from '../common/domain-error';
import type { Page, PageRequest } from '../common/pagination';
import { Database } from '../database/database';
import {
  ClassificationRepository,
  type RulesetVersionSummary,
} from '../classification/classification.repository';
import { ClassificationService } from '../classification/classification.service';
import type { Classification } from '../classification/rule-engine';
import { ClassificationChangesRepository } from './classification-changes.repository';
import { CommentBatchReader } from './comment-batch.reader';
import {
  type JobStatus,
  type ReclassificationJob,
  ReclassificationJobsRepository,
} from './reclassification-jobs.repository';
import { ReclassificationRunner } from './reclassification.runner';
import { validateRuleset } from '../classification/ruleset';

export interface RulesetView {
  version: string;
  active: boolean;
  createdAt: Date;
  createdBy: string;
  ruleset: unknown;
}

export interface JobView {
  id: string;
  rulesetVersion: string;
  status: JobStatus;
  total: number;
  processed: number;
  changed: number;
  casesUpdated: number;
  casesOpened: number;
  error: string | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface ReplaceOutcome {
  /** false: the same version with the same body was already active, nothing was done. */
  created: boolean;
  version: string;
  job: JobView | null;
}

export function jobView(job: ReclassificationJob): JobView {
  return {
    id: job.id,
    rulesetVersion: job.rulesetVersion,
    status: job.status,
    total: job.total,
    processed: job.processed,
    changed: job.changed,
    casesUpdated: job.casesUpdated,
    casesOpened: job.casesOpened,
    error: job.error,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  };
}

/** The rules API: classify on demand, read and replace the ruleset, follow re-classification jobs. */
@Injectable()
export class RulesService {
  constructor(
    private readonly db: Database,
    private readonly classification: ClassificationService,
    private readonly rulesets: ClassificationRepository,
    private readonly jobs: ReclassificationJobsRepository,
    private readonly comments: CommentBatchReader,
    private readonly changeLog: ClassificationChangesRepository,
    private readonly runner: ReclassificationRunner,
    private readonly clock: Clock,
  ) {}

  classify(text: string): Classification {
    return this.classification.classify(text);
  }

  async get(version?: string): Promise<RulesetView> {
    const stored = await this.rulesets.findRuleset(version ?? null);
    if (!stored) {
      throw new NotFound('ruleset', version ?? 'active');
    }
    return {
      version: stored.version,
      active: stored.active,
      createdAt: stored.createdAt,
      createdBy: stored.createdBy,
      ruleset: stored.body,
    };
  }

  listVersions(page: PageRequest): Promise<Page<RulesetVersionSummary>> {
    return this.rulesets.listVersions(page);
  }

  /**
   * PUT /rules. A new version (or an older one made active again) is stored,
   * becomes the one active ruleset, ends any job still running for an older
   * one, and queues a job that re-classifies every stored citizen comment,
   * all in one transaction. The active version sent again is a no-op; a
   * known version with another body is a conflict (versions are immutable).
   */
  async replace(caller: Principal, input: unknown): Promise<ReplaceOutcome> {
    const ruleset = validateRuleset(input);
    const outcome = await this.db.transaction(async (tx) => {
      await this.rulesets.lockRulesets(tx);
      const existing = await this.rulesets.compareVersion(tx, ruleset.version, ruleset);
      if (existing && !existing.sameBody) {
        throw new Conflict(
          'RULESET_VERSION_EXISTS',
          `ruleset version ${ruleset.version} already exists with a different body; give the new rules a new version`,
          { version: ruleset.version },
        );
      }
      if (existing?.active) {
        const latest = await this.jobs.latestFor(ruleset.version, tx);
        return { created: false, job: latest };
      }
      const now = this.clock.now();
      await this.rulesets.activate(
        tx,
        { version: ruleset.version, body: ruleset },
        actorOf(caller),
        now,
      );
      await this.jobs.supersedeUnfinished(tx, ruleset.version, now);
      const job = await this.jobs.create(tx, {
        rulesetVersion: ruleset.version,
        total: await this.comments.countCitizenComments(tx),
        createdBy: actorOf(caller),
        at: now,
      });
      return { created: true, job };
    });
    if (outcome.created) {
      this.classification.use(ruleset);
      if (outcome.job) {
        this.runner.start(outcome.job.id);
      }
    }
    return {
      created: outcome.created,
      version: ruleset.version,
      job: outcome.job ? jobView(outcome.job) : null,
    };
  }

  async job(id: string): Promise<JobView> {
    const job = await this.jobs.find(id);
    if (!job) {
      throw new NotFound('reclassification job', id);
    }
    return jobView(job);
  }

  async listJobs(filter: { status?: JobStatus }, page: PageRequest): Promise<Page<JobView>> {
    const result = await this.jobs.list(filter, page);
    return { ...result, items: result.items.map(jobView) };
  }

  async changes(id: string, page: PageRequest) {
    await this.job(id);
    return this.changeLog.listChanges(id, page);
  }
}
