/**
 * The time a case has left on the clock that matters now, in the clock's own
 * time (SPEC 4 and 8): working time on the PRC calendar for a working-day
 * deadline, wall-clock time for an hours deadline (help about safety).
 *
 * The clock that matters: the acknowledge deadline until the case has a
 * first response, then the resolve deadline; none once it is resolved or
 * closed. Negative when the deadline has passed (the time overdue).
 */
import type { CaseStatus } from './case-state-machine';
import type { Category, Kind } from './case-types';
import { type SlaDuration, workingTimeBetween } from './sla-clock';
import { DEFAULT_SLA_POLICIES, selectPolicy, type SlaPolicy } from './sla-policy';
import type { WorkingCalendar } from './working-calendar';

export interface TimeLeft {
  deadline: 'acknowledge' | 'resolve';
  at: Date;
  /** working_time: only working days count; wall_clock: every hour counts. */
  unit: 'working_time' | 'wall_clock';
  /** Milliseconds of that time until the deadline; negative when overdue. */
  ms: number;
}

export interface ClockedCase {
  status: CaseStatus;
  kind: Kind;
  category: Category;
  firstResponseAt: Date | null;
  acknowledgeDeadline: Date;
  resolveDeadline: Date;
}

export function timeLeft(
  record: ClockedCase,
  now: Date,
  calendar: WorkingCalendar,
  policies: readonly SlaPolicy[] = DEFAULT_SLA_POLICIES,
): TimeLeft | null {
  if (record.status === 'resolved' || record.status === 'closed') {
    return null;
  }
  const policy = selectPolicy(policies, record.kind, record.category);
  const [deadline, at, duration]: [TimeLeft['deadline'], Date, SlaDuration] =
    record.firstResponseAt === null
      ? ['acknowledge', record.acknowledgeDeadline, policy.acknowledge]
      : ['resolve', record.resolveDeadline, policy.resolve];
  return duration.unit === 'hours'
    ? { deadline, at, unit: 'wall_clock', ms: at.getTime() - now.getTime() }
    : { deadline, at, unit: 'working_time', ms: workingTimeBetween(now, at, calendar) };
}
