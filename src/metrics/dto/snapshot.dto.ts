import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

import { IsIsoInstant } from '../../common/iso-instant';
import { IsPlainLabel } from '../../common/plain-label';
import { IsRegionCode, REGION_CODE } from '../../leaders/region-code';

export class CreateSnapshotDto {
  @ApiProperty({
    example: '2025-01-01T00:00:00+08:00',
    description: 'appraisal period start (inclusive)',
  })
  @IsString()
  @IsIsoInstant()
  from!: string;

  @ApiProperty({
    example: '2025-04-01T00:00:00+08:00',
    description: 'appraisal period end (exclusive)',
  })
  @IsString()
  @IsIsoInstant()
  to!: string;

  @ApiPropertyOptional({ description: 'evaluation instant; default: now' })
  @IsOptional()
  @IsIsoInstant()
  asOf?: string;

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

  @ApiPropertyOptional({ example: '2025年第一季度考评' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @IsPlainLabel()
  name?: string;
}

export class SnapshotFormatQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}
