import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { ReportFormat } from './public-reports.service';

const FORMATS: readonly ReportFormat[] = ['html', 'json', 'csv'];

export class ReportFormatQuery {
  @ApiPropertyOptional({ enum: FORMATS, default: 'html' })
  @IsOptional()
  @IsIn(FORMATS, { message: 'format must be html, json or csv' })
  format?: ReportFormat;
}
