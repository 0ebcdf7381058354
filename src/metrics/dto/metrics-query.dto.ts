import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsIsoInstant } from '../../common/iso-instant';
import { PageQuery } from '../../common/pagination';
import { IsRegionCode, REGION_CODE } from '../../leaders/region-code';

const INSTANT_EXAMPLE = '2025-03-01T00:00:00+08:00';

export class MetricsWindowQuery {
  @ApiPropertyOptional({
    example: INSTANT_EXAMPLE,
    description: 'window start (inclusive), on the case opening time; default: to − 30 days',
  })
  @IsOptional()
  @IsIsoInstant()
  from?: string;

  @ApiPropertyOptional({
    example: '2025-04-01T00:00:00+08:00',
    description: 'window end (exclusive); default: asOf',
  })
  @IsOptional()
  @IsIsoInstant()
  to?: string;

  @ApiPropertyOptional({ description: 'evaluation instant; default: now' })
  @IsOptional()
  @IsIsoInstant()
  asOf?: string;
}

export class RankingFilterQuery extends MetricsWindowQuery {
  @ApiPropertyOptional({ example: '430100', pattern: REGION_CODE.source })
  @IsOptional()
  @IsString()
  @IsRegionCode()
  regionCode?: string;

  @ApiPropertyOptional({ example: 'A市公安局' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  unit?: string;
}

export class RankingQuery extends IntersectionType(PageQuery, RankingFilterQuery) {}
