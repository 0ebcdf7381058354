import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { InvalidInput } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import { type Page, pageOf, type PageRequest } from '../common/pagination';
import { Database } from '../database/database';
import { CalendarRepository } from './calendar.repository';
import {
  calendarYearChange,
  type CalendarYear,
  loadShippedCalendars,
  mergeCalendarYears,
  validateCalendarYear,
  WorkingCalendar,
} from './working-calendar';
import { Clock } from '../common/clock';

/** How soon an instance picks up a calendar year that another instance stored. */
export const CALENDAR_REFRESH_MS = 15_000;

export const CALENDAR_UPDATED_ACTION = 'calendar.updated';

/**
 * The PRC working calendar: the shipped notices, overridden or extended by
 * years an admin stored. `current` is read on every case opening, so it stays
 * in memory; `refresh` picks up years stored through another instance (on a
 * timer), reading them only when their fingerprint changed.
 */
@Injectable()
export class CalendarService implements OnApplicationBootstrap, OnApplicationShutdown {
  private calendar = new WorkingCalendar(loadShippedCalendars());
  /** The stored years' fingerprint that `calendar` was built from. */
  private loadedVersion: string | null = null;
  /** Loads in the order they began: one that began earlier never replaces a later one's result. */
  private loadsStarted = 0;
  private loadApplied = 0;
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly years: CalendarRepository,
    private readonly audit: AuditService,
    private readonly db: Database,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.refreshTimer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.logger.warn(
          { event: 'calendar.refresh_failed', err: error },
          'calendar refresh failed',
        ),
      );
    }, CALENDAR_REFRESH_MS);
    this.refreshTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.refreshTimer) {
      clearInterval(this.refreshTimer);
      this.refreshTimer = null;
    }
  }

  get current(): WorkingCalendar {
    return this.calendar;
  }

  /** Reads the stored years again if they changed since this instance last read them. */
  async refresh(): Promise<WorkingCalendar> {
    const version = await this.years.version();
    if (version === this.loadedVersion) {
      return this.calendar;
    }
    await this.reload();
    this.logger.info(
      { event: 'calendar.refreshed', years: this.calendar.years() },
      'stored calendar years reloaded',
    );
    return this.calendar;
  }

  async reload(): Promise<WorkingCalendar> {
    const load = ++this.loadsStarted;
    // The fingerprint first: if a year is stored in between, the next refresh sees a change.
    const version = await this.years.version();
    const stored = await this.years.storedYears();
    if (load > this.loadApplied) {
      this.calendar = new WorkingCalendar(mergeCalendarYears(loadShippedCalendars(), stored));
      this.loadedVersion = version;
      this.loadApplied = load;
    }
    return this.calendar;
  }

  /**
   * An admin adds (or corrects) a year from the State Council's notice.
   * Deadlines already set stay as they were. The calendar decides every SLA
   * deadline, so a change is an audit event (before: the year in effect,
   * after: the new one) in the transaction that stores it; a PUT that
   * changes nothing writes nothing.
   */
  async putYear(input: unknown, actor: string): Promise<CalendarYear> {
    const year = validateCalendarYear(input);
    const changed = await this.db.transaction(async (tx) => {
      // Under the chain's lock, two admins storing one year take turns: each event's before is what the other left.
      await this.audit.lockChain(tx);
      const previous =
        (await this.years.findStoredYear(tx, year.year)) ??
        loadShippedCalendars().find((shipped) => shipped.year === year.year) ??
        null;
      const change = calendarYearChange(previous, year);
      if (change === null) {
        return false;
      }
      await this.years.upsert(tx, year, actor, this.clock.now());
      await this.audit.append(tx, {
        actor,
        action: CALENDAR_UPDATED_ACTION,
        caseId: null,
        leaderId: null,
        before: change.before,
        after: change.after,
      });
      return true;
    });
    if (!changed) {
      return year;
    }
    await this.reload();
    this.logger.info(
      { event: 'calendar.year_stored', year: year.year, actor },
      'calendar year stored',
    );
    return year;
  }

  /** PUT /calendars/:year: the year in the path and the body's year must agree. */
  async putYearAt(pathYear: number, input: unknown, actor: string): Promise<CalendarYear> {
    const year = validateCalendarYear(input);
    if (year.year !== pathYear) {
      throw new InvalidInput(
        'year',
        `in the body (${year.year}) must equal the year in the path (${pathYear})`,
      );
    }
    return this.putYear(year, actor);
  }

  page(query: PageRequest): Page<CalendarYear> {
    return pageOf(this.list(), query);
  }

  list(): CalendarYear[] {
    return this.calendar
      .years()
      .map((y) => this.calendar.getYear(y))
      .filter((y): y is CalendarYear => y !== undefined);
  }
}
