import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ClassifyDto {
  @ApiProperty({
    example: '我要投诉，小区门口每天晚上都有人飙车炸街，派出所也不管',
    minLength: 1,
    maxLength: 10_000,
  })
  @IsString()
  @Length(1, 10_000)
  text!: string;
}
