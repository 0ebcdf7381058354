import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID, ValidateBy, type ValidationOptions } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { parseInstant } from '../iso-instant';

function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => parseInstant(value) !== null,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be an ISO 8601 instant with an offset, e.g. 2025-03-01T00:00:00+08:00`,
      },
    },
    options,
  );
}

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'leaderId must be a UUID' })
  leaderId?: string;

  @ApiPropertyOptional({
    example: '2025-03-01T00:00:00+08:00',
    description: 'occurred at or after',
  })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2025-04-01T00:00:00+08:00', description: 'occurred before' })
  @IsOptional()
  @IsInstant()
  to?: string;
}
