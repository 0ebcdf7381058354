import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { PageQuery } from '../common/pagination';
import { uuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  create(@Body() body: CreateApiKeyDto) {
    return this.keys.issue(body);
  }

  @Get()
  list(@Query() query: PageQuery) {
    return this.keys.list(query);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@Param('id', uuidParam()) id: string) {
    return this.keys.revoke(id);
  }
}
