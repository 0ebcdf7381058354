import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  ValidateIf,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { ShowsText } from '../../common/plain-label';
import { FOLLOW_UP_TYPES, type FollowUpType } from '../case-state-machine';

/**
 * A field that only one follow-up type takes: required with it, refused with
 * any other. (The property's ValidateIf runs the validators when the field
 * is present or the type needs it.)
 */
function OnlyWithType(type: FollowUpType, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'onlyWithType',
      validator: {
        validate: (value: unknown, args) =>
          (args?.object as { type?: unknown }).type === type
            ? value !== undefined && value !== null
            : value === undefined,
        defaultMessage: (args) => {
          const field = args?.property ?? 'field';
          return (args?.object as { type?: unknown }).type === type
            ? `${field} is required when type is ${type}`
            : `${field} is only allowed when type is ${type}`;
        },
      },
    },
    options,
  );
}

export class CreateFollowUpDto {
  @ApiProperty({ enum: FOLLOW_UP_TYPES })
  @IsIn(FOLLOW_UP_TYPES, { message: `type must be one of: ${FOLLOW_UP_TYPES.join(', ')}` })
  type!: FollowUpType;

  @ApiProperty({ example: '已电话联系市民，辖区派出所今晚设卡查处', maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  @ShowsText()
  text!: string;

  @ApiPropertyOptional({ example: 'https://example.gov.cn/notice/123' })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'evidenceUrl must be an http(s) URL' },
  )
  @Length(1, 2000)
  evidenceUrl?: string;

  @ApiPropertyOptional({
    description: 'required with type referred: the unit or leader now handling it',
  })
  @OnlyWithType('referred')
  @ValidateIf((dto: CreateFollowUpDto) => dto.referredTo !== undefined || dto.type === 'referred')
  @IsString()
  @Length(1, 200)
  referredTo?: string;

  @ApiPropertyOptional({
    description: 'required with type duplicate: the id of the case of the same leader it repeats',
  })
  @OnlyWithType('duplicate')
  @ValidateIf((dto: CreateFollowUpDto) => dto.duplicateOf !== undefined || dto.type === 'duplicate')
  @IsUUID('all', { message: 'duplicateOf must be a UUID' })
  duplicateOf?: string;
}
