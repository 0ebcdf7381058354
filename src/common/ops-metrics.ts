/**
 * What the service tells its operator while it works: the domain and its
 * adapters call these few hooks and know nothing of how they are exported
 * (the observability module turns them into Prometheus series). The no-op
 * default keeps modules and specs that run without it working unchanged.
 */
export type PollOutcomeLabel = 'succeeded' | 'failed' | 'lease_lost' | 'crashed';

/** A Weibo host's politeness state as the operator sees it. */
export interface HostProbe {
  host: string;
  pausedUntil: Date | null;
  consecutiveRateLimits: number;
  pending: number;
}

export abstract class OpsMetrics {
  /** One feed poll finished this way. */
  abstract pollFinished(outcome: PollOutcomeLabel): void;
  /** One HTTP exchange with Weibo: the status code, or `timeout` / `network` when none came. */
  abstract weiboResponse(status: string): void;
  /** One message classified, in seconds. */
  abstract classified(seconds: number): void;
  /** The result of the last audit chain verification. */
  abstract auditVerified(ok: boolean, checked: number): void;
  /** Read at each scrape: the state of the Weibo hosts a client talks to. */
  abstract watchHosts(probe: () => HostProbe[]): void;
}

export class NoOpsMetrics extends OpsMetrics {
  pollFinished(): void {}
  weiboResponse(): void {}
  classified(): void {}
  auditVerified(): void {}
  watchHosts(): void {}
}

export const NO_OPS_METRICS: OpsMetrics = new NoOpsMetrics();
