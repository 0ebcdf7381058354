import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { CASE_STATUSES, type CaseStatus } from '../case-state-machine';
import { CATEGORIES, type Category, KINDS, type Kind } from '../case-types';

const oneOf = (field: string, values: readonly unknown[]) => ({
  message: `${field} must be one of: ${values.join(', ')}`,
});

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES, oneOf('status', CASE_STATUSES))
  status?: CaseStatus;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'unanswered and past the acknowledge deadline (true), or not (false)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsIn([true, false], { message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES, oneOf('category', CATEGORIES))
  category?: Category;

  @ApiPropertyOptional({ enum: KINDS })
  @IsOptional()
  @IsIn(KINDS, oneOf('kind', KINDS))
  kind?: Kind;
}
