import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { MetricsEndpointService } from './metrics-endpoint.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsEndpointController {
  constructor(private readonly metrics: MetricsEndpointService) {}

  /** Prometheus text format; 401 without the bearer METRICS_TOKEN when one is configured. */
  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', type: String })
  scrape(@Headers('authorization') authorization?: string) {
    return this.metrics.scrape(authorization);
  }
}
