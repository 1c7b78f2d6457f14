import { Controller, Get, Header, UseFilters, UseGuards } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HttpExceptionFilter } from '../http/http-exception.filter.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';

/**
 * Prometheus scrape endpoint: the app's registry (Janus metrics and Node process metrics). With `METRICS_TOKEN`
 * set, scrapers send it as a Bearer token (401 `{ code: 'UNAUTHORIZED' }` otherwise).
 */
@Controller('metrics')
@UseGuards(MetricsTokenGuard)
@UseFilters(HttpExceptionFilter)
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
