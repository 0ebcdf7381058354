import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../common/clock';
import { type HostProbe, OpsMetrics, type PollOutcomeLabel } from '../common/ops-metrics';

/** One registry per application, so several apps in one process (tests) never share series. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The hooks of OpsMetrics as Prometheus series on one registry. */
export class PrometheusOpsMetrics extends OpsMetrics {
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly polls: Counter<'outcome'>;
  private readonly weiboRequests: Counter<'status'>;
  private readonly classification: Histogram;
  private readonly auditOk: Gauge;
  private readonly auditChecked: Gauge;
  private readonly auditAt: Gauge;
  private readonly hostProbes: (() => HostProbe[])[] = [];

  constructor(
    registry: Registry,
    private readonly clock: Clock,
  ) {
    super();
    const registers = [registry];
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.polls = new Counter({
      name: 'minsheng_polls_total',
      help: 'Feed polls by outcome (succeeded, failed, lease_lost, crashed)',
      labelNames: ['outcome'],
      registers,
    });
    this.weiboRequests = new Counter({
      name: 'minsheng_weibo_requests_total',
      help: 'HTTP exchanges with Weibo by status code (timeout, network when none came)',
      labelNames: ['status'],
      registers,
    });
    this.classification = new Histogram({
      name: 'minsheng_classification_duration_seconds',
      help: 'Time to classify one message',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers,
    });
    this.auditOk = new Gauge({
      name: 'minsheng_audit_verify_ok',
      help: 'Last audit chain verification: 1 intact, 0 broken, -1 none since start',
      registers,
    });
    this.auditOk.set(-1);
    this.auditChecked = new Gauge({
      name: 'minsheng_audit_verify_checked_events',
      help: 'Events checked by the last audit chain verification',
      registers,
    });
    this.auditAt = new Gauge({
      name: 'minsheng_audit_verify_timestamp_seconds',
      help: 'When the last audit chain verification ran (0: none since start)',
      registers,
    });
    this.registerHostGauges(registers);
  }

  pollFinished(outcome: PollOutcomeLabel): void {
    this.polls.inc({ outcome });
  }

  weiboResponse(status: string): void {
    this.weiboRequests.inc({ status });
  }

  classified(seconds: number): void {
    this.classification.observe(seconds);
  }

  auditVerified(ok: boolean, checked: number): void {
    this.auditOk.set(ok ? 1 : 0);
    this.auditChecked.set(checked);
    this.auditAt.set(this.clock.now().getTime() / 1000);
  }

  watchHosts(probe: () => HostProbe[]): void {
    this.hostProbes.push(probe);
  }

  private hosts(): HostProbe[] {
    return this.hostProbes.flatMap((probe) => probe());
  }

  private registerHostGauges(registers: Registry[]): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    new Gauge({
      name: 'minsheng_weibo_host_paused',
      help: 'A Weibo host is paused after a rate limit (1) or not (0)',
      labelNames: ['host'],
      registers,
      collect() {
        this.reset();
        for (const host of self.hosts()) {
          this.set({ host: host.host }, host.pausedUntil ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'minsheng_weibo_host_pause_remaining_seconds',
      help: 'Seconds until a paused Weibo host may be asked again',
      labelNames: ['host'],
      registers,
      collect() {
        this.reset();
        const now = Date.now();
        for (const host of self.hosts()) {
          const left = host.pausedUntil ? (host.pausedUntil.getTime() - now) / 1000 : 0;
          this.set({ host: host.host }, Math.max(0, left));
        }
      },
    });
    new Gauge({
      name: 'minsheng_weibo_host_consecutive_rate_limits',
      help: 'Rate limits in a row from a Weibo host (the back-off step)',
      labelNames: ['host'],
      registers,
      collect() {
        this.reset();
        for (const host of self.hosts()) {
          this.set({ host: host.host }, host.consecutiveRateLimits);
        }
      },
    });
    new Gauge({
      name: 'minsheng_weibo_host_pending_requests',
      help: 'Requests waiting for their turn on a Weibo host, plus the one running',
      labelNames: ['host'],
      registers,
      collect() {
        this.reset();
        for (const host of self.hosts()) {
          this.set({ host: host.host }, host.pending);
        }
      },
    });
  }
}
