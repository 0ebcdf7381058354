import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import {
  APPEAL_STATUSES,
  type AppealStatus,
  CORRECTION_ACTIONS,
  type CorrectionAction,
  DECISIONS,
  type Decision,
} from '../appeal-rules';

export class FileAppealDto {
  @ApiProperty({ format: 'uuid', description: 'the leader whose figures are appealed' })
  @IsUUID('all', { message: 'leaderId must be a UUID' })
  leaderId!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: 200,
    description: "the leader's cases in the snapshot's window that were miscounted",
  })
  @IsArray({ message: 'caseIds must be an array of case ids' })
  @ArrayMinSize(1, { message: 'caseIds must name at least one case' })
  @ArrayMaxSize(200, { message: 'caseIds must name at most 200 cases' })
  @ArrayUnique({ message: 'caseIds must not repeat a case' })
  @IsUUID('all', { each: true, message: 'caseIds must be UUIDs' })
  caseIds!: string[];

  @ApiProperty({ example: '该留言为广告，被误计为投诉', minLength: 1, maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class CorrectionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId!: string;

  @ApiProperty({ enum: CORRECTION_ACTIONS })
  @IsIn(CORRECTION_ACTIONS, { message: 'action must be exclude or reassign' })
  action!: CorrectionAction;

  @ApiPropertyOptional({ format: 'uuid', description: 'reassign only: the leader it belongs to' })
  @IsOptional()
  @IsUUID('all', { message: 'toLeaderId must be a UUID' })
  toLeaderId?: string;
}

export class DecideAppealDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS, { message: 'decision must be accepted or rejected' })
  decision!: Decision;

  @ApiProperty({ example: '经核查属实，该留言为广告', minLength: 1, maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiPropertyOptional({ type: [CorrectionDto], maxItems: 200, default: [] })
  @IsOptional()
  @IsArray({ message: 'corrections must be an array' })
  @ArrayMaxSize(200, { message: 'corrections must have at most 200 entries' })
  @ValidateNested({ each: true })
  @Type(() => CorrectionDto)
  corrections?: CorrectionDto[];
}

export class ListAppealsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: APPEAL_STATUSES })
  @IsOptional()
  @IsIn(APPEAL_STATUSES, { message: 'status must be pending, accepted or rejected' })
  status?: AppealStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'leaderId must be a UUID' })
  leaderId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'snapshotId must be a UUID' })
  snapshotId?: string;
}
