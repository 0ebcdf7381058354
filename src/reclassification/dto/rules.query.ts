import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { JOB_STATUSES, type JobStatus } from '../reclassification-jobs.repository';

export class RulesVersionQuery {
  @ApiPropertyOptional({ description: 'a stored version; the active ruleset when absent' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  version?: string;
}

export class ListJobsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES, { message: `status must be one of: ${JOB_STATUSES.join(', ')}` })
  status?: JobStatus;
}
