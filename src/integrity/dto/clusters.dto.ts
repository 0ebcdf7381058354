import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { ShowsText } from '../../common/plain-label';
import { IntegrityWindowQuery } from './integrity-window.query';

export class ClustersQuery extends IntersectionType(PageQuery, IntegrityWindowQuery) {}

export class CloseDuplicatesDto {
  @ApiPropertyOptional({
    example: '与同一小区噪音投诉合并处理',
    maxLength: 5000,
    description: 'the follow-up text on each case closed; default: names the first case',
  })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  @ShowsText()
  text?: string;
}
