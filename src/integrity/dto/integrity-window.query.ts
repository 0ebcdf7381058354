import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsIsoInstant } from '../../common/iso-instant';

export class IntegrityWindowQuery {
  @ApiPropertyOptional({
    example: '2025-03-01T00:00:00+08:00',
    description: 'window start (inclusive), on the case opening time; default: to − 30 days',
  })
  @IsOptional()
  @IsIsoInstant()
  from?: string;

  @ApiPropertyOptional({
    example: '2025-04-01T00:00:00+08:00',
    description: 'window end (exclusive); default: now',
  })
  @IsOptional()
  @IsIsoInstant()
  to?: string;
}
