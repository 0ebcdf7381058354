import { InitialSchema1764460800000 } from './1764460800000-initial-schema';
import { MetricsIndexes1764547200000 } from './1764547200000-metrics-indexes';
import { FollowUpIdempotency1764633600000 } from './1764633600000-follow-up-idempotency';
import { ReclassificationJobs1764723600000 } from './1764723600000-reclassification-jobs';
import { Sessions1765000000000 } from './1765000000000-sessions';
import { WithdrawnContent1765100000000 } from './1765100000000-withdrawn-content';
import { CaseClusters1765100000001 } from './1765100000001-case-clusters';
import { AppealsAndPublication1765200000000 } from './1765200000000-appeals-and-publication';
import { BacklogOrderIndex1765300000000 } from './1765300000000-backlog-order-index';
import { RawSource1765400000000 } from './1765400000000-raw-source';
import { TextSignals1765500000000 } from './1765500000000-text-signals';
import { LeaderCaseCounts1765600000000 } from './1765600000000-leader-case-counts';
import { IdempotentRequests1765700000000 } from './1765700000000-idempotent-requests';
import { IdempotencyPerKey1765800000000 } from './1765800000000-idempotency-per-key';

/** Every migration, in order. Committed migrations are never rewritten. */
export const MIGRATIONS = [
  InitialSchema1764460800000,
  MetricsIndexes1764547200000,
  FollowUpIdempotency1764633600000,
  ReclassificationJobs1764723600000,
  Sessions1765000000000,
  WithdrawnContent1765100000000,
  CaseClusters1765100000001,
  AppealsAndPublication1765200000000,
  BacklogOrderIndex1765300000000,
  RawSource1765400000000,
  TextSignals1765500000000,
  LeaderCaseCounts1765600000000,
  IdempotentRequests1765700000000,
  IdempotencyPerKey1765800000000,
];
