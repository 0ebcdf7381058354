import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CreateSessionDto {
  @ApiProperty({ description: 'an API key; traded for a session cookie', example: 'msk_…' })
  @IsString()
  @Length(1, 512)
  key!: string;
}
