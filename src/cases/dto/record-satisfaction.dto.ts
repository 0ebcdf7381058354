import { ApiProperty } from '@nestjs/swagger';
import { IsIn, ValidateBy } from 'class-validator';
import { parseSatisfactionLevel } from '../satisfaction';
import { SURVEY_CHANNELS, type SurveyChannel } from '../case-record';

export class RecordSatisfactionDto {
  @ApiProperty({
    enum: ['满意', '较满意', '一般', '不满意'],
    description: 'traditional 滿意 / 較滿意 / 不滿意 are accepted and stored simplified',
  })
  @ValidateBy({
    name: 'isSatisfactionLevel',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && parseSatisfactionLevel(value) !== null,
      defaultMessage: () => 'level must be one of: 满意, 较满意, 一般, 不满意',
    },
  })
  level!: string;

  @ApiProperty({ enum: SURVEY_CHANNELS })
  @IsIn(SURVEY_CHANNELS, { message: `channel must be one of: ${SURVEY_CHANNELS.join(', ')}` })
  channel!: SurveyChannel;
}
