import { Gauge, type Registry } from 'prom-client';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { OpsGaugesRepository } from './ops-gauges.repository';

/**
 * Series read from the database when Prometheus scrapes: how far polling is
 * behind (the age of the oldest due feed, by the injected clock) and how far
 * the current re-classification is. A failed read keeps the series' last values
 * and counts a scrape error; it never fails the scrape.
 */
export function registerScrapeGauges(
  registry: Registry,
  gauges: OpsGaugesRepository,
  clock: Clock,
  logger: Logger,
): void {
  const registers = [registry];
  let cycle: Promise<void> | null = null;
  // prom-client collects every metric of a scrape at once: the first gauge asked reads for all.
  const collect = (): Promise<void> => read();
  const scrapeErrors = new Gauge({
    name: 'minsheng_metrics_scrape_errors',
    help: 'Database reads that failed during the last scrape',
    registers,
    collect,
  });
  const guarded = async (what: string, read: () => Promise<void>): Promise<void> => {
    try {
      await read();
    } catch (error) {
      scrapeErrors.inc();
      logger.warn({ event: 'metrics.scrape_failed', what, err: error }, 'metrics read failed');
    }
  };
  const due = new Gauge({
    name: 'minsheng_feeds_due',
    help: 'Feeds due for a poll',
    registers,
    collect,
  });
  const oldest = new Gauge({
    name: 'minsheng_oldest_due_feed_age_seconds',
    help: 'How long the longest-waiting due feed has been due (0 when none is due)',
    registers,
    collect,
  });
  const reclassTotal = new Gauge({
    name: 'minsheng_reclassification_comments_total',
    help: 'Comments the newest re-classification job has to go through',
    registers,
    collect,
  });
  const reclassProcessed = new Gauge({
    name: 'minsheng_reclassification_comments_processed',
    help: 'Comments the newest re-classification job has gone through',
    registers,
    collect,
  });
  const reclassChanged = new Gauge({
    name: 'minsheng_reclassification_comments_changed',
    help: 'Comments whose classification the newest re-classification job changed',
    registers,
    collect,
  });
  const reclassRunning = new Gauge({
    name: 'minsheng_reclassification_running',
    help: 'A re-classification job is queued or running (1) or not (0)',
    registers,
    collect,
  });
  /** One database round per scrape, shared by every gauge of it. */
  function read(): Promise<void> {
    cycle ??= (async () => {
      scrapeErrors.set(0);
      await guarded('feeds', async () => {
        const now = clock.now();
        const feeds = await gauges.dueFeeds(now);
        due.set(feeds.due);
        oldest.set(
          feeds.oldestDueAt === null
            ? 0
            : Math.max(0, (now.getTime() - feeds.oldestDueAt.getTime()) / 1000),
        );
      });
      await guarded('reclassification', async () => {
        const job = await gauges.reclassification();
        reclassTotal.set(job.total);
        reclassProcessed.set(job.processed);
        reclassChanged.set(job.changed);
        reclassRunning.set(job.status === 'queued' || job.status === 'running' ? 1 : 0);
      });
    })().finally(() => {
      cycle = null;
    });
    return cycle;
  }
}
