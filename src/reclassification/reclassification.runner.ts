import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Clock } from '../common/clock';
import { InstanceIdentity } from '../common/instance-identity';
import { LOGGER, type Logger } from '../common/logger';
import { Database } from '../database/database';
import { ClassificationRepository } from '../classification/classification.repository';
import { type Ruleset, validateRuleset } from '../classification/ruleset';
import { JOB_LEASE_MS, ReclassificationBatch } from './reclassification-batch.service';
import { ReclassificationJobsRepository } from './reclassification-jobs.repository';

export { BATCH_SIZE, JOB_LEASE_MS } from './reclassification-batch.service';
/** How often an instance looks for jobs nobody holds (a dead instance's). */
const RESCUE_EVERY_MS = 30_000;
/** PostgreSQL's deadlock_detected: a batch meets intake on a case and the audit head. */
const DEADLOCK = '40P01';
const MAX_ATTEMPTS = 5;

function isDeadlock(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DEADLOCK;
}

/**
 * Runs re-classification jobs in the background, in batches of comments in
 * id order, each batch one transaction that also moves the job's position
 * (`last_comment_id`): a crash loses at most the batch in flight, and the
 * job resumes after it. One instance holds a job at a time, by a lease on
 * the job's row that each batch renews; an instance resumes jobs whose
 * holder's lease ran out, at boot and then every half minute.
 */
@Injectable()
export class ReclassificationRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly running = new Map<string, Promise<void>>();
  private rescueTimer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly db: Database,
    private readonly jobs: ReclassificationJobsRepository,
    private readonly batch: ReclassificationBatch,
    private readonly classifications: ClassificationRepository,
    private readonly clock: Clock,
    private readonly identity: InstanceIdentity,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** This instance's name on the job leases it holds. */
  get instanceId(): string {
    return this.identity.id;
  }

  onApplicationBootstrap(): void {
    this.rescueTimer = setInterval(() => void this.resumeOrphaned(), RESCUE_EVERY_MS);
    this.rescueTimer.unref();
    void this.resumeOrphaned();
  }

  /** SIGTERM (before the database closes): each job in hand stops after its batch and is released. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.rescueTimer) {
      clearInterval(this.rescueTimer);
      this.rescueTimer = null;
    }
    await Promise.allSettled([...this.running.values()]);
    await this.jobs
      .releaseAll(this.instanceId)
      .catch((error: unknown) =>
        this.logger.error(
          { event: 'reclassification.release_failed', err: error },
          'could not free the job leases at shutdown',
        ),
      );
  }

  /** Starts the job in the background unless this instance already runs it. */
  start(jobId: string): void {
    if (this.stopping || this.running.has(jobId)) {
      return;
    }
    const run = this.run(jobId).finally(() => this.running.delete(jobId));
    this.running.set(jobId, run);
  }

  /** Settles when this instance has no job in hand (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running.values()]);
    }
  }

  async resumeOrphaned(): Promise<void> {
    if (this.stopping) {
      return;
    }
    try {
      for (const jobId of await this.jobs.findOrphaned(this.clock.now())) {
        this.start(jobId);
      }
    } catch (error) {
      this.logger.error(
        { event: 'reclassification.rescue_failed', err: error },
        'could not look for orphaned re-classification jobs',
      );
    }
  }

  private async run(jobId: string): Promise<void> {
    const claimed = await this.jobs
      .claim(jobId, this.instanceId, this.clock.now(), JOB_LEASE_MS)
      .catch((error: unknown) => {
        this.logger.error(
          { event: 'reclassification.claim_failed', jobId, err: error },
          'claim failed',
        );
        return null;
      });
    if (!claimed) {
      return;
    }
    const started = Date.now();
    this.logger.info(
      {
        event: 'reclassification.started',
        jobId,
        rulesetVersion: claimed.rulesetVersion,
        processed: claimed.processed,
        total: claimed.total,
        resumedAfter: claimed.lastCommentId,
        instance: this.instanceId,
      },
      're-classification started',
    );
    try {
      const ruleset = await this.loadRuleset(claimed.rulesetVersion);
      for (;;) {
        if (this.stopping) {
          await this.jobs.release(jobId, this.instanceId);
          this.logger.info(
            { event: 'reclassification.released', jobId },
            'job released at shutdown',
          );
          return;
        }
        const batchStarted = Date.now();
        const outcome = await this.withDeadlockRetry(() =>
          this.db.transaction((tx) => this.batch.run(tx, jobId, ruleset)),
        );
        switch (outcome.kind) {
          case 'progressed':
            this.logger.info(
              {
                event: 'reclassification.progress',
                jobId,
                rulesetVersion: outcome.job.rulesetVersion,
                processed: outcome.job.processed,
                total: outcome.job.total,
                changed: outcome.job.changed,
                batch: outcome.batch,
                batchChanged: outcome.batchChanged,
                casesUpdated: outcome.job.casesUpdated,
                casesOpened: outcome.job.casesOpened,
                ms: Date.now() - batchStarted,
              },
              're-classification progress',
            );
            break;
          case 'done':
            this.logger.info(
              {
                event: 'reclassification.done',
                jobId,
                rulesetVersion: outcome.job.rulesetVersion,
                processed: outcome.job.processed,
                total: outcome.job.total,
                changed: outcome.job.changed,
                casesUpdated: outcome.job.casesUpdated,
                casesOpened: outcome.job.casesOpened,
                ms: Date.now() - started,
              },
              're-classification done',
            );
            return;
          case 'stopped':
            this.logger.info(
              {
                event: 'reclassification.stopped',
                jobId,
                status: outcome.job?.status ?? null,
                reason: outcome.job?.error ?? 'lease lost',
              },
              're-classification stopped',
            );
            return;
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(
        { event: 'reclassification.failed', jobId, err: error },
        're-classification failed',
      );
      await this.jobs
        .fail(jobId, this.instanceId, message, this.clock.now())
        .catch((failError: unknown) =>
          this.logger.error(
            { event: 'reclassification.fail_record_failed', jobId, err: failError },
            'could not record the failure',
          ),
        );
    }
  }

  private async loadRuleset(version: string): Promise<Ruleset> {
    const stored = await this.classifications.findRuleset(version);
    if (!stored) {
      throw new Error(`ruleset version ${version} is not stored`);
    }
    return validateRuleset(stored.body);
  }

  private async withDeadlockRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (!isDeadlock(error) || attempt >= MAX_ATTEMPTS) {
          throw error;
        }
        this.logger.warn({ event: 'reclassification.deadlock', attempt }, 'batch retried');
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }
}
