import { Body, Controller, Get, Param, ParseIntPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Caller, Roles } from '../auth/auth.decorators';
import { actorOf, type Principal } from '../auth/principal';
import { InvalidInput } from '../common/domain-error';
import { PageQuery } from '../common/pagination';
import { CalendarService } from './calendar.service';

const yearParam = new ParseIntPipe({
  exceptionFactory: () => new InvalidInput('year', 'must be an integer year'),
});

@ApiTags('calendars')
@ApiBearerAuth()
@Controller('api/v1/calendars')
export class CalendarController {
  constructor(private readonly calendars: CalendarService) {}

  @Get()
  list(@Query() query: PageQuery) {
    return this.calendars.page(query);
  }

  @Put(':year')
  @Roles('admin')
  @ApiBody({
    description:
      'the State Council notice of one year: {year, source, holidays: [{date, name}], workdays: [{date, name}]}; checked field by field (validateCalendarYear)',
  })
  putYear(
    @Caller() caller: Principal,
    @Param('year', yearParam) year: number,
    @Body() body: unknown,
  ) {
    return this.calendars.putYearAt(year, body, actorOf(caller));
  }
}
