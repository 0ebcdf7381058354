import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IsPlainLabel } from '../../common/plain-label';
import { IsRegionCode, REGION_CODE } from '../region-code';

export class CreateLeaderDto {
  @ApiProperty({ example: '王建国' })
  @IsString()
  @Length(1, 100)
  @IsPlainLabel()
  name!: string;

  @ApiProperty({ example: '公安局局长' })
  @IsString()
  @Length(0, 200)
  @IsPlainLabel(true)
  title!: string;

  @ApiProperty({ example: 'A市公安局' })
  @IsString()
  @Length(0, 200)
  @IsPlainLabel(true)
  unit!: string;

  @ApiProperty({
    example: '430100',
    pattern: REGION_CODE.source,
    description: 'the 6-digit administrative division code of GB/T 2260 (430100: 长沙市)',
  })
  @IsString()
  @IsRegionCode()
  regionCode!: string;

  @ApiProperty({ example: '2803301701', description: 'the numeric Weibo user id' })
  @IsString()
  @Matches(/^[1-9][0-9]{0,19}$/, {
    message: 'weiboUid must be a numeric Weibo user id (digits only)',
  })
  weiboUid!: string;
}

/** Every field may be left out; none may be null (the columns are NOT NULL): null is a 400. */
export class UpdateLeaderDto extends PartialType(CreateLeaderDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'reactivate a deactivated leader' })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsBoolean()
  active?: boolean;
}

export class ListLeadersQuery extends PageQuery {
  @ApiPropertyOptional({ example: '430100', pattern: REGION_CODE.source })
  @IsOptional()
  @IsString()
  @IsRegionCode()
  regionCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  unit?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsIn([true, false], { message: 'active must be true or false' })
  active?: boolean;
}
