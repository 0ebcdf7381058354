import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InvalidInput } from '../common/domain-error';
import { LOGGER, type Logger } from '../common/logger';
import { offsetOf, type Page } from '../common/pagination';
import { CalendarRepository } from './calendar.repository';
import {
  type CalendarYear,
  loadShippedCalendars,
  mergeCalendarYears,
  validateCalendarYear,
  WorkingCalendar,
} from './working-calendar';

/** The PRC working calendar: the shipped notices, overridden or extended by years an admin stored. */
@Injectable()
export class CalendarService implements OnApplicationBootstrap {
  private calendar = new WorkingCalendar(loadShippedCalendars());

  constructor(
    private readonly years: CalendarRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
  }

  get current(): WorkingCalendar {
    return this.calendar;
  }

  async reload(): Promise<WorkingCalendar> {
    this.calendar = new WorkingCalendar(
      mergeCalendarYears(loadShippedCalendars(), await this.years.storedYears()),
    );
    return this.calendar;
  }

  /** An admin adds (or corrects) a year from the State Council's notice. Deadlines already set stay as they were. */
  async putYear(input: unknown, actor: string): Promise<CalendarYear> {
    const year = validateCalendarYear(input);
    await this.years.upsert(year, actor);
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

  page(query: { page: number; pageSize: number }): Page<CalendarYear> {
    const years = this.list();
    const start = offsetOf(query);
    return {
      items: years.slice(start, start + query.pageSize),
      total: years.length,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  list(): CalendarYear[] {
    return this.calendar
      .years()
      .map((y) => this.calendar.getYear(y))
      .filter((y): y is CalendarYear => y !== undefined);
  }
}
