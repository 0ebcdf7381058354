import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LOGGER, type Logger } from '../common/logger';
import { OpsMetrics } from '../common/ops-metrics';
import type { Sql } from '../database/database';
import type { WeiboText } from '../weibo/weibo-text';
import { classifyMessage, classifyText } from './classifier';
import { ClassificationRepository } from './classification.repository';
import type { Classification } from './rule-engine';
import { loadDefaultRuleset, type Ruleset, validateRuleset } from './ruleset';
import { loadSegmenter, segmentsByEnds } from './segmenter';
import { Clock } from '../common/clock';

/** How soon an instance picks up a ruleset that another instance activated. */
export const RULESET_REFRESH_MS = 15_000;

/**
 * Holds the active ruleset. The database says which one is active, so that
 * every instance classifies alike; `refresh` picks up a version another
 * instance installed (on a timer, and before each re-classification job).
 */
@Injectable()
export class ClassificationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private ruleset: Ruleset = loadDefaultRuleset();
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly classifications: ClassificationRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly ops: OpsMetrics,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    loadSegmenter();
    if (!segmentsByEnds()) {
      this.logger.warn(
        { event: 'segmenter.slow_path' },
        "nodejieba's addon has no cutEnds (scripts/patch-nodejieba.js did not rebuild it): segmentation takes cut()'s strings, about a third slower",
      );
    }
    const shipped = loadDefaultRuleset();
    await this.classifications.installFirst(shipped.version, shipped);
    await this.refresh();
    this.refreshTimer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.logger.warn({ event: 'ruleset.refresh_failed', err: error }, 'ruleset refresh failed'),
      );
    }, RULESET_REFRESH_MS);
    this.refreshTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.refreshTimer) {
      clearInterval(this.refreshTimer);
      this.refreshTimer = null;
    }
  }

  async refresh(sql?: Sql): Promise<Ruleset> {
    const version = await this.classifications.activeVersion(sql);
    if (version === null || version === this.ruleset.version) {
      return this.ruleset;
    }
    const active = await this.classifications.activeRuleset(sql);
    if (active && active.version !== this.ruleset.version) {
      this.use(validateRuleset(active.body));
    }
    return this.ruleset;
  }

  /** Makes a ruleset (validated, never mutated afterwards) the one this instance classifies with. */
  use(ruleset: Ruleset): void {
    this.ruleset = ruleset;
    this.logger.info({ event: 'ruleset.loaded', version: ruleset.version }, 'ruleset loaded');
  }

  get active(): Ruleset {
    return this.ruleset;
  }

  /**
   * Classifies a message: a stored one as its clean text and signals, or a
   * raw text (HTML or plain, as POST /classify takes it), which the same
   * HTML-to-text step reads first.
   */
  classify(message: string | WeiboText, ruleset: Ruleset = this.ruleset): Classification {
    const started = process.hrtime.bigint();
    const result =
      typeof message === 'string'
        ? classifyMessage(message, ruleset)
        : classifyText(message, ruleset);
    this.ops.classified(Number(process.hrtime.bigint() - started) / 1e9);
    return result;
  }

  /**
   * Stores the results of a batch of messages in the caller's transaction
   * (intake, re-classification): the classifications table is written here
   * and nowhere else. Without `at`, classified at the clock's time.
   */
  record(
    tx: Sql,
    rows: { commentId: string; leaderId: string; result: Classification }[],
    at: Date = this.clock.now(),
  ): Promise<void> {
    return this.classifications.saveMany(tx, rows, at);
  }
}
