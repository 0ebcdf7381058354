import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsIsoInstant } from '../../common/iso-instant';

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
  @IsIsoInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2025-04-01T00:00:00+08:00', description: 'occurred before' })
  @IsOptional()
  @IsIsoInstant()
  to?: string;
}
